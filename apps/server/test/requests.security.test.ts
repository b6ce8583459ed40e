import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentSession, citizenSession, communeBySlug, httpClient, insertTestProcedure, readJson, type SignedInClient, startServer, testProcedureDefinition, type TestServer, withCookie, seenBy } from '@guichet/testing';

let server: TestServer;
let libercourtCitizen: SignedInClient;
let otherCitizen: SignedInClient;
let libercourtTechnician: SignedInClient;
let libercourtSocialWorker: SignedInClient;
let carvinAgent: SignedInClient;

const values = { objet: 'Aide au chauffage', nature: 'voirie' };

beforeAll(async () => {
  server = await startServer();
  const owner = server.databases.ownerClient;
  await insertTestProcedure(owner, 'libercourt', 'test-signalement', 'services-techniques', testProcedureDefinition());
  await insertTestProcedure(owner, 'libercourt', 'test-aide-sociale', 'ccas', testProcedureDefinition({ title: 'Aide sociale', restricted: true, routing: [], anonymousAllowed: false }));
  await insertTestProcedure(owner, 'carvin', 'test-signalement', 'services-techniques', testProcedureDefinition({ routing: [] }));
  const libercourt = await communeBySlug(server.databases.app, 'libercourt');
  const carvin = await communeBySlug(server.databases.app, 'carvin');
  const portal = httpClient(server, 'libercourt');
  libercourtCitizen = withCookie(portal, (await citizenSession(server.databases.app, libercourt, 'a.security@example.fr')).cookie);
  otherCitizen = withCookie(portal, (await citizenSession(server.databases.app, libercourt, 'b.security@example.fr')).cookie);
  libercourtTechnician = withCookie(portal, (await agentSession(server.databases.app, libercourt, { email: 'tech.security@libercourt.example.fr', role: 'agent', services: ['services-techniques'] })).cookie);
  libercourtSocialWorker = withCookie(portal, (await agentSession(server.databases.app, libercourt, { email: 'ccas.security@libercourt.example.fr', role: 'agent', services: ['ccas'] })).cookie);
  carvinAgent = withCookie(httpClient(server, 'carvin'), (await agentSession(server.databases.app, carvin, { email: 'agent.security@carvin.example.fr', role: 'commune_admin', services: ['services-techniques'] })).cookie);
});
afterAll(() => server.close());

describe('who may see and touch a request', () => {
  it("never shows commune A's requests to commune B, by list or by id", async () => {
    const filed = await readJson(await libercourtCitizen.api.demandes.$post({ json: { procedure: 'test-signalement', values } }));
    expect((await carvinAgent.api.agent.demandes[':id'].$get({ param: { id: filed.id } })).status).toBe(404);
    const inbox = await readJson(await carvinAgent.api.agent.demandes.$get({ query: { limite: '100' } }));
    expect(inbox.requests.map((request: { reference: string }) => request.reference)).not.toContain(filed.reference);
    expect((await carvinAgent.api.agent.demandes[':id'].statut.$post({ header: await seenBy(carvinAgent, filed.id), param: { id: filed.id }, json: { status: 'in_progress' } })).status).toBe(404);
  });

  it("does not let a citizen read or answer another citizen's request", async () => {
    const filed = await readJson(await libercourtCitizen.api.demandes.$post({ json: { procedure: 'test-signalement', values } }));
    expect((await otherCitizen.api.demandes[':id'].$get({ param: { id: filed.id } })).status).toBe(404);
    expect((await otherCitizen.api.demandes[':id'].messages.$post({ param: { id: filed.id }, json: { body: 'Intrus' } })).status).toBe(404);
    const list = await readJson(await otherCitizen.api.demandes.$get());
    expect(list.requests.map((request: { id: string }) => request.id)).not.toContain(filed.id);
  });

  it("does not let a citizen reopen or withdraw another citizen's request", async () => {
    const filed = await readJson(await libercourtCitizen.api.demandes.$post({ json: { procedure: 'test-signalement', values } }));
    expect((await otherCitizen.api.demandes[':id'].retrait.$post({ param: { id: filed.id }, json: { reason: 'Intrus' } })).status).toBe(404);
    await libercourtTechnician.api.agent.demandes[':id'].statut.$post({ header: await seenBy(libercourtTechnician, filed.id), param: { id: filed.id }, json: { status: 'done' } });
    expect((await otherCitizen.api.demandes[':id'].reouverture.$post({ param: { id: filed.id }, json: { comment: 'Intrus' } })).status).toBe(404);
    const detail = await readJson(await libercourtCitizen.api.demandes[':id'].$get({ param: { id: filed.id } }));
    expect(detail.status).toBe('done');
    expect(detail.history.map((event: { kind: string }) => event.kind)).toEqual(['filed', 'status_changed']);
  });

  it("keeps a restricted procedure's requests to its own service", async () => {
    const filed = await readJson(await libercourtCitizen.api.demandes.$post({ json: { procedure: 'test-aide-sociale', values } }));
    expect((await libercourtSocialWorker.api.agent.demandes[':id'].$get({ param: { id: filed.id } })).status).toBe(200);
    expect((await libercourtTechnician.api.agent.demandes[':id'].$get({ param: { id: filed.id } })).status).toBe(404);
    const inbox = await readJson(await libercourtTechnician.api.agent.demandes.$get({ query: { limite: '100' } }));
    expect(inbox.requests.map((request: { id: string }) => request.id)).not.toContain(filed.id);
  });

  it('refuses the agent API to citizens and anonymous callers', async () => {
    expect((await libercourtCitizen.api.agent.demandes.$get({ query: {} })).status).toBe(401);
    expect((await httpClient(server, 'libercourt').api.agent.demandes.$get({ query: {} })).status).toBe(401);
  });

  it('refuses an anonymous filing where the procedure requires an account', async () => {
    const response = await httpClient(server, 'libercourt').api.demandes.$post({
      json: { procedure: 'test-aide-sociale', values, contact: { email: 'x@example.fr' } },
    });
    expect(response.status).toBe(422);
  });

  it('refuses a portal filing that claims another channel, and an agent filing on the portal channel', async () => {
    expect((await libercourtCitizen.post('/api/demandes', { procedure: 'test-signalement', values, channel: 'phone' })).status).toBe(422);
    expect((await libercourtTechnician.post('/api/agent/demandes', { procedure: 'test-signalement', values, channel: 'portal' })).status).toBe(422);
  });

  it('refuses a state-changing request from another origin', async () => {
    const portal = httpClient(server, 'libercourt');
    const response = await portal.request('/api/demandes', { method: 'POST', json: { procedure: 'test-signalement', values }, headers: { origin: `http://carvin.localhost:${server.port}` } });
    expect(response.status).toBe(403);
  });
});

describe('bad input', () => {
  it('refuses a body that is not JSON with a 400 problem in French, not a 500', async () => {
    const malformed = await httpClient(server, 'libercourt').request('/api/demandes', {
      method: 'POST',
      body: '{"procedure": "test-signalement", "values": {',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await readJson(malformed)).title).toBe('Requête illisible.');
  });

  it('refuses a body sent under another content type with a 415 problem in French', async () => {
    const asText = await httpClient(server, 'libercourt').request('/api/demandes', {
      method: 'POST',
      body: JSON.stringify({ procedure: 'test-signalement', values: {} }),
      headers: { 'content-type': 'text/plain' },
    });
    expect(asText.status).toBe(415);
    expect(asText.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await readJson(asText)).toMatchObject({ title: 'Type de contenu refusé.', type: expect.stringMatching(/type-de-contenu-refuse$/) });
  });

  it('says in French what is wrong with each field, even where the schema has no message of its own', async () => {
    const response = await libercourtCitizen.post('/api/demandes', { procedure: 5, values: 'aucune' });
    expect(response.status).toBe(422);
    const { errors } = await readJson(response);
    expect(errors.map((error: { field: string }) => error.field).sort()).toEqual(['procedure', 'values']);
    for (const error of errors as { message: string }[]) {
      expect(error.message).not.toMatch(/Invalid|expected|received/);
      expect(error.message).toMatch(/attendu/);
    }
  });

  it('refuses a withdrawal without a reason, or with one over 1,000 characters, field by field, and changes nothing', async () => {
    const filed = await readJson(await libercourtCitizen.api.demandes.$post({ json: { procedure: 'test-signalement', values } }));
    for (const body of [{}, { reason: '   ' }, { reason: 'x'.repeat(1001) }]) {
      const response = await libercourtCitizen.post(`/api/demandes/${filed.id}/retrait`, body);
      expect(response.status, JSON.stringify(body).slice(0, 40)).toBe(422);
      const { errors } = await readJson(response);
      expect(errors).toEqual([expect.objectContaining({ field: 'reason', message: expect.stringMatching(/^(Indiquez pourquoi|Le motif tient)/) })]);
    }
    const detail = await readJson(await libercourtCitizen.api.demandes[':id'].$get({ param: { id: filed.id } }));
    expect(detail.status).toBe('submitted');
    expect(detail.history.map((event: { kind: string }) => event.kind)).toEqual(['filed']);
  });

  it('refuses a reopening without a comment, and changes nothing', async () => {
    const filed = await readJson(await libercourtCitizen.api.demandes.$post({ json: { procedure: 'test-signalement', values } }));
    await libercourtTechnician.api.agent.demandes[':id'].statut.$post({ header: await seenBy(libercourtTechnician, filed.id), param: { id: filed.id }, json: { status: 'done' } });
    for (const body of [{}, { comment: '' }]) {
      const response = await libercourtCitizen.post(`/api/demandes/${filed.id}/reouverture`, body);
      expect(response.status).toBe(422);
      expect((await readJson(response)).errors).toEqual([expect.objectContaining({ field: 'comment', message: 'Dites ce qui n’est pas résolu.' })]);
    }
    expect((await readJson(await libercourtCitizen.api.demandes[':id'].$get({ param: { id: filed.id } }))).status).toBe('done');
  });
});

describe('the history', () => {
  it('cannot be altered or deleted, even by the application role', async () => {
    const libercourt = await communeBySlug(server.databases.app, 'libercourt');
    const state = await server.databases.appClient
      .begin(async (sql) => {
        await sql`select set_config('app.tenant_id', ${libercourt.id}, true)`;
        await sql`update request_events set payload = '{}'::jsonb`;
      })
      .then(
        () => 'changed',
        (error: { code?: string }) => error.code,
      );
    expect(state).toBe('42501');
  });
});
