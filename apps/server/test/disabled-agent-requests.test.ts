import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tenant } from '@guichet/db';
import { agentSession, citizenSession, communeBySlug, httpClient, insertTestProcedure, readJson, seenBy, startServer, testProcedureDefinition, type TestServer, withCookie } from '@guichet/testing';

let server: TestServer;
let libercourt: Tenant;

beforeAll(async () => {
  server = await startServer();
  await insertTestProcedure(server.databases.ownerClient, 'libercourt', 'test-desactivation', 'services-techniques', testProcedureDefinition({ routing: [] }));
  libercourt = await communeBySlug(server.databases.app, 'libercourt');
});
afterAll(() => server.close());

describe('disabling an agent', () => {
  it('gives their open requests back to their service’s queue at once, each with its event, and lists them for the administrator', async () => {
    const portal = httpClient(server, 'libercourt');
    const citizen = withCookie(portal, (await citizenSession(server.databases.app, libercourt, 'desactivation@example.fr')).cookie);
    const leaving = await agentSession(server.databases.app, libercourt, { email: 'depart@libercourt.example.fr', role: 'agent', services: ['services-techniques'], name: 'Agent qui part' });
    const agent = withCookie(portal, leaving.cookie);
    const admin = withCookie(portal, (await agentSession(server.databases.app, libercourt, { email: 'admin.desactivation@libercourt.example.fr', role: 'commune_admin', services: [] })).cookie);
    const file = async (objet: string) => (await readJson(await citizen.api.demandes.$post({ json: { procedure: 'test-desactivation', values: { objet, nature: 'voirie' } } }))) as { id: string; reference: string };
    const open = await file('Potelet arraché');
    const closed = await file('Tag sur un mur');
    for (const request of [open, closed]) {
      await agent.api.agent.demandes[':id'].attribution.$post({ param: { id: request.id }, header: await seenBy(agent, request.id), json: { assigneeId: leaving.agentId } });
    }
    await agent.api.agent.demandes[':id'].statut.$post({ param: { id: closed.id }, header: await seenBy(agent, closed.id), json: { status: 'done' } });
    const versionBefore = (await readJson(await admin.api.agent.demandes[':id'].$get({ param: { id: open.id } }))).version;

    const disabled = await admin.api.agent.administration.agents[':id'].desactivation.$post({ param: { id: leaving.agentId } });
    expect(disabled.status).toBe(200);
    expect((await readJson(disabled)).released).toEqual([{ id: open.id, reference: open.reference, summary: expect.stringContaining('Potelet arraché') }]);

    const released = await readJson(await admin.api.agent.demandes[':id'].$get({ param: { id: open.id } }));
    expect(released.assigneeId).toBeNull();
    expect(released.version).toBe(versionBefore + 1);
    expect(released.history.findLast((event: { kind: string }) => event.kind === 'assigned')).toMatchObject({ kind: 'assigned', public: false, payload: { from: leaving.agentId, to: null, reason: 'agent_disabled' } });
    // A closed request keeps who answered it.
    expect((await readJson(await admin.api.agent.demandes[':id'].$get({ param: { id: closed.id } }))).assigneeId).toBe(leaving.agentId);
    const queue = await readJson(await admin.api.agent.demandes.$get({ query: { procedure: 'test-desactivation', assignee: 'nobody' } }));
    expect(queue.requests.map((line: { id: string }) => line.id)).toContain(open.id);
  });
});

describe('making an agent an elected official', () => {
  it('gives their open requests back to their service’s queue: an official holds none', async () => {
    const portal = httpClient(server, 'libercourt');
    const citizen = withCookie(portal, (await citizenSession(server.databases.app, libercourt, 'election@example.fr')).cookie);
    const future = await agentSession(server.databases.app, libercourt, { email: 'futur.elu@libercourt.example.fr', role: 'agent', services: ['services-techniques'] });
    const agent = withCookie(portal, future.cookie);
    const admin = withCookie(portal, (await agentSession(server.databases.app, libercourt, { email: 'admin.election@libercourt.example.fr', role: 'commune_admin', services: [] })).cookie);
    const filed = (await readJson(await citizen.api.demandes.$post({ json: { procedure: 'test-desactivation', values: { objet: 'Banc à repeindre', nature: 'voirie' } } }))) as { id: string };
    await agent.api.agent.demandes[':id'].attribution.$post({ param: { id: filed.id }, header: await seenBy(agent, filed.id), json: { assigneeId: future.agentId } });
    expect((await admin.api.agent.administration.agents[':id'].role.$patch({ param: { id: future.agentId }, json: { role: 'elected_official' } })).status).toBe(200);
    expect((await readJson(await admin.api.agent.demandes[':id'].$get({ param: { id: filed.id } }))).assigneeId).toBeNull();
  });
});
