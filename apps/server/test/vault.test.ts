import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vaultDocuments, withTenant, type Tenant } from '@guichet/db';
import { parisDay } from '@guichet/deadlines';
import { createSession } from '@guichet/identity';
import { citizenSession, communeBySlug, type HttpClient, httpClient, insertTestProcedure, readJson, samplePdf, samplePng, type SignedInClient, startServer, testProcedureDefinition, type TestServer, withCookie } from '@guichet/testing';
import { eventually, pdfFile, pngFile, upload } from './file-uploads.ts';

let server: TestServer;
let libercourt: Tenant;
let portal: HttpClient;
let cookie = '';
let citizen: SignedInClient;
let accountId = '';

beforeAll(async () => {
  server = await startServer();
  await insertTestProcedure(server.databases.ownerClient, 'libercourt', 'test-carte-identite', 'etat-civil', testProcedureDefinition({
    title: "Carte nationale d'identité",
    routing: [],
    form: { fields: [{ kind: 'file', key: 'ancienne_carte', label: 'Ancienne carte', required: true, accept: ['application/pdf', 'image/*'] }] },
  }));
  libercourt = await communeBySlug(server.databases.app, 'libercourt');
  portal = httpClient(server, 'libercourt');
  const session = await citizenSession(server.databases.app, libercourt, 'claude.coffre@example.fr');
  cookie = session.cookie;
  accountId = session.accountId;
  citizen = withCookie(portal, cookie);
});
afterAll(() => server.close());

const DAY = 24 * 3600_000;
const inDays = (days: number) => parisDay(new Date(Date.now() + days * DAY));

async function addDocument(fields: Record<string, string>, file = pdfFile(samplePdf())) {
  const response = await upload(portal, '/api/coffre-fort', file, { cookie, fields });
  expect(response.status, JSON.stringify(await response.clone().json())).toBe(201);
  return readJson(response);
}

async function storageKeyOf(documentId: string): Promise<string> {
  const [row] = await withTenant(server.databases.app, libercourt.id, (tx) => tx.select().from(vaultDocuments).where(eq(vaultDocuments.id, documentId)));
  return row!.storageKey;
}

/** A session of the same account on another portal of the EPCI, as signing in there would open. */
async function sessionOn(slug: string): Promise<SignedInClient> {
  const commune = await communeBySlug(server.databases.app, slug);
  const { token } = await withTenant(server.databases.app, commune.id, (tx) =>
    createSession(tx, { epciId: commune.epciId, tenantId: commune.id, accountKind: 'citizen', accountId, authMethod: 'password', secondFactorVerified: true }),
  );
  return withCookie(httpClient(server, slug), `guichet_session=${token}`);
}

describe('the coffre-fort', () => {
  it('keeps documents with their expiry state: valid, expiring within 30 days, expired, or without expiry', async () => {
    const passport = await addDocument({ title: 'Passeport', expiresOn: inDays(400) });
    const card = await addDocument({ title: "Carte d'identité", expiresOn: inDays(10) });
    const insurance = await addDocument({ title: 'Attestation d’assurance', expiresOn: inDays(-1) }, pngFile(samplePng(), 'assurance.png'));
    const birth = await addDocument({ title: 'Acte de naissance', expiresOn: '' });
    expect(card).toMatchObject({ title: "Carte d'identité", filename: 'justificatif.pdf', mediaType: 'application/pdf', expiry: { state: 'expiring_soon', label: 'Expire bientôt' } });
    const { documents } = await readJson(await citizen.api['coffre-fort'].$get());
    const byId = new Map(documents.map((document: { id: string }) => [document.id, document]));
    expect(byId.get(passport.id)).toMatchObject({ expiresOn: inDays(400), expiry: { state: 'valid', label: 'Valide' } });
    expect(byId.get(card.id)).toMatchObject({ expiry: { state: 'expiring_soon' } });
    expect(byId.get(insurance.id)).toMatchObject({ mediaType: 'image/png', expiry: { state: 'expired', label: 'Expiré' } });
    expect(byId.get(birth.id)).toMatchObject({ expiresOn: null, expiry: { state: 'valid' } });
  });

  it('gives a document back as a download', async () => {
    const pdf = samplePdf('Livret de famille');
    const added = await addDocument({ title: 'Livret de famille' }, pdfFile(pdf, 'livret.pdf'));
    const download = await citizen.api['coffre-fort'][':id'].$get({ param: { id: added.id } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-disposition')).toContain('attachment; filename="livret.pdf"');
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await download.arrayBuffer()).equals(pdf)).toBe(true);
  });

  it('shows the same vault on every commune portal of the EPCI, and on no other', async () => {
    const added = await addDocument({ title: 'Justificatif de domicile' });
    const inCarvin = await sessionOn('carvin');
    const listed = await readJson(await inCarvin.api['coffre-fort'].$get());
    expect(listed.documents.map((document: { id: string }) => document.id)).toContain(added.id);
    expect((await inCarvin.api['coffre-fort'][':id'].$get({ param: { id: added.id } })).status).toBe(200);
    const lavaur = await communeBySlug(server.databases.app, 'lavaur');
    const elsewhere = withCookie(httpClient(server, 'lavaur'), (await citizenSession(server.databases.app, lavaur, 'claude.tarn@example.fr')).cookie);
    expect((await elsewhere.api['coffre-fort'][':id'].$get({ param: { id: added.id } })).status).toBe(404);
    expect((await readJson(await elsewhere.api['coffre-fort'].$get())).documents).toEqual([]);
  });

  it('deletes a document, its bytes with it', async () => {
    const added = await addDocument({ title: 'Ancien bail' });
    const key = await storageKeyOf(added.id);
    expect(await server.dependencies.storage.exists(key)).toBe(true);
    const deleted = await citizen.api['coffre-fort'][':id'].$delete({ param: { id: added.id } });
    expect(deleted.status).toBe(204);
    expect((await citizen.api['coffre-fort'][':id'].$get({ param: { id: added.id } })).status).toBe(404);
    expect(await eventually(async () => !(await server.dependencies.storage.exists(key)))).toBe(true);
    expect((await citizen.api['coffre-fort'][':id'].$delete({ param: { id: added.id } })).status).toBe(404);
  });

  it("keeps other citizens out of one's vault", async () => {
    const added = await addDocument({ title: 'Avis d’imposition' });
    const otherCookie = (await citizenSession(server.databases.app, libercourt, 'dominique.coffre@example.fr')).cookie;
    const other = withCookie(portal, otherCookie);
    expect((await other.api['coffre-fort'][':id'].$get({ param: { id: added.id } })).status).toBe(404);
    expect((await other.api['coffre-fort'][':id'].$delete({ param: { id: added.id } })).status).toBe(404);
    expect((await other.api['pieces-jointes']['depuis-coffre-fort'].$post({ json: { documentId: added.id } })).status).toBe(404);
    expect((await readJson(await other.api['coffre-fort'].$get())).documents).toEqual([]);
    expect((await httpClient(server, 'libercourt').api['coffre-fort'].$get()).status).toBe(401);
    expect((await citizen.api['coffre-fort'][':id'].$get({ param: { id: added.id } })).status).toBe(200);
  });

  it('refuses a document without a title, with a bad date, or whose bytes are not a document, storing nothing', async () => {
    const before = (await readJson(await citizen.api['coffre-fort'].$get())).documents.length;
    const untitled = await upload(portal, '/api/coffre-fort', pdfFile(samplePdf()), { cookie, fields: { expiresOn: inDays(30) } });
    expect(untitled.status).toBe(422);
    expect((await readJson(untitled)).errors).toEqual([expect.objectContaining({ field: 'title', message: 'Donnez un titre au document.' })]);
    expect((await upload(portal, '/api/coffre-fort', pdfFile(samplePdf()), { cookie, fields: { title: 'Carte', expiresOn: '31/12/2030' } })).status).toBe(422);
    expect((await upload(portal, '/api/coffre-fort', pdfFile(Buffer.from('<html><script>1</script></html>')), { cookie, fields: { title: 'Page' } })).status).toBe(422);
    expect((await readJson(await citizen.api['coffre-fort'].$get())).documents).toHaveLength(before);
  });
});

describe('attaching a vault document to a request', () => {
  it("copies it into the commune, so the request keeps it after the vault document's deletion", async () => {
    const scan = samplePng([200, 10, 10]);
    const card = await addDocument({ title: "Ancienne carte d'identité", expiresOn: inDays(-200) }, pngFile(scan, 'carte.png'));
    const copied = await citizen.api['pieces-jointes']['depuis-coffre-fort'].$post({ json: { documentId: card.id } });
    expect(copied.status).toBe(201);
    const attachment = await readJson(copied);
    expect(attachment).toEqual({ id: expect.any(String), filename: 'carte.png', mediaType: 'image/png', size: scan.length });
    const filed = await citizen.api.demandes.$post({ json: { procedure: 'test-carte-identite', values: { ancienne_carte: [attachment.id] } } });
    expect(filed.status).toBe(201);
    const requestId = (await readJson(filed)).id;

    const vaultKey = await storageKeyOf(card.id);
    expect((await citizen.api['coffre-fort'][':id'].$delete({ param: { id: card.id } })).status).toBe(204);
    expect(await eventually(async () => !(await server.dependencies.storage.exists(vaultKey)))).toBe(true);

    const download = await citizen.api.demandes[':id']['pieces-jointes'][':attachmentId'].$get({ param: { id: requestId, attachmentId: attachment.id } });
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(scan)).toBe(true);
  });

  it('refuses an unknown document', async () => {
    expect((await citizen.api['pieces-jointes']['depuis-coffre-fort'].$post({ json: { documentId: crypto.randomUUID() } })).status).toBe(404);
    expect((await citizen.post('/api/pieces-jointes/depuis-coffre-fort', { documentId: 'pas-un-id' })).status).toBe(422);
  });
});
