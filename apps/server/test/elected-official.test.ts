import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tenant } from '@guichet/db';
import { agentSession, citizenSession, communeBySlug, httpClient, insertTestProcedure, readJson, startServer, testProcedureDefinition, type TestServer, withCookie } from '@guichet/testing';

type Client = ReturnType<typeof withCookie>;

let server: TestServer;
let libercourt: Tenant;
let citizen: Client;
let socialWorker: Client;
let roadWorker: Client;
let electedForSocial: Client;
let electedForPlanning: Client;
let socialWorkerId: string;

beforeAll(async () => {
  server = await startServer();
  // A restricted social-aid procedure that needs a decision, and an open one of the technical services.
  await insertTestProcedure(server.databases.ownerClient, 'libercourt', 'test-aide-elu', 'ccas', testProcedureDefinition({ routing: [], decisionRequired: true, restricted: true, delayDays: 5 }));
  await insertTestProcedure(server.databases.ownerClient, 'libercourt', 'test-voirie-elu', 'services-techniques', testProcedureDefinition({ routing: [], delayDays: 5 }));
  await insertTestProcedure(server.databases.ownerClient, 'libercourt', 'test-travaux-elu', 'services-techniques', testProcedureDefinition({ routing: [], decisionRequired: true }));
  libercourt = await communeBySlug(server.databases.app, 'libercourt');
  const portal = httpClient(server, 'libercourt');
  const staff = async (email: string, role: 'agent' | 'elected_official', services: string[], name: string) => {
    const session = await agentSession(server.databases.app, libercourt, { email, role, services, name });
    return { client: withCookie(portal, session.cookie), id: session.agentId };
  };
  citizen = withCookie(portal, (await citizenSession(server.databases.app, libercourt, 'decision.elu@example.fr')).cookie);
  const social = await staff('ccas.elu@libercourt.example.fr', 'agent', ['ccas'], 'Inès Social');
  socialWorker = social.client;
  socialWorkerId = social.id;
  roadWorker = (await staff('voirie.elu@libercourt.example.fr', 'agent', ['services-techniques'], 'Rémi Voirie')).client;
  electedForSocial = (await staff('adjointe.sociale@libercourt.example.fr', 'elected_official', ['ccas'], 'Odette Adjointe')).client;
  electedForPlanning = (await staff('adjoint.urbanisme@libercourt.example.fr', 'elected_official', ['urbanisme'], 'Paul Adjoint')).client;
});
afterAll(() => server.close());

async function staffClient(email: string, service: string, role: 'agent' | 'elected_official' = 'agent') {
  const session = await agentSession(server.databases.app, libercourt, { email, role, services: [service] });
  return { client: withCookie(httpClient(server, 'libercourt'), session.cookie), id: session.agentId };
}

async function file(procedure: string, objet: string): Promise<string> {
  const response = await citizen.api.demandes.$post({ json: { procedure, values: { objet, nature: 'voirie' } } });
  return (await readJson(response)).id;
}

async function read(agent: Client, id: string) {
  const response = await agent.api.agent.demandes[':id'].$get({ param: { id } });
  return { status: response.status, etag: response.headers.get('etag') ?? '', body: response.status === 200 ? await readJson(response) : undefined };
}

async function move(agent: Client, id: string, status: 'in_progress' | 'awaiting_decision' | 'accepted' | 'rejected', comment?: string) {
  const { etag } = await read(agent, id);
  return agent.api.agent.demandes[':id'].statut.$post({ param: { id }, header: { 'if-match': etag }, json: { status, ...(comment ? { comment } : {}) } });
}

/** A social-aid request brought to the decision step by the CCAS's agent. */
async function awaitingDecision(objet: string): Promise<string> {
  const id = await file('test-aide-elu', objet);
  expect((await move(socialWorker, id, 'in_progress')).status).toBe(200);
  expect((await move(socialWorker, id, 'awaiting_decision')).status).toBe(200);
  return id;
}

describe('the elected official', () => {
  it('decides a request awaiting decision in their domain, with the motive a refusal needs, and is named in its history', async () => {
    const id = await awaitingDecision('Aide au chauffage');
    const seen = await read(electedForSocial, id);
    expect(seen.body.transitions.map((move: { to: string }) => move.to).sort()).toEqual(['accepted', 'closed_without_action', 'done', 'in_progress', 'rejected']);
    const withoutMotive = await electedForSocial.api.agent.demandes[':id'].statut.$post({ param: { id }, header: { 'if-match': seen.etag }, json: { status: 'rejected' } });
    expect(withoutMotive.status).toBe(409);
    expect((await move(electedForSocial, id, 'rejected', 'Les ressources du foyer dépassent le plafond.')).status).toBe(200);
    const decided = (await read(socialWorker, id)).body;
    expect(decided.status).toBe('rejected');
    expect(decided.history.findLast((event: { kind: string }) => event.kind === 'status_changed')).toMatchObject({ kind: 'status_changed', actorName: 'Odette Adjointe', payload: { to: 'rejected', comment: 'Les ressources du foyer dépassent le plafond.' } });
  });

  it('cannot make any move but the decision', async () => {
    const id = await file('test-aide-elu', 'Aide aux vacances');
    const seen = await read(electedForSocial, id);
    expect(seen.body.transitions).toEqual([]);
    const refused = await electedForSocial.api.agent.demandes[':id'].statut.$post({ param: { id }, header: { 'if-match': seen.etag }, json: { status: 'in_progress' } });
    expect(refused.status).toBe(409);
    expect((await read(socialWorker, id)).body.status).toBe('submitted');
  });

  it('does not otherwise process requests: taking, assigning, transferring, prioritising, writing, merging, recording, acting in bulk are refused and change nothing', async () => {
    const id = await awaitingDecision('Aide à la cantine');
    const other = await file('test-aide-elu', 'Aide à la cantine (doublon)');
    const { etag, body } = await read(electedForSocial, id);
    const header = { 'if-match': etag };
    const param = { id };
    const api = electedForSocial.api.agent;
    const attempts = [
      await api.demandes[':id'].attribution.$post({ param, header, json: { assigneeId: socialWorkerId } }),
      await api.demandes[':id'].transfert.$post({ param, header, json: { service: 'etat-civil' } }),
      await api.demandes[':id'].priorite.$post({ param, header, json: { priority: 'urgent' } }),
      await api.demandes[':id'].messages.$post({ param, header, json: { body: 'Bonjour', attachmentIds: [] } }),
      await api.demandes[':id'].notes.$post({ param, header, json: { body: 'Vu.' } }),
      await api.demandes[':id'].fusion.$post({ param: { id: other }, header: { 'if-match': (await read(electedForSocial, other)).etag }, json: { into: id } }),
      await api.demandes.lot.$post({ json: { action: 'take', requests: [{ id, version: body.version }] } }),
      await api.demandes.$post({ json: { procedure: 'test-voirie-elu', channel: 'phone', values: { objet: 'Trou', nature: 'voirie' }, contact: { familyName: 'Durand', phone: '0612345678' } } }),
      await api.contacts.$get({ query: { q: 'Durand' } }),
    ];
    expect(attempts.map((response) => response.status)).toEqual(attempts.map(() => 403));
    expect((await readJson(attempts[0]!)).title).toBe("Votre rôle ne permet pas d'accéder à cette fonction.");
    const after = (await read(socialWorker, id)).body;
    expect(after).toMatchObject({ version: body.version, assigneeId: null, priority: 'normal', service: 'Centre communal d\'action sociale' });
    // (The platform's own bookkeeping, notifications sent, may have come meanwhile; nothing of the official's.)
    expect(after.history.filter((event: { actorName?: string }) => event.actorName === 'Odette Adjointe')).toEqual([]);
  });

  it('decides for their own services only, restricted or not, and is never given a request', async () => {
    const filed = await file('test-travaux-elu', 'Élagage d’un arbre');
    const roads = (await staffClient('voirie.decision@libercourt.example.fr', 'services-techniques')).client;
    for (const status of ['in_progress', 'awaiting_decision'] as const) expect((await move(roads, filed, status)).status).toBe(200);
    expect((await read(electedForSocial, filed)).status).toBe(404);
    const refused = await electedForSocial.api.agent.demandes[':id'].statut.$post({ param: { id: filed }, header: { 'if-match': (await read(roads, filed)).etag }, json: { status: 'accepted' } });
    expect(refused.status).toBe(404);
    expect((await read(roads, filed)).body.status).toBe('awaiting_decision');
    const elected = await staffClient('adjoint.travaux@libercourt.example.fr', 'services-techniques', 'elected_official');
    const given = await roads.api.agent.demandes[':id'].attribution.$post({ param: { id: filed }, header: { 'if-match': (await read(roads, filed)).etag }, json: { assigneeId: elected.id } });
    expect(given.status).toBe(409);
  });

  it('sees only the restricted requests of their own services', async () => {
    const id = await awaitingDecision('Aide au loyer');
    expect((await read(electedForPlanning, id)).status).toBe(404);
    const page = await readJson(await electedForPlanning.api.agent.demandes.$get({ query: { status: 'awaiting_decision' } }));
    expect(page.requests.map((line: { id: string }) => line.id)).not.toContain(id);
  });
});

describe('what the desk tells an agent', () => {
  it('the working days left, who has the request, to whom it can be assigned (not the elected official), and the person’s other requests they may see', async () => {
    const road = await file('test-voirie-elu', 'Trottoir abîmé');
    const social = await file('test-aide-elu', 'Aide à l’énergie');
    const { etag } = await read(socialWorker, social);
    await socialWorker.api.agent.demandes[':id'].attribution.$post({ param: { id: social }, header: { 'if-match': etag }, json: { assigneeId: socialWorkerId } });
    const forSocial = (await read(socialWorker, social)).body;
    expect(forSocial.workingDaysLeft).toBe(5);
    expect(forSocial.assigneeName).toBe('Inès Social');
    expect(forSocial.serviceSlug).toBe('ccas');
    const team = forSocial.team.map((member: { name: string }) => member.name);
    expect(team).toContain('Inès Social');
    expect(team).not.toContain('Odette Adjointe');
    expect(forSocial.contactRequests.map((other: { id: string }) => other.id)).toContain(road);
    // The technical-services agent sees the same person's road request, never their social aid.
    const forRoad = (await read(roadWorker, road)).body;
    const theirs = forRoad.contactRequests.map((other: { id: string }) => other.id);
    expect(theirs).not.toContain(social);
  });
});
