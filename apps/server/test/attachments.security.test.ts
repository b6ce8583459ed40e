import { readdir } from 'node:fs/promises';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachments, withTenant, type Tenant } from '@guichet/db';
import { agentSession, citizenSession, communeBySlug, type HttpClient, httpClient, insertTestProcedure, readJson, samplePdf, samplePng, type SignedInClient, startServer, testProcedureDefinition, type TestServer, withCookie } from '@guichet/testing';
import { pdfFile, upload } from './file-uploads.ts';

let server: TestServer;
let libercourt: Tenant;
let portal: HttpClient;
let ownerCookie = '';
let owner: SignedInClient;
let ownerAccountId = '';
let otherCitizen: SignedInClient;
let socialWorker: SignedInClient;
let technician: SignedInClient;
let carvinAgent: SignedInClient;
let carvinCitizen: SignedInClient;

const proofField = (accept: string[], maxSizeBytes?: number) => ({
  kind: 'file',
  key: 'justificatif',
  label: 'Justificatif',
  required: true,
  accept,
  ...(maxSizeBytes ? { maxSizeBytes } : {}),
});

beforeAll(async () => {
  server = await startServer();
  const ownerDb = server.databases.ownerClient;
  await insertTestProcedure(ownerDb, 'libercourt', 'test-aide-pj', 'ccas', testProcedureDefinition({
    title: 'Aide sociale avec pièce',
    restricted: true,
    routing: [],
    anonymousAllowed: false,
    form: { fields: [{ kind: 'text', key: 'objet', label: 'Objet', required: true }, proofField(['application/pdf'])] },
  }));
  await insertTestProcedure(ownerDb, 'libercourt', 'test-petit-fichier', 'services-techniques', testProcedureDefinition({
    routing: [],
    form: { fields: [proofField(['application/pdf'], 64 * 1024)] },
  }));
  await insertTestProcedure(ownerDb, 'carvin', 'test-petit-fichier', 'services-techniques', testProcedureDefinition({
    routing: [],
    form: { fields: [proofField(['application/pdf'])] },
  }));
  libercourt = await communeBySlug(server.databases.app, 'libercourt');
  const carvin = await communeBySlug(server.databases.app, 'carvin');
  portal = httpClient(server, 'libercourt');
  const session = await citizenSession(server.databases.app, libercourt, 'a.pj-security@example.fr');
  ownerCookie = session.cookie;
  ownerAccountId = session.accountId;
  owner = withCookie(portal, ownerCookie);
  otherCitizen = withCookie(portal, (await citizenSession(server.databases.app, libercourt, 'b.pj-security@example.fr')).cookie);
  socialWorker = withCookie(portal, (await agentSession(server.databases.app, libercourt, { email: 'ccas.pj-security@libercourt.example.fr', role: 'agent', services: ['ccas'] })).cookie);
  technician = withCookie(portal, (await agentSession(server.databases.app, libercourt, { email: 'tech.pj-security@libercourt.example.fr', role: 'agent', services: ['services-techniques'] })).cookie);
  const carvinPortal = httpClient(server, 'carvin');
  carvinAgent = withCookie(carvinPortal, (await agentSession(server.databases.app, carvin, { email: 'admin.pj-security@carvin.example.fr', role: 'commune_admin', services: ['services-techniques'] })).cookie);
  carvinCitizen = withCookie(carvinPortal, (await citizenSession(server.databases.app, carvin, 'c.pj-security@example.fr')).cookie);
});
afterAll(() => server.close());

/** Every stored file, so that a refusal can be shown to have stored nothing. */
async function storedFiles(): Promise<string[]> {
  const entries = await readdir(server.storageDir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => `${entry.parentPath}/${entry.name}`);
}

async function ownerUploadCount(): Promise<number> {
  const rows = await withTenant(server.databases.app, libercourt.id, (tx) => tx.select().from(attachments).where(eq(attachments.uploadedById, ownerAccountId)));
  return rows.length;
}

/** Refused uploads leave no file and no row behind. */
async function expectRefusedWithoutTrace(send: () => Promise<Response>, status: number) {
  const [filesBefore, rowsBefore] = [await storedFiles(), await ownerUploadCount()];
  const response = await send();
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(await storedFiles()).toEqual(filesBefore);
  expect(await ownerUploadCount()).toBe(rowsBefore);
  return readJson(response);
}

describe('the type of a file is read from its bytes', () => {
  it('refuses a file whose bytes are an executable, whatever its name says', async () => {
    const windows = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(58), Buffer.from([0x80, 0, 0, 0]), Buffer.alloc(64), Buffer.from('PE\0\0'), Buffer.alloc(200)]);
    const linux = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.alloc(200)]);
    for (const bytes of [windows, linux]) {
      const problem = await expectRefusedWithoutTrace(() => upload(portal, '/api/pieces-jointes', pdfFile(bytes, 'facture.pdf'), { cookie: ownerCookie }), 422);
      expect(problem.title).toBe("Ce format de fichier n'est pas accepté.");
      expect(problem.detail).toContain('pas dans son nom');
    }
  });

  it('refuses HTML or SVG sent as a PDF', async () => {
    for (const text of ['<!DOCTYPE html><html><body><script>fetch("/api/compte")</script></body></html>', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>']) {
      await expectRefusedWithoutTrace(() => upload(portal, '/api/pieces-jointes', pdfFile(Buffer.from(text), 'attestation.pdf'), { cookie: ownerCookie }), 422);
    }
  });

  it('refuses an accepted format whose name or declared type claims another one', async () => {
    const misnamed = await expectRefusedWithoutTrace(
      () => upload(portal, '/api/pieces-jointes', { name: 'releve.pdf', type: 'application/octet-stream', bytes: samplePng() }, { cookie: ownerCookie }),
      422,
    );
    expect(misnamed.title).toBe('Le contenu du fichier ne correspond pas à son nom.');
    expect(misnamed.detail).toContain('PNG');
    await expectRefusedWithoutTrace(() => upload(portal, '/api/pieces-jointes', { name: 'photo.png', type: 'application/pdf', bytes: samplePng() }, { cookie: ownerCookie }), 422);
    // A name that claims nothing recognisable gets the extension of what the bytes are.
    const unnamed = await readJson(await upload(portal, '/api/pieces-jointes', { name: 'scan du 12', type: 'application/octet-stream', bytes: samplePdf() }, { cookie: ownerCookie }));
    expect(unnamed).toMatchObject({ filename: 'scan du 12.pdf', mediaType: 'application/pdf' });
  });

  it('refuses a request without a file part', async () => {
    const problem = await expectRefusedWithoutTrace(() => upload(portal, '/api/pieces-jointes', undefined, { cookie: ownerCookie, fields: { titre: 'rien' } }), 422);
    expect(problem.errors[0].field).toBe('file');
    const notMultipart = await owner.post('/api/pieces-jointes', { file: 'JVBERi0=' });
    expect(notMultipart.status).toBe(422);
  });
});

describe('the size limit', () => {
  it('refuses a file over 10 MiB with 413, reading it as a stream and storing nothing', async () => {
    const oversize = Buffer.concat([samplePdf(), Buffer.alloc(10 * 1024 * 1024)]);
    const problem = await expectRefusedWithoutTrace(() => upload(portal, '/api/pieces-jointes', pdfFile(oversize), { cookie: ownerCookie }), 413);
    expect(problem.title).toBe('Fichier trop volumineux.');
    expect(problem.detail).toContain('10 Mo');
  });

  it('refuses an announced oversize body before reading it', async () => {
    const oversize = Buffer.concat([samplePdf(), Buffer.alloc(10 * 1024 * 1024 + 100 * 1024)]);
    await expectRefusedWithoutTrace(() => upload(portal, '/api/pieces-jointes', pdfFile(oversize), { cookie: ownerCookie, announceLength: true }), 413);
  });

  it("applies a field's smaller limit to uploads for that field", async () => {
    const pdf = Buffer.concat([samplePdf(), Buffer.alloc(64 * 1024)]);
    await expectRefusedWithoutTrace(() => upload(portal, '/api/pieces-jointes?procedure=test-petit-fichier&field=justificatif', pdfFile(pdf), { cookie: ownerCookie }), 413);
    const accepted = await upload(portal, '/api/pieces-jointes', pdfFile(pdf), { cookie: ownerCookie });
    expect(accepted.status).toBe(201);
    const filing = await owner.api.demandes.$post({ json: { procedure: 'test-petit-fichier', values: { justificatif: [(await readJson(accepted)).id] } } });
    expect(filing.status).toBe(422);
    expect((await readJson(filing)).errors[0].message).toContain('trop volumineux');
  });
});

describe('names and keys', () => {
  it('keeps a cleaned name and never puts what the user typed in the storage key', async () => {
    const response = await upload(portal, '/api/pieces-jointes', pdfFile(samplePdf(), '..\\..\\Windows\\<rapport>\u202Efdp.pdf'), { cookie: ownerCookie });
    const uploaded = await readJson(response);
    expect(uploaded.filename).toBe('rapportfdp.pdf');
    const [row] = await withTenant(server.databases.app, libercourt.id, (tx) => tx.select().from(attachments).where(eq(attachments.id, uploaded.id)));
    expect(row!.storageKey).toBe(`communes/${libercourt.id}/pieces-jointes/${uploaded.id}`);
  });
});

describe('who may download a file', () => {
  let requestId = '';
  let attachmentId = '';

  beforeAll(async () => {
    const uploaded = await readJson(await upload(portal, '/api/pieces-jointes', pdfFile(samplePdf('Avis d’imposition')), { cookie: ownerCookie }));
    attachmentId = uploaded.id;
    const filed = await owner.api.demandes.$post({ json: { procedure: 'test-aide-pj', values: { objet: 'Aide au chauffage', justificatif: [attachmentId] } } });
    expect(filed.status).toBe(201);
    requestId = (await readJson(filed)).id;
  });

  it("lets the restricted procedure's own service download it", async () => {
    expect((await owner.api.demandes[':id']['pieces-jointes'][':attachmentId'].$get({ param: { id: requestId, attachmentId } })).status).toBe(200);
    expect((await socialWorker.api.agent.demandes[':id']['pieces-jointes'][':attachmentId'].$get({ param: { id: requestId, attachmentId } })).status).toBe(200);
  });

  it('answers 404 to another citizen, to an agent of another service, and to commune B', async () => {
    const param = { id: requestId, attachmentId };
    const citizenSide = (reader: SignedInClient) => ({
      download: () => reader.api.demandes[':id']['pieces-jointes'][':attachmentId'].$get({ param }),
      list: () => reader.api.demandes[':id']['pieces-jointes'].$get({ param: { id: requestId } }),
    });
    const agentSide = (reader: SignedInClient) => ({
      download: () => reader.api.agent.demandes[':id']['pieces-jointes'][':attachmentId'].$get({ param }),
      list: () => reader.api.agent.demandes[':id']['pieces-jointes'].$get({ param: { id: requestId } }),
    });
    for (const reader of [citizenSide(otherCitizen), agentSide(technician), agentSide(carvinAgent), citizenSide(carvinCitizen)]) {
      expect((await reader.download()).status).toBe(404);
      expect((await reader.list()).status).toBe(404);
    }
  });

  it('answers 404 for a file of another request, even to that file owner', async () => {
    const other = await readJson(
      await owner.api.demandes.$post({
        json: { procedure: 'test-petit-fichier', values: { justificatif: [(await readJson(await upload(portal, '/api/pieces-jointes', pdfFile(samplePdf()), { cookie: ownerCookie }))).id] } },
      }),
    );
    expect((await owner.api.demandes[':id']['pieces-jointes'][':attachmentId'].$get({ param: { id: other.id, attachmentId } })).status).toBe(404);
  });

  it('asks anonymous callers and citizens on the agent side to sign in', async () => {
    expect((await httpClient(server, 'libercourt').api.demandes[':id']['pieces-jointes'][':attachmentId'].$get({ param: { id: requestId, attachmentId } })).status).toBe(401);
    expect((await owner.api.agent.demandes[':id']['pieces-jointes'][':attachmentId'].$get({ param: { id: requestId, attachmentId } })).status).toBe(401);
    expect((await upload(portal, '/api/agent/pieces-jointes', pdfFile(samplePdf()), { cookie: ownerCookie })).status).toBe(401);
  });

  it("does not let a citizen attach another citizen's upload to their own filing", async () => {
    const mine = await readJson(await upload(portal, '/api/pieces-jointes', pdfFile(samplePdf()), { cookie: ownerCookie }));
    const stolen = await otherCitizen.api.demandes.$post({ json: { procedure: 'test-petit-fichier', values: { justificatif: [mine.id] } } });
    expect(stolen.status).toBe(422);
    expect((await readJson(stolen)).errors).toEqual([expect.objectContaining({ field: 'justificatif', code: 'invalid_file_reference' })]);
  });

  it("refuses a commune B filing that names commune A's upload", async () => {
    const mine = await readJson(await upload(portal, '/api/pieces-jointes', pdfFile(samplePdf()), { cookie: ownerCookie }));
    const response = await carvinAgent.api.agent.demandes.$post({
      json: { procedure: 'test-petit-fichier', channel: 'phone', values: { justificatif: [mine.id] }, contact: { familyName: 'Durand' } },
    });
    expect(response.status).toBe(422);
    expect((await readJson(response)).errors[0].field).toBe('justificatif');
  });
});
