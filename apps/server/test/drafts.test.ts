import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachments, requestDrafts, withTenant, type Tenant } from '@guichet/db';
import { sweepUnattachedUploads } from '@guichet/requests';
import {
  citizenSession,
  communeBySlug,
  httpClient,
  insertTestProcedure,
  readJson,
  samplePdf,
  startServer,
  testProcedureDefinition,
  type TestServer,
  withCookie,
} from '@guichet/testing';
import { eventually, pdfFile, upload } from './file-uploads.ts';

let server: TestServer;
let libercourt: Tenant;

const withProof = testProcedureDefinition({
  title: 'Demande avec justificatif',
  form: {
    fields: [
      { kind: 'text', key: 'objet', label: 'Objet', required: true },
      { kind: 'choice', key: 'nature', label: 'Nature', required: true, options: [{ value: 'voirie', label: 'Voirie' }] },
      { kind: 'file', key: 'justificatif', label: 'Justificatif', required: true, accept: ['application/pdf'], maxFiles: 2 },
    ],
  },
  routing: [],
  anonymousAllowed: true,
});
const DAY = 24 * 3600_000;

beforeAll(async () => {
  server = await startServer();
  await insertTestProcedure(server.databases.ownerClient, 'libercourt', 'test-signalement', 'services-techniques', testProcedureDefinition());
  await insertTestProcedure(server.databases.ownerClient, 'libercourt', 'test-justificatif', 'services-techniques', withProof);
  await insertTestProcedure(server.databases.ownerClient, 'libercourt', 'test-compte-requis', 'services-techniques', testProcedureDefinition({ anonymousAllowed: false }));
  libercourt = await communeBySlug(server.databases.app, 'libercourt');
});
afterAll(() => server.close());

/** A citizen with a password, and a fresh browser that has not signed in yet. */
async function citizenWithPassword(email: string) {
  const { cookie, accountId } = await citizenSession(server.databases.app, libercourt, email);
  const password = 'un mot de passe très solide';
  expect((await withCookie(httpClient(server, 'libercourt'), cookie).api.compte['mot-de-passe'].$put({ json: { newPassword: password } })).status).toBe(200);
  return { email, password, accountId, cookie };
}

async function saveDraft(browser: ReturnType<typeof httpClient>, procedure: string, values: Record<string, unknown>) {
  return browser.api.brouillons[':procedure'].$put({ param: { procedure }, json: { values } });
}

async function signIn(browser: ReturnType<typeof httpClient>, account: { email: string; password: string }) {
  const response = await browser.api.auth.connexion.$post({ json: { email: account.email, password: account.password, returnTo: '/demarches/test-justificatif/demande' } });
  expect(response.status).toBe(200);
}

describe('a citizen’s drafts', () => {
  it('saves a half-filled form, resumes it, and forgets it once the request is filed', async () => {
    const citizen = withCookie(httpClient(server, 'libercourt'), (await citizenSession(server.databases.app, libercourt, 'camille.drafts@example.fr')).cookie);
    const saved = await citizen.api.brouillons[':procedure'].$put({ param: { procedure: 'test-signalement' }, json: { values: { objet: 'Nid-de-poule' } } });
    expect(saved.status).toBe(200);
    expect(new Date((await readJson(saved)).expiresAt).getTime()).toBeGreaterThan(Date.now() + 29 * DAY);
    const drafts = await readJson(await citizen.api.brouillons.$get());
    expect(drafts.drafts).toEqual([expect.objectContaining({ procedure: 'test-signalement', values: { objet: 'Nid-de-poule' } })]);
    const filed = await citizen.api.demandes.$post({ json: { procedure: 'test-signalement', values: { objet: 'Nid-de-poule', nature: 'voirie' } } });
    expect(filed.status).toBe(201);
    expect((await readJson(await citizen.api.brouillons.$get())).drafts).toEqual([]);
  });

  it('keeps drafts to published procedures', async () => {
    const citizen = withCookie(httpClient(server, 'libercourt'), (await citizenSession(server.databases.app, libercourt, 'dominique.drafts@example.fr')).cookie);
    expect((await citizen.api.brouillons[':procedure'].$put({ param: { procedure: 'piscine' }, json: { values: {} } })).status).toBe(404);
  });
});

describe('a signed-out browser’s drafts', () => {
  it('are kept to that browser for a day, only on a procedure open to anonymous filing', async () => {
    const browser = httpClient(server, 'libercourt');
    expect((await readJson(await browser.api.brouillons.$get())).drafts).toEqual([]);
    const saved = await saveDraft(browser, 'test-signalement', { objet: 'Lampadaire éteint' });
    expect(saved.status).toBe(200);
    const expiresAt = new Date((await readJson(saved)).expiresAt).getTime();
    expect(expiresAt).toBeGreaterThan(Date.now() + 0.9 * DAY);
    expect(expiresAt).toBeLessThan(Date.now() + 1.1 * DAY);
    expect(browser.cookie('guichet_depot')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await readJson(await browser.api.brouillons.$get())).drafts).toEqual([expect.objectContaining({ procedure: 'test-signalement', values: { objet: 'Lampadaire éteint' } })]);
    expect((await readJson(await httpClient(server, 'libercourt').api.brouillons.$get())).drafts).toEqual([]);

    const accountOnly = await saveDraft(browser, 'test-compte-requis', { objet: 'x' });
    expect(accountOnly.status).toBe(403);
    expect((await readJson(accountOnly)).title).toMatch(/connectez-vous/);
  });

  it('are handed, with their files, to the account that signs in on that browser, which then files with them', async () => {
    const account = await citizenWithPassword('alix.drafts@example.fr');
    const browser = httpClient(server, 'libercourt');
    const proof = await readJson(await upload(browser, '/api/pieces-jointes?procedure=test-justificatif&field=justificatif', pdfFile(samplePdf())));
    const values = { objet: 'Trottoir soulevé', nature: 'voirie', justificatif: [proof.id] };
    expect((await saveDraft(browser, 'test-justificatif', values)).status).toBe(200);

    await signIn(browser, account);
    const drafts = (await readJson(await browser.api.brouillons.$get())).drafts;
    expect(drafts).toEqual([expect.objectContaining({ procedure: 'test-justificatif', values })]);
    expect(new Date(drafts[0]!.expiresAt).getTime()).toBeGreaterThan(Date.now() + 29 * DAY);

    const filed = await browser.api.demandes.$post({ json: { procedure: 'test-justificatif', values } });
    expect(filed.status).toBe(201);
    const request = await readJson(await browser.api.demandes[':id'].$get({ param: { id: (await readJson(filed)).id } }));
    expect(JSON.stringify(request)).toContain(proof.id);
    expect((await readJson(await browser.api.brouillons.$get())).drafts).toEqual([]);
  });

  it('never replace a more recent draft the account already had for the procedure', async () => {
    const account = await citizenWithPassword('sacha.drafts@example.fr');
    const browser = httpClient(server, 'libercourt');
    expect((await saveDraft(browser, 'test-signalement', { objet: 'Écrit sur ce navigateur, avant' })).status).toBe(200);
    const elsewhere = withCookie(httpClient(server, 'libercourt'), account.cookie);
    await elsewhere.api.brouillons[':procedure'].$put({ param: { procedure: 'test-signalement' }, json: { values: { objet: 'Écrit ailleurs, après' } } });

    await signIn(browser, account);
    const drafts = (await readJson(await browser.api.brouillons.$get())).drafts;
    expect(drafts.map((draft: { values: unknown }) => draft.values)).toEqual([{ objet: 'Écrit ailleurs, après' }]);
  });

  it('is dropped when the browser files the request anonymously', async () => {
    const browser = httpClient(server, 'libercourt');
    await saveDraft(browser, 'test-signalement', { objet: 'Dépôt sauvage' });
    const filed = await browser.api.demandes.$post({
      json: { procedure: 'test-signalement', values: { objet: 'Dépôt sauvage', nature: 'voirie' }, contact: { email: 'anonyme.drafts@example.fr' } },
    });
    expect(filed.status).toBe(201);
    expect((await readJson(await browser.api.brouillons.$get())).drafts).toEqual([]);
  });

  it('are started by at most 30 new browsers an hour from one address', async () => {
    for (let browser = 0; browser < 30; browser += 1) {
      expect((await saveDraft(httpClient(server, 'libercourt', { ip: '10.40.40.40' }), 'test-signalement', { objet: `n°${browser}` })).status).toBe(200);
    }
    const refused = await saveDraft(httpClient(server, 'libercourt', { ip: '10.40.40.40' }), 'test-signalement', { objet: 'un de trop' });
    expect(refused.status).toBe(429);
    const known = httpClient(server, 'libercourt', { ip: '10.40.40.41' });
    await saveDraft(known, 'test-signalement', { objet: 'premier' });
    expect((await saveDraft(known, 'test-signalement', { objet: 'second' })).status).toBe(200);
  });
});

describe('a draft’s files', () => {
  it('outlive the day of unattached uploads for as long as the draft lives, and go with it', async () => {
    const { cookie, accountId } = await citizenSession(server.databases.app, libercourt, 'noa.drafts@example.fr');
    const portal = httpClient(server, 'libercourt');
    const held = await readJson(await upload(portal, '/api/pieces-jointes', pdfFile(samplePdf()), { cookie }));
    const loose = await readJson(await upload(portal, '/api/pieces-jointes', pdfFile(samplePdf()), { cookie }));
    const citizen = withCookie(portal, cookie);
    await citizen.api.brouillons[':procedure'].$put({ param: { procedure: 'test-justificatif' }, json: { values: { objet: 'x', justificatif: [held.id] } } });
    await withTenant(server.databases.app, libercourt.id, (tx) =>
      tx.update(attachments).set({ createdAt: new Date(Date.now() - 25 * 3600_000) }).where(inArray(attachments.id, [held.id, loose.id])),
    );
    await withTenant(server.databases.app, libercourt.id, (tx) => sweepUnattachedUploads({ tx, jobs: server.dependencies.jobs }));
    expect(await remaining([held.id, loose.id])).toEqual([held.id]);

    // Past the draft's own life, nothing holds the file any more. (Aged rather than swept in the
    // future, so that other suites' fresh uploads are left alone.)
    await withTenant(server.databases.app, libercourt.id, async (tx) => {
      await tx.update(requestDrafts).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(requestDrafts.accountId, accountId));
      await sweepUnattachedUploads({ tx, jobs: server.dependencies.jobs });
    });
    expect(await eventually(async () => (await remaining([held.id])).length === 0)).toBe(true);
  });
});

async function remaining(ids: string[]): Promise<string[]> {
  const rows = await withTenant(server.databases.app, libercourt.id, (tx) => tx.select({ id: attachments.id }).from(attachments).where(inArray(attachments.id, ids)));
  return rows.map((row) => row.id);
}
