import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '@guichet/identity';
import { eq } from 'drizzle-orm';
import { accountExports, withEpci, withTenant, type Tenant } from '@guichet/db';
import { buildAccountExport } from '@guichet/requests';
import type { Storage } from '@guichet/storage';
import {
  agentSession,
  citizenSession,
  communeBySlug,
  httpClient,
  insertTestProcedure,
  readJson,
  samplePdf,
  startServer,
  testProcedureDefinition,
  withCookie,
  type TestServer,
  seenBy,
} from '@guichet/testing';
import { eventually, pdfFile, upload } from './file-uploads.ts';

let server: TestServer;
let libercourt: Tenant;
let carvin: Tenant;
const values = { objet: 'Lampadaire tordu', nature: 'voirie' };

beforeAll(async () => {
  server = await startServer();
  for (const slug of ['libercourt', 'carvin']) {
    await insertTestProcedure(server.databases.ownerClient, slug, 'test-export-donnees', 'services-techniques', testProcedureDefinition());
  }
  libercourt = await communeBySlug(server.databases.app, 'libercourt');
  carvin = await communeBySlug(server.databases.app, 'carvin');
});
afterAll(() => server.close());

/** A citizen with a request in Libercourt (a file, the mairie's message, an internal note) and one in Carvin, and a vault document. */
async function citizenWithData(email: string) {
  const { accountId, cookie } = await citizenSession(server.databases.app, libercourt, email);
  const other = await withTenant(server.databases.app, carvin.id, (tx) =>
    createSession(tx, { epciId: carvin.epciId, tenantId: carvin.id, accountKind: 'citizen', accountId, authMethod: 'password', secondFactorVerified: true }),
  );
  const here = withCookie(httpClient(server, 'libercourt'), cookie);
  const there = withCookie(httpClient(server, 'carvin'), `guichet_session=${other.token}`);
  const proof = samplePdf('Photo du lampadaire');
  const attached = await readJson(await upload(httpClient(server, 'libercourt'), '/api/pieces-jointes', pdfFile(proof, 'constat.pdf'), { cookie }));
  const filed = await readJson(await here.api.demandes.$post({ json: { procedure: 'test-export-donnees', values } }));
  await readJson(await there.api.demandes.$post({ json: { procedure: 'test-export-donnees', values } }));
  expect((await here.api.demandes[':id'].messages.$post({ param: { id: filed.id }, json: { body: 'Le constat joint.', attachmentIds: [attached.id] } })).status).toBe(201);
  const agent = withCookie(
    httpClient(server, 'libercourt'),
    (await agentSession(server.databases.app, libercourt, { email: `agent.${email}`, role: 'agent', services: ['services-techniques'] })).cookie,
  );
  await agent.api.agent.demandes[':id'].notes.$post({ header: await seenBy(agent, filed.id), param: { id: filed.id }, json: { body: 'NOTE-INTERNE-A-NE-PAS-EXPORTER' } });
  await agent.api.agent.demandes[':id'].messages.$post({ header: await seenBy(agent, filed.id), param: { id: filed.id }, json: { body: 'Nous intervenons lundi.', attachmentIds: [] } });
  const vault = samplePdf('Justificatif');
  expect((await upload(httpClient(server, 'libercourt'), '/api/coffre-fort', pdfFile(vault, 'justificatif.pdf'), { cookie, fields: { title: 'Justificatif' } })).status).toBe(201);
  return { accountId, here, filed, proof, vault };
}

async function readyExport(here: ReturnType<typeof withCookie>) {
  expect(await eventually(async () => (await readJson(await here.api.compte.export.$get())).export?.status === 'ready', 30_000)).toBe(true);
  return (await readJson(await here.api.compte.export.$get())).export;
}

describe('downloading one’s data', () => {
  it('prepares one ZIP of the account, its requests in every commune with their public history and files, and the vault; never the internal notes', async () => {
    const citizen = await citizenWithData('export.complet@example.fr');
    const unreadBefore = (await readJson(await citizen.here.api.demandes.$get())).requests.find((request: { id: string }) => request.id === citizen.filed.id).unreadMessages;
    const asked = await citizen.here.api.compte.export.$post();
    expect(asked.status).toBe(202);
    const pending = await readJson(asked);
    expect(pending).toMatchObject({ status: 'pending', progress: 0 });

    const ready = await readyExport(citizen.here);
    expect(ready).toMatchObject({ id: pending.id, status: 'ready', progress: 100, size: expect.any(Number) });
    // Asking again while it is downloadable answers the same archive.
    expect((await readJson(await citizen.here.api.compte.export.$post())).id).toBe(pending.id);

    const download = await citizen.here.api.compte.export.archive.$get();
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/zip');
    const files = unzipSync(new Uint8Array(await download.arrayBuffer()));
    const names = Object.keys(files);
    expect(names).toEqual(expect.arrayContaining(['LISEZMOI.txt', 'compte.json', 'demandes/libercourt.json', 'demandes/carvin.json', 'demandes/oignies.json']));
    const account = JSON.parse(new TextDecoder().decode(files['compte.json']));
    expect(account).toMatchObject({ format: 'guichet-export/1', account: { email: 'export.complet@example.fr' }, vault: [{ title: 'Justificatif', filename: 'justificatif.pdf' }] });
    expect(Buffer.from(files[account.vault[0].path]!).equals(citizen.vault)).toBe(true);

    const here = JSON.parse(new TextDecoder().decode(files['demandes/libercourt.json']));
    const request = here.requests.find((kept: { id: string }) => kept.id === citizen.filed.id);
    expect(request.reference).toBe(citizen.filed.reference);
    const messages = request.history.filter((event: { kind: string }) => event.kind === 'message').map((event: { payload: { body: string } }) => event.payload.body);
    expect(messages).toEqual(['Le constat joint.', 'Nous intervenons lundi.']);
    expect(Buffer.from(files[request.attachments[0].path]!).equals(citizen.proof)).toBe(true);
    expect(JSON.parse(new TextDecoder().decode(files['demandes/carvin.json'])).requests).toHaveLength(1);
    for (const name of names) expect(new TextDecoder().decode(files[name]!), name).not.toContain('NOTE-INTERNE-A-NE-PAS-EXPORTER');

    // Reading for the export is not the citizen reading: their news stay unread.
    const unreadAfter = (await readJson(await citizen.here.api.demandes.$get())).requests.find((kept: { id: string }) => kept.id === citizen.filed.id).unreadMessages;
    expect(unreadAfter).toBe(unreadBefore);
    expect(unreadAfter).toBeGreaterThan(0);
  });

  it('gives another citizen nothing to download', async () => {
    const { cookie } = await citizenSession(server.databases.app, libercourt, 'export.autre@example.fr');
    const other = withCookie(httpClient(server, 'libercourt'), cookie);
    expect(await readJson(await other.api.compte.export.$get())).toEqual({ export: null });
    expect((await other.api.compte.export.archive.$get()).status).toBe(404);
  });

  it('leaves nothing stored when the account is deleted while its export is being built', async () => {
    const citizen = await citizenWithData('export.supprime@example.fr');
    const [row] = await withEpci(server.databases.app, libercourt.epciId, (tx) =>
      tx.insert(accountExports).values({ epciId: libercourt.epciId, accountId: citizen.accountId, expiresAt: new Date(Date.now() + 86_400_000) }).returning(),
    );
    const storage = server.dependencies.storage;
    const written: string[] = [];
    // The account's deletion drops the export row right after the first part is stored.
    const deletingMidway: Storage = {
      ...storage,
      put: async (key, body, metadata) => {
        await storage.put(key, body, metadata);
        written.push(key);
        if (written.length === 1) await withEpci(server.databases.app, libercourt.epciId, (tx) => tx.delete(accountExports).where(eq(accountExports.id, row!.id)));
      },
    };
    await buildAccountExport({ db: server.databases.app, storage: deletingMidway }, { epciId: libercourt.epciId, exportId: row!.id });
    expect(written).toHaveLength(1);
    for (const key of [...written, written[0]!.replace('partie-0.json', 'donnees.zip')]) expect(await storage.exists(key), key).toBe(false);
  });

  it('lets the citizen ask again when a preparation was left pending for over an hour', async () => {
    const { accountId, cookie } = await citizenSession(server.databases.app, libercourt, 'export.bloque@example.fr');
    const [stuck] = await withEpci(server.databases.app, libercourt.epciId, (tx) =>
      tx
        .insert(accountExports)
        .values({ epciId: libercourt.epciId, accountId, createdAt: new Date(Date.now() - 2 * 3600_000), expiresAt: new Date(Date.now() + 86_400_000) })
        .returning(),
    );
    const asked = await readJson(await withCookie(httpClient(server, 'libercourt'), cookie).api.compte.export.$post());
    expect(asked.id).not.toBe(stuck!.id);
    expect(asked.status).toBe('pending');
  });

  it('resumes after the last stored part when its job died midway, rebuilding nothing already stored', async () => {
    const citizen = await citizenWithData('export.reprise@example.fr');
    // An export row without its job: this test runs the job itself, first with a storage that fails.
    const [row] = await withEpci(server.databases.app, libercourt.epciId, (tx) =>
      tx.insert(accountExports).values({ epciId: libercourt.epciId, accountId: citizen.accountId, expiresAt: new Date(Date.now() + 86_400_000) }).returning(),
    );
    const storage = server.dependencies.storage;
    const puts: string[] = [];
    const failing: Storage = {
      ...storage,
      put: async (key, body, metadata) => {
        if (puts.length === 2) throw new Error('storage unreachable');
        puts.push(key);
        return storage.put(key, body, metadata);
      },
    };
    await expect(buildAccountExport({ db: server.databases.app, storage: failing }, { epciId: libercourt.epciId, exportId: row!.id })).rejects.toThrow('storage unreachable');
    const midway = await withEpci(server.databases.app, libercourt.epciId, (tx) => tx.select().from(accountExports));
    expect(midway.find((kept) => kept.id === row!.id)).toMatchObject({ status: 'pending', partsDone: 2, partsTotal: 4 });

    const resumed: string[] = [];
    const counting: Storage = { ...storage, put: async (key, body, metadata) => (resumed.push(key), storage.put(key, body, metadata)) };
    await buildAccountExport({ db: server.databases.app, storage: counting }, { epciId: libercourt.epciId, exportId: row!.id });
    expect(resumed.some((key) => puts.includes(key))).toBe(false);
    expect(resumed.map((key) => key.split('/').pop())).toEqual(['partie-2.json', 'partie-3.json', 'donnees.zip']);
    const done = await withEpci(server.databases.app, libercourt.epciId, (tx) => tx.select().from(accountExports));
    expect(done.find((kept) => kept.id === row!.id)).toMatchObject({ status: 'ready', partsDone: 4 });
  });
});
