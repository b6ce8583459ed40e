import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tenant } from '@guichet/db';
import { agentSession, citizenSession, communeBySlug, httpClient, insertTestProcedure, readJson, startServer, testProcedureDefinition, type TestServer, withCookie } from '@guichet/testing';

let server: TestServer;
let libercourt: Tenant;
let citizen: ReturnType<typeof withCookie>;
let first: ReturnType<typeof withCookie>;
let second: ReturnType<typeof withCookie>;

beforeAll(async () => {
  server = await startServer();
  await insertTestProcedure(server.databases.ownerClient, 'libercourt', 'test-versions', 'services-techniques', testProcedureDefinition({ routing: [] }));
  libercourt = await communeBySlug(server.databases.app, 'libercourt');
  const portal = httpClient(server, 'libercourt');
  citizen = withCookie(portal, (await citizenSession(server.databases.app, libercourt, 'versions@example.fr')).cookie);
  const colleague = async (email: string) => withCookie(portal, (await agentSession(server.databases.app, libercourt, { email, role: 'agent', services: ['services-techniques'] })).cookie);
  first = await colleague('premiere.versions@libercourt.example.fr');
  second = await colleague('second.versions@libercourt.example.fr');
});
afterAll(() => server.close());

async function fileOne(): Promise<string> {
  const response = await citizen.api.demandes.$post({ json: { procedure: 'test-versions', values: { objet: 'Banc cassé', nature: 'voirie' } } });
  return (await readJson(response)).id;
}

async function versionOf(agent: typeof first, id: string): Promise<string> {
  const response = await agent.api.agent.demandes[':id'].$get({ param: { id } });
  const etag = response.headers.get('etag')!;
  expect(etag).toBe(`"${(await readJson(response)).version}"`);
  return etag;
}

const move = (agent: typeof first, id: string, version: string, status: 'acknowledged' | 'in_progress') =>
  agent.api.agent.demandes[':id'].statut.$post({ param: { id }, header: { 'if-match': version }, json: { status } });

describe('the version of a request', () => {
  it('counts what agents act on (status, assignee, priority, a citizen’s message), not their notes, their own messages or notifications', async () => {
    const id = await fileOne();
    expect(await versionOf(first, id)).toBe('"1"');
    expect((await move(first, id, '"1"', 'acknowledged')).status).toBe(200);
    expect(await versionOf(first, id)).toBe('"2"');
    const note = await first.api.agent.demandes[':id'].notes.$post({ param: { id }, header: { 'if-match': '"2"' }, json: { body: 'Rien de neuf.' } });
    expect(note.status).toBe(201);
    const message = await first.api.agent.demandes[':id'].messages.$post({ param: { id }, header: { 'if-match': '"2"' }, json: { body: 'Nous passons jeudi.' } });
    expect(message.status).toBe(201);
    expect(await versionOf(first, id)).toBe('"2"');
    await first.api.agent.demandes[':id'].priorite.$post({ param: { id }, header: { 'if-match': '"2"' }, json: { priority: 'high' } });
    expect(await versionOf(first, id)).toBe('"3"');
    await citizen.api.demandes[':id'].messages.$post({ param: { id }, json: { body: 'Il y a aussi une latte arrachée.', attachmentIds: [] } });
    expect(await versionOf(first, id)).toBe('"4"');
  });

  it('refuses an agent’s change made on an older version with a 409 that says what changed and by whom, and changes nothing', async () => {
    const id = await fileOne();
    const seenByFirst = await versionOf(first, id);
    expect((await move(second, id, await versionOf(second, id), 'acknowledged')).status).toBe(200);
    await citizen.api.demandes[':id'].messages.$post({ param: { id }, json: { body: 'Merci !', attachmentIds: [] } });
    const stale = await move(first, id, seenByFirst, 'in_progress');
    expect(stale.status).toBe(409);
    const problem = await readJson(stale);
    expect(problem.title).toBe('La demande a été modifiée depuis que vous l’avez ouverte.');
    expect(problem.changes).toEqual(['Statut passé à « Prise en compte » (par Agent de test)', 'Nouveau message de l’usager (par l’usager)']);
    expect(problem.currentVersion).toBe(3);
    expect(stale.headers.get('etag')).toBe('"3"');
    expect((await readJson(await first.api.agent.demandes[':id'].$get({ param: { id } }))).status).toBe('acknowledged');
  });

  it('lets exactly one of several agents acting at once on the same version through', async () => {
    const id = await fileOne();
    const version = await versionOf(first, id);
    // The request's row is held locked while five changes arrive, so that they all meet at once
    // when it is released, as on a busy morning; each is valid on its own (any priority, from any
    // other): only the version can refuse them.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let taken!: () => void;
    const lockTaken = new Promise<void>((resolve) => (taken = resolve));
    const holder = server.databases.ownerClient.begin(async (sql) => {
      await sql`select set_config('app.tenant_id', ${libercourt.id}, true), set_config('app.epci_id', ${libercourt.epciId}, true)`;
      await sql`select id from requests where id = ${id} for update`;
      taken();
      await released;
    });
    await lockTaken;
    const priorities = ['high', 'urgent', 'high', 'urgent', 'high'] as const;
    const pending = Promise.all(
      priorities.map((priority, index) =>
        (index % 2 ? second : first).api.agent.demandes[':id'].priorite.$post({ param: { id }, header: { 'if-match': version }, json: { priority } }),
      ),
    );
    try {
      await expect
        .poll(async () => Number((await server.databases.ownerClient`select count(*) as waiting from pg_locks where not granted`)[0]!.waiting), { timeout: 10_000 })
        .toBeGreaterThanOrEqual(5);
    } finally {
      release();
      await holder;
    }
    const answers = await pending;
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409, 409, 409, 409]);
    const history = (await readJson(await first.api.agent.demandes[':id'].$get({ param: { id } }))).history;
    expect(history.filter((event: { kind: string }) => event.kind === 'priority_changed')).toHaveLength(1);
  });

  it('says nothing of a request the agent may not see, even on a stale version: 404, not 409', async () => {
    await insertTestProcedure(server.databases.ownerClient, 'libercourt', 'test-versions-restreinte', 'services-techniques', testProcedureDefinition({ routing: [], restricted: true }));
    const filed = await readJson(await citizen.api.demandes.$post({ json: { procedure: 'test-versions-restreinte', values: { objet: 'Aide', nature: 'voirie' } } }));
    expect((await move(first, filed.id, await versionOf(first, filed.id), 'acknowledged')).status).toBe(200);
    const outsider = withCookie(
      httpClient(server, 'libercourt'),
      (await agentSession(server.databases.app, libercourt, { email: 'etat-civil.versions@libercourt.example.fr', role: 'agent', services: ['etat-civil'] })).cookie,
    );
    const probe = await move(outsider, filed.id, '"1"', 'in_progress');
    expect(probe.status).toBe(404);
    expect(JSON.stringify(await readJson(probe))).not.toContain('Prise en compte');
  });

  it('is required on an agent’s change: its absence is a 422 naming the header, in French', async () => {
    const id = await fileOne();
    const missing = await first.request(`/api/agent/demandes/${id}/statut`, { method: 'POST', json: { status: 'acknowledged' } });
    expect(missing.status).toBe(422);
    expect((await readJson(missing)).errors).toEqual([expect.objectContaining({ field: 'if-match', message: expect.stringContaining('If-Match') })]);
    expect((await readJson(await first.api.agent.demandes[':id'].$get({ param: { id } }))).status).toBe('submitted');
  });
});
