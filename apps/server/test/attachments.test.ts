import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachments, withTenant, type Tenant } from '@guichet/db';
import { anonymiseExpired, sweepUnattachedUploads } from '@guichet/requests';
import { agentSession, citizenSession, communeBySlug, type HttpClient, httpClient, insertTestProcedure, readJson, samplePdf, samplePng, type SignedInClient, startServer, testProcedureDefinition, type TestServer, withCookie, seenBy } from '@guichet/testing';
import { eventually, pdfFile, pngFile, upload } from './file-uploads.ts';

let server: TestServer;
let libercourt: Tenant;
let portal: HttpClient;
let citizenCookie = '';
let citizen: SignedInClient;
let agentCookie = '';
let agent: SignedInClient;

/** A procedure with a file field: proof of address as a PDF or a PNG, two files at most. */
const withProof = testProcedureDefinition({
  title: 'Demande avec justificatif',
  form: {
    fields: [
      { kind: 'text', key: 'objet', label: 'Objet', required: true },
      { kind: 'choice', key: 'nature', label: 'Nature', required: true, options: [{ value: 'voirie', label: 'Voirie' }] },
      { kind: 'file', key: 'justificatif', label: 'Justificatif', required: true, accept: ['application/pdf', 'image/png'], maxFiles: 2 },
    ],
  },
  routing: [],
  anonymousAllowed: true,
});

beforeAll(async () => {
  server = await startServer();
  await insertTestProcedure(server.databases.ownerClient, 'libercourt', 'test-justificatif', 'services-techniques', withProof);
  libercourt = await communeBySlug(server.databases.app, 'libercourt');
  portal = httpClient(server, 'libercourt');
  citizenCookie = (await citizenSession(server.databases.app, libercourt, 'camille.pj@example.fr')).cookie;
  citizen = withCookie(portal, citizenCookie);
  agentCookie = (await agentSession(server.databases.app, libercourt, { email: 'tech.pj@libercourt.example.fr', role: 'agent', services: ['services-techniques'] })).cookie;
  agent = withCookie(portal, agentCookie);
});
afterAll(() => server.close());

async function fileWithProof(proof: string[]) {
  const response = await citizen.api.demandes.$post({
    json: { procedure: 'test-justificatif', values: { objet: 'Stationnement résidentiel', nature: 'voirie', justificatif: proof } },
  });
  expect(response.status, JSON.stringify(await response.clone().json())).toBe(201);
  return readJson(response);
}

async function storageKeyOf(attachmentId: string): Promise<string> {
  const [row] = await withTenant(server.databases.app, libercourt.id, (tx) => tx.select().from(attachments).where(eq(attachments.id, attachmentId)));
  return row!.storageKey;
}

describe('attachments of a filing', () => {
  it('uploads a PDF and a PNG, attaches them to a filing, and serves them to the citizen and the agent', async () => {
    const pdf = samplePdf();
    const png = samplePng();
    const pdfUpload = await upload(portal, '/api/pieces-jointes', pdfFile(pdf, 'Facture EDF mars.pdf'), { cookie: citizenCookie });
    expect(pdfUpload.status).toBe(201);
    const uploadedPdf = await readJson(pdfUpload);
    expect(uploadedPdf).toEqual({ id: expect.any(String), filename: 'Facture EDF mars.pdf', mediaType: 'application/pdf', size: pdf.length });
    const uploadedPng = await readJson(await upload(portal, '/api/pieces-jointes', pngFile(png), { cookie: citizenCookie }));
    expect(uploadedPng.mediaType).toBe('image/png');

    const filed = await fileWithProof([uploadedPdf.id, uploadedPng.id]);
    const listed = await readJson(await citizen.api.demandes[':id']['pieces-jointes'].$get({ param: { id: filed.id } }));
    expect(listed.attachments.map((file: { id: string }) => file.id).sort()).toEqual([uploadedPdf.id, uploadedPng.id].sort());

    const param = { id: filed.id, attachmentId: uploadedPdf.id };
    for (const reader of [
      () => citizen.api.demandes[':id']['pieces-jointes'][':attachmentId'].$get({ param }),
      () => agent.api.agent.demandes[':id']['pieces-jointes'][':attachmentId'].$get({ param }),
    ]) {
      const download = await reader();
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toBe('application/pdf');
      expect(download.headers.get('content-disposition')).toBe(`attachment; filename="Facture EDF mars.pdf"; filename*=UTF-8''Facture%20EDF%20mars.pdf`);
      expect(download.headers.get('x-content-type-options')).toBe('nosniff');
      expect(Buffer.from(await download.arrayBuffer()).equals(pdf)).toBe(true);
    }
    const pngDownload = await agent.api.agent.demandes[':id']['pieces-jointes'][':attachmentId'].$get({ param: { id: filed.id, attachmentId: uploadedPng.id } });
    expect(pngDownload.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await pngDownload.arrayBuffer()).equals(png)).toBe(true);
  });

  it("applies the field's own accepted types and size when the upload names its field", async () => {
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(100)]);
    const generic = await upload(portal, '/api/pieces-jointes', { name: 'photo.jpg', type: 'image/jpeg', bytes: jpeg }, { cookie: citizenCookie });
    expect(generic.status).toBe(201);
    const forField = await upload(portal, '/api/pieces-jointes?procedure=test-justificatif&field=justificatif', { name: 'photo.jpg', type: 'image/jpeg', bytes: jpeg }, { cookie: citizenCookie });
    expect(forField.status).toBe(422);
    expect((await readJson(forField)).detail).toContain('PDF, PNG');
    // A JPEG uploaded without naming the field is still refused by the field at filing.
    const refused = await citizen.api.demandes.$post({
      json: { procedure: 'test-justificatif', values: { objet: 'x', nature: 'voirie', justificatif: [(await readJson(generic)).id] } },
    });
    expect(refused.status).toBe(422);
    expect((await readJson(refused)).errors).toEqual([expect.objectContaining({ field: 'justificatif', code: 'invalid_file_reference' })]);
  });

  it('attaches an upload to one request only', async () => {
    const uploaded = await readJson(await upload(portal, '/api/pieces-jointes', pdfFile(samplePdf()), { cookie: citizenCookie }));
    await fileWithProof([uploaded.id]);
    const again = await citizen.api.demandes.$post({ json: { procedure: 'test-justificatif', values: { objet: 'x', nature: 'voirie', justificatif: [uploaded.id] } } });
    expect(again.status).toBe(422);
  });
});

describe('files in a repeatable group', () => {
  it("checks each block's files against the group's file field, naming the block in errors", async () => {
    await insertTestProcedure(server.databases.ownerClient, 'libercourt', 'test-enfants', 'services-techniques', testProcedureDefinition({
      routing: [],
      form: {
        fields: [
          {
            kind: 'group',
            key: 'enfants',
            label: 'Enfants',
            fields: [
              { kind: 'text', key: 'prenom', label: 'Prénom', required: true },
              { kind: 'file', key: 'certificat', label: 'Certificat médical', required: true, accept: ['application/pdf'], maxSizeBytes: 100_000 },
            ],
          },
        ],
      },
    }));
    const forField = '/api/pieces-jointes?procedure=test-enfants&field=enfants/certificat';
    const first = await readJson(await upload(portal, forField, pdfFile(samplePdf()), { cookie: citizenCookie }));
    expect((await upload(portal, forField, pngFile(samplePng()), { cookie: citizenCookie })).status).toBe(422);
    const photo = await readJson(await upload(portal, '/api/pieces-jointes', pngFile(samplePng()), { cookie: citizenCookie }));
    const enfants = (second: string) => [
      { prenom: 'Lina', certificat: [first.id] },
      { prenom: 'Noé', certificat: [second] },
    ];
    const refused = await citizen.api.demandes.$post({ json: { procedure: 'test-enfants', values: { enfants: enfants(photo.id) } } });
    expect(refused.status).toBe(422);
    expect((await readJson(refused)).errors).toEqual([expect.objectContaining({ field: 'enfants/1/certificat' })]);
    const second = await readJson(await upload(portal, forField, pdfFile(samplePdf()), { cookie: citizenCookie }));
    const filed = await citizen.api.demandes.$post({ json: { procedure: 'test-enfants', values: { enfants: enfants(second.id) } } });
    expect(filed.status).toBe(201);
    const listed = await readJson(await citizen.api.demandes[':id']['pieces-jointes'].$get({ param: { id: (await readJson(filed)).id } }));
    expect(listed.attachments).toHaveLength(2);
  });
});

describe('attachments of messages', () => {
  it("carries files both ways: the agent's to the citizen, the citizen's to the agent", async () => {
    const filed = await fileWithProof([(await readJson(await upload(portal, '/api/pieces-jointes', pdfFile(samplePdf()), { cookie: citizenCookie }))).id]);
    const answer = samplePdf('Arrêté de stationnement');
    const agentUpload = await upload(portal, '/api/agent/pieces-jointes', pdfFile(answer, 'arrêté.pdf'), { cookie: agentCookie });
    expect(agentUpload.status).toBe(201);
    const agentFile = await readJson(agentUpload);
    expect((await agent.api.agent.demandes[':id'].messages.$post({ header: await seenBy(agent, filed.id), param: { id: filed.id }, json: { body: 'Voici votre arrêté.', attachmentIds: [agentFile.id] } })).status).toBe(201);
    const received = await citizen.api.demandes[':id']['pieces-jointes'][':attachmentId'].$get({ param: { id: filed.id, attachmentId: agentFile.id } });
    expect(received.status).toBe(200);
    expect(received.headers.get('content-disposition')).toBe(`attachment; filename="arrete.pdf"; filename*=UTF-8''arr%C3%AAt%C3%A9.pdf`);
    expect(Buffer.from(await received.arrayBuffer()).equals(answer)).toBe(true);

    const photo = await readJson(await upload(portal, '/api/pieces-jointes', pngFile(samplePng()), { cookie: citizenCookie }));
    expect((await citizen.api.demandes[':id'].messages.$post({ param: { id: filed.id }, json: { body: 'Et la photo du panneau.', attachmentIds: [photo.id] } })).status).toBe(201);
    expect((await agent.api.agent.demandes[':id']['pieces-jointes'][':attachmentId'].$get({ param: { id: filed.id, attachmentId: photo.id } })).status).toBe(200);
    const detail = await readJson(await citizen.api.demandes[':id'].$get({ param: { id: filed.id } }));
    const messages = detail.history.filter((event: { kind: string }) => event.kind === 'message');
    expect(messages.map((event: { payload: { attachmentIds: string[] } }) => event.payload.attachmentIds)).toEqual([[agentFile.id], [photo.id]]);
  });

  it("refuses a message whose attachment is someone else's upload", async () => {
    const filed = await fileWithProof([(await readJson(await upload(portal, '/api/pieces-jointes', pdfFile(samplePdf()), { cookie: citizenCookie }))).id]);
    const agentFile = await readJson(await upload(portal, '/api/agent/pieces-jointes', pdfFile(samplePdf()), { cookie: agentCookie }));
    const response = await citizen.api.demandes[':id'].messages.$post({
      param: { id: filed.id },
      json: { body: 'Je joins le fichier de la mairie.', attachmentIds: [agentFile.id] },
    });
    expect(response.status).toBe(422);
    expect((await readJson(response)).errors[0].field).toBe('attachmentIds/0');
  });
});

describe('anonymous filing', () => {
  it("binds anonymous uploads to the browser that made them, through its upload cookie", async () => {
    const browser = httpClient(server, 'libercourt');
    const uploaded = await upload(browser, '/api/pieces-jointes?procedure=test-justificatif&field=justificatif', pdfFile(samplePdf()));
    expect(uploaded.status).toBe(201);
    expect(browser.cookie('guichet_depot')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const { id } = await readJson(uploaded);
    const values = { objet: 'Dépôt sauvage', nature: 'voirie', justificatif: [id] };
    const stranger = httpClient(server, 'libercourt');
    await upload(stranger, '/api/pieces-jointes?procedure=test-justificatif', pngFile(samplePng()));
    expect((await stranger.api.demandes.$post({ json: { procedure: 'test-justificatif', values, contact: { email: 'voisin@example.fr' } } })).status).toBe(422);
    const filed = await browser.api.demandes.$post({ json: { procedure: 'test-justificatif', values, contact: { email: 'anonyme@example.fr' } } });
    expect(filed.status).toBe(201);
    expect((await agent.api.agent.demandes[':id']['pieces-jointes'][':attachmentId'].$get({ param: { id: (await readJson(filed)).id, attachmentId: id } })).status).toBe(200);
  });

  it('takes no anonymous upload unless it is for a procedure open to anonymous filing', async () => {
    await insertTestProcedure(server.databases.ownerClient, 'libercourt', 'test-compte-requis', 'services-techniques', testProcedureDefinition({ anonymousAllowed: false, routing: [] }));
    const browser = httpClient(server, 'libercourt');
    expect((await upload(browser, '/api/pieces-jointes', pdfFile(samplePdf()))).status).toBe(401);
    expect((await upload(browser, '/api/pieces-jointes?procedure=test-compte-requis', pdfFile(samplePdf()))).status).toBe(401);
    expect((await upload(browser, '/api/pieces-jointes?procedure=inconnue', pdfFile(samplePdf()))).status).toBe(404);
  });
  it('takes at most 30 anonymous uploads an hour from one address, refusals included, and never counts a signed-in citizen', async () => {
    const crowded = httpClient(server, 'libercourt', { ip: '10.30.30.30' });
    for (let attempt = 0; attempt < 30; attempt += 1) {
      const target = attempt % 2 === 0 ? '?procedure=test-justificatif' : '';
      expect((await upload(crowded, `/api/pieces-jointes${target}`, pdfFile(samplePdf()))).status).toBe(attempt % 2 === 0 ? 201 : 401);
    }
    const refused = await upload(crowded, '/api/pieces-jointes?procedure=test-justificatif', pdfFile(samplePdf()));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(3000);
    expect((await readJson(refused)).type).toMatch(/trop-de-tentatives$/);
    const signedIn = httpClient(server, 'libercourt', { ip: '10.30.30.30' });
    expect((await upload(signedIn, '/api/pieces-jointes', pdfFile(samplePdf()), { cookie: citizenCookie })).status).toBe(201);
  });
});

describe('stored bytes follow their rows', () => {
  it('sweeps uploads left unattached for a day, bytes included, and keeps the attached ones', async () => {
    const left = await readJson(await upload(portal, '/api/pieces-jointes', pdfFile(samplePdf()), { cookie: citizenCookie }));
    const used = await readJson(await upload(portal, '/api/pieces-jointes', pdfFile(samplePdf()), { cookie: citizenCookie }));
    await fileWithProof([used.id]);
    const [leftKey, usedKey] = [await storageKeyOf(left.id), await storageKeyOf(used.id)];
    // Aged rather than swept in the future, so that other suites' fresh uploads are left alone.
    await withTenant(server.databases.app, libercourt.id, (tx) =>
      tx.update(attachments).set({ createdAt: new Date(Date.now() - 25 * 3600_000) }).where(inArray(attachments.id, [left.id, used.id])),
    );
    const swept = await withTenant(server.databases.app, libercourt.id, (tx) => sweepUnattachedUploads({ tx, jobs: server.dependencies.jobs }));
    expect(swept).toBe(1);
    expect(await eventually(async () => !(await server.dependencies.storage.exists(leftKey)))).toBe(true);
    expect(await server.dependencies.storage.exists(usedKey)).toBe(true);
  });

  it("deletes an anonymised request's files, bytes included", async () => {
    // In Oignies, where no other suite closes requests: anonymising far in the future touches only this one.
    await insertTestProcedure(server.databases.ownerClient, 'oignies', 'test-justificatif', 'services-techniques', withProof);
    const oignies = await communeBySlug(server.databases.app, 'oignies');
    const oigniesPortal = httpClient(server, 'oignies');
    const resident = (await citizenSession(server.databases.app, oignies, 'dominique.pj@example.fr')).cookie;
    const technician = withCookie(oigniesPortal, (await agentSession(server.databases.app, oignies, { email: 'tech.pj@oignies.example.fr', role: 'agent', services: ['services-techniques'] })).cookie);
    const uploaded = await readJson(await upload(oigniesPortal, '/api/pieces-jointes', pdfFile(samplePdf()), { cookie: resident }));
    const filed = await readJson(
      await withCookie(oigniesPortal, resident).api.demandes.$post({
        json: { procedure: 'test-justificatif', values: { objet: 'Carte de stationnement', nature: 'voirie', justificatif: [uploaded.id] } },
      }),
    );
    for (const status of ['acknowledged', 'in_progress', 'done'] as const) {
      expect((await technician.api.agent.demandes[':id'].statut.$post({ header: await seenBy(technician, filed.id), param: { id: filed.id }, json: { status } })).status).toBe(200);
    }
    const [row] = await withTenant(server.databases.app, oignies.id, (tx) => tx.select().from(attachments).where(eq(attachments.id, uploaded.id)));
    expect(await server.dependencies.storage.exists(row!.storageKey)).toBe(true);
    const beyondRetention = new Date(Date.now() + 800 * 24 * 3600_000);
    const anonymised = await withTenant(server.databases.app, oignies.id, (tx) => anonymiseExpired({ tx, jobs: server.dependencies.jobs, tenantId: oignies.id, now: beyondRetention }));
    expect(anonymised).toContain(filed.id);
    expect(await eventually(async () => !(await server.dependencies.storage.exists(row!.storageKey)))).toBe(true);
    expect((await technician.api.agent.demandes[':id']['pieces-jointes'][':attachmentId'].$get({ param: { id: filed.id, attachmentId: uploaded.id } })).status).toBe(404);
  });
});
