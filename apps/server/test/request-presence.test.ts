import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestPresence, withTenant, type Tenant } from '@guichet/db';
import {
  agentSession,
  citizenSession,
  communeBySlug,
  httpClient,
  insertTestProcedure,
  openEventStream,
  readJson,
  seenBy,
  startServer,
  testProcedureDefinition,
  type TestServer,
  withCookie,
} from '@guichet/testing';

// Two server processes on one database, as behind a load balancer.
let one: TestServer;
let two: TestServer;
let libercourt: Tenant;
let alice: { cookie: string; agentId: string };
let bruno: { cookie: string; agentId: string };

beforeAll(async () => {
  [one, two] = await Promise.all([startServer(), startServer()]);
  await insertTestProcedure(one.databases.ownerClient, 'libercourt', 'test-presence', 'services-techniques', testProcedureDefinition({ routing: [] }));
  libercourt = await communeBySlug(one.databases.app, 'libercourt');
  const agent = async (email: string) => agentSession(one.databases.app, libercourt, { email, role: 'agent', services: ['services-techniques'] });
  alice = await agent('alice.presence@libercourt.example.fr');
  bruno = await agent('bruno.presence@libercourt.example.fr');
});
afterAll(async () => {
  await Promise.all([one?.close(), two?.close()]);
});

async function fileOne(): Promise<string> {
  const citizen = withCookie(httpClient(one, 'libercourt'), (await citizenSession(one.databases.app, libercourt, `presence.${Date.now()}@example.fr`)).cookie);
  return (await readJson(await citizen.api.demandes.$post({ json: { procedure: 'test-presence', values: { objet: 'Fuite', nature: 'voirie' } } }))).id;
}

type Stream = Awaited<ReturnType<typeof openEventStream>>;

/** The next `presence` event of a desk's stream: the names of the other agents on the request. */
async function presenceOf(stream: Stream): Promise<string[]> {
  for (;;) {
    const event = await stream.next();
    if (event.event === 'presence') return (JSON.parse(event.data) as { agents: { name: string; id: string }[] }).agents.map((agent) => agent.id);
  }
}

describe('who else has a request open', () => {
  it('is announced through Postgres to desks on another server process, and the departure too', async () => {
    const id = await fileOne();
    const onOne = await openEventStream(one, 'libercourt', `/api/agent/demandes/${id}/flux`, alice.cookie);
    expect(onOne.status).toBe(200);
    expect(await presenceOf(onOne)).toEqual([]);

    const onTwo = await openEventStream(two, 'libercourt', `/api/agent/demandes/${id}/flux`, bruno.cookie);
    expect(await presenceOf(onTwo)).toEqual([alice.agentId]);
    expect(await presenceOf(onOne)).toEqual([bruno.agentId]);

    onTwo.close();
    expect(await presenceOf(onOne)).toEqual([]);
    onOne.close();
  });

  it('tells an open desk that the request changed, whichever process the change went through', async () => {
    const id = await fileOne();
    const desk = await openEventStream(one, 'libercourt', `/api/agent/demandes/${id}/flux`, alice.cookie);
    expect(await presenceOf(desk)).toEqual([]);
    const colleague = withCookie(httpClient(two, 'libercourt'), bruno.cookie);
    expect((await colleague.api.agent.demandes[':id'].statut.$post({ param: { id }, header: await seenBy(colleague, id), json: { status: 'acknowledged' } })).status).toBe(200);
    // The filing's own announcement may still reach the desk first, when the listening connection is slow.
    let event = await desk.next();
    while (event.event !== 'demande' || (JSON.parse(event.data) as { version: number }).version < 2) event = await desk.next();
    expect(JSON.parse(event.data)).toEqual({ version: 2, status: 'acknowledged' });
    desk.close();
  });

  it('forgets a desk gone silent (its server died without a word)', async () => {
    const id = await fileOne();
    // Bruno's desk was open on a server that died 50 s ago: its row stayed, never renewed.
    await withTenant(one.databases.app, libercourt.id, (tx) =>
      tx.insert(requestPresence).values({ tenantId: libercourt.id, requestId: id, agentId: bruno.agentId, seenAt: new Date(Date.now() - 50_000) }),
    );
    const desk = await openEventStream(one, 'libercourt', `/api/agent/demandes/${id}/flux`, alice.cookie);
    expect(await presenceOf(desk)).toEqual([]);
    desk.close();
    await withTenant(one.databases.app, libercourt.id, (tx) => tx.delete(requestPresence).where(eq(requestPresence.requestId, id)));
  });

  it('is not open to an agent who may not see the request', async () => {
    // A restricted procedure's request: only its own service sees it.
    await insertTestProcedure(one.databases.ownerClient, 'libercourt', 'test-presence-restreinte', 'services-techniques', testProcedureDefinition({ routing: [], restricted: true }));
    const citizen = withCookie(httpClient(one, 'libercourt'), (await citizenSession(one.databases.app, libercourt, 'presence.restreinte@example.fr')).cookie);
    const id = (await readJson(await citizen.api.demandes.$post({ json: { procedure: 'test-presence-restreinte', values: { objet: 'Aide', nature: 'voirie' } } }))).id;
    const stranger = await agentSession(one.databases.app, libercourt, { email: 'etat-civil.presence@libercourt.example.fr', role: 'agent', services: ['etat-civil'] });
    const refused = await openEventStream(one, 'libercourt', `/api/agent/demandes/${id}/flux`, stranger.cookie);
    expect(refused.status).toBe(404);
    refused.close();
  });
});
