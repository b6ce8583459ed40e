import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCommuneSettings } from '@guichet/catalogue';
import { withTenant, type Tenant } from '@guichet/db';
import { addWorkingDays } from '@guichet/deadlines';
import { agentSession, citizenSession, communeBySlug, httpClient, insertTestProcedure, readJson, type SignedInClient, startServer, testProcedureDefinition, type TestServer, withCookie, seenBy } from '@guichet/testing';

let server: TestServer;
let libercourt: Tenant;
let citizen: SignedInClient;
let agent: SignedInClient;
let manager: SignedInClient;

const values = { objet: 'Nid-de-poule rue Jean Jaurès', nature: 'voirie' };
const day = 24 * 3600_000;

beforeAll(async () => {
  server = await startServer();
  await insertTestProcedure(server.databases.ownerClient, 'libercourt', 'test-signalement', 'services-techniques', testProcedureDefinition());
  libercourt = await communeBySlug(server.databases.app, 'libercourt');
  const portal = httpClient(server, 'libercourt');
  citizen = withCookie(portal, (await citizenSession(server.databases.app, libercourt, 'suivi.usager@example.fr')).cookie);
  agent = withCookie(
    portal,
    (await agentSession(server.databases.app, libercourt, { email: 'technicien.suivi@libercourt.example.fr', role: 'agent', services: ['services-techniques'] })).cookie,
  );
  manager = withCookie(
    portal,
    (await agentSession(server.databases.app, libercourt, { email: 'chef.suivi@libercourt.example.fr', role: 'service_manager', services: ['services-techniques'] })).cookie,
  );
});
afterAll(() => server.close());

async function file(by: SignedInClient = citizen): Promise<{ id: string; reference: string; dueAt: string }> {
  const response = await by.api.demandes.$post({ json: { procedure: 'test-signalement', values } });
  expect(response.status).toBe(201);
  return readJson(response);
}

async function moveTo(id: string, status: 'in_progress' | 'done' | 'acknowledged') {
  expect((await agent.api.agent.demandes[':id'].statut.$post({ header: await seenBy(agent, id), param: { id }, json: { status } })).status, status).toBe(200);
}

/**
 * Moves a request's dates back in time, as the owner, as if it had been filed and closed `days`
 * ago; `overdue` also flags it as the deadline sweep does once its due date has passed.
 */
async function age(id: string, days: number, { overdue = false } = {}) {
  await server.databases.ownerClient.begin(async (sql) => {
    await sql`select set_config('app.tenant_id', ${libercourt.id}, true)`;
    const interval = `${days} days`;
    await sql`update requests set filed_at = filed_at - ${interval}::interval, due_at = due_at - ${interval}::interval,
      closed_at = closed_at - ${interval}::interval where id = ${id}`;
    if (overdue) await sql`update requests set overdue_at = due_at where id = ${id}`;
  });
}

const detailOf = async (id: string) => readJson(await citizen.api.demandes[':id'].$get({ param: { id } }));
const kinds = (detail: { history: { kind: string }[] }) => detail.history.map((event) => event.kind);

describe('reopening by the citizen', () => {
  it('puts an answered request back in progress in its service, with the full delay from the reopening, for both sides to see', async () => {
    const filed = await file();
    await moveTo(filed.id, 'done');
    await age(filed.id, 10, { overdue: true });
    const comment = 'Le trou a été rebouché mais il est déjà revenu.';
    const response = await citizen.api.demandes[':id'].reouverture.$post({ param: { id: filed.id }, json: { comment } });
    expect(response.status).toBe(200);
    const reopened = await readJson(response);
    expect(reopened.status).toBe('in_progress');

    const seenByCitizen = await detailOf(filed.id);
    expect(seenByCitizen).toMatchObject({ status: 'in_progress', closedAt: null, service: 'Services techniques', dueAt: reopened.dueAt });
    const event = seenByCitizen.history.at(-1);
    expect(event).toMatchObject({ kind: 'reopened', actorKind: 'citizen', payload: { from: 'done', to: 'in_progress', comment } });
    // The procedure's 5 working days, counted from the reopening with the commune's calendar.
    const { calendar } = await withTenant(server.databases.app, libercourt.id, (tx) => readCommuneSettings({ tx }));
    expect(reopened.dueAt).toBe(addWorkingDays(new Date(event.at), 5, calendar).toISOString());
    expect(new Date(reopened.dueAt).getTime()).toBeGreaterThan(new Date(filed.dueAt).getTime() - 10 * day);

    const seenByAgent = await readJson(await agent.api.agent.demandes[':id'].$get({ param: { id: filed.id } }));
    expect(seenByAgent).toMatchObject({ status: 'in_progress', overdue: false });
    expect(seenByAgent.history.filter((entry: { kind: string }) => entry.kind === 'reopened')).toEqual([
      expect.objectContaining({ public: true, payload: expect.objectContaining({ comment }) }),
    ]);
    const mail = await server.mailbox.waitFor(
      (message) => message.subject === `Demande ${filed.reference} rouverte par l’usager : problème non résolu` && message.to.includes('technicien.suivi@libercourt.example.fr'),
      15_000,
    );
    expect(mail.text).toContain(comment);
  });

  it('lets the citizen rate again after the next closure, and keeps the latest rating', async () => {
    const filed = await file();
    await moveTo(filed.id, 'done');
    expect((await citizen.api.demandes[':id'].avis.$post({ param: { id: filed.id }, json: { rating: 2, comment: 'Pas vraiment réparé.' } })).status).toBe(200);
    expect((await citizen.api.demandes[':id'].avis.$post({ param: { id: filed.id }, json: { rating: 3 } })).status).toBe(409);
    expect((await citizen.api.demandes[':id'].reouverture.$post({ param: { id: filed.id }, json: { comment: 'Toujours là.' } })).status).toBe(200);
    // Open again: nothing to rate until it is closed again.
    expect((await citizen.api.demandes[':id'].avis.$post({ param: { id: filed.id }, json: { rating: 4 } })).status).toBe(409);
    await moveTo(filed.id, 'done');
    expect((await citizen.api.demandes[':id'].avis.$post({ param: { id: filed.id }, json: { rating: 5, comment: 'Enfin réparé.' } })).status).toBe(200);
    expect((await citizen.api.demandes[':id'].avis.$post({ param: { id: filed.id }, json: { rating: 1 } })).status).toBe(409);
    const detail = await detailOf(filed.id);
    expect(detail.satisfactionRating).toBe(5);
    expect(detail.history.filter((event: { kind: string }) => event.kind === 'rated').map((event: { payload: { rating: number } }) => event.payload.rating)).toEqual([2, 5]);
    expect(kinds(detail).filter((kind: string) => kind === 'reopened')).toHaveLength(1);
  });

  it('refuses after 15 days with a French 409, and changes nothing', async () => {
    const filed = await file();
    await moveTo(filed.id, 'done');
    await age(filed.id, 14);
    expect((await detailOf(filed.id)).reopenableUntil).not.toBeNull();
    await age(filed.id, 2);
    expect((await detailOf(filed.id)).reopenableUntil).toBeNull();
    const response = await citizen.api.demandes[':id'].reouverture.$post({ param: { id: filed.id }, json: { comment: 'Toujours là.' } });
    expect(response.status).toBe(409);
    const problem = await readJson(response);
    expect(problem.title).toBe(
      `Le délai est dépassé : ce changement n’est possible que dans les 15 jours qui suivent la clôture de la demande. Déposez une nouvelle demande en rappelant la référence ${filed.reference}.`,
    );
    const detail = await detailOf(filed.id);
    expect(detail.status).toBe('done');
    expect(kinds(detail)).not.toContain('reopened');
  });

  it('reopens only an answered request: not a refused one, nor one still open', async () => {
    const refused = await file();
    const decision = await manager.api.agent.demandes[':id'].statut.$post({ header: await seenBy(manager, refused.id), param: { id: refused.id }, json: { status: 'rejected', comment: 'Voie départementale.' } });
    expect(decision.status).toBe(200);
    const onRefused = await citizen.api.demandes[':id'].reouverture.$post({ param: { id: refused.id }, json: { comment: 'Je conteste.' } });
    expect(onRefused.status).toBe(409);
    expect((await readJson(onRefused)).title).toMatch(/^Une demande « Refusée » ne peut pas être rouverte/);
    const open = await file();
    const onOpen = await citizen.api.demandes[':id'].reouverture.$post({ param: { id: open.id }, json: { comment: 'Rien ne bouge.' } });
    expect(onOpen.status).toBe(409);
    expect((await detailOf(open.id)).status).toBe('submitted');
  });
});

describe('withdrawal by the citizen', () => {
  it('closes a request the service has not started, with the reason in the public history, and tells the service', async () => {
    const filed = await file();
    expect((await detailOf(filed.id)).withdrawable).toBe(true);
    const reason = 'Le problème a été réglé entre voisins.';
    const response = await citizen.api.demandes[':id'].retrait.$post({ param: { id: filed.id }, json: { reason } });
    expect(response.status).toBe(200);
    expect((await readJson(response)).status).toBe('closed_without_action');
    const detail = await detailOf(filed.id);
    expect(detail).toMatchObject({ status: 'closed_without_action', withdrawable: false, reopenableUntil: null });
    expect(detail.closedAt).not.toBeNull();
    expect(detail.history.at(-1)).toMatchObject({
      kind: 'status_changed',
      actorKind: 'citizen',
      payload: { from: 'submitted', to: 'closed_without_action', comment: reason },
    });
    const mail = await server.mailbox.waitFor(
      (message) => message.subject === `Demande ${filed.reference} retirée par l’usager` && message.to.includes('technicien.suivi@libercourt.example.fr'),
      15_000,
    );
    expect(mail.text).toContain(reason);
  });

  it('withdraws an acknowledged request too', async () => {
    const filed = await file();
    await moveTo(filed.id, 'acknowledged');
    const response = await citizen.api.demandes[':id'].retrait.$post({ param: { id: filed.id }, json: { reason: 'Plus besoin.' } });
    expect(response.status).toBe(200);
  });

  it('refuses a request the service has started with a French 409, and changes nothing', async () => {
    const filed = await file();
    await moveTo(filed.id, 'in_progress');
    expect((await detailOf(filed.id)).withdrawable).toBe(false);
    const response = await citizen.api.demandes[':id'].retrait.$post({ param: { id: filed.id }, json: { reason: 'Plus besoin.' } });
    expect(response.status).toBe(409);
    expect(await readJson(response)).toMatchObject({
      type: expect.stringMatching(/transition-refusee$/),
      title: 'Cette demande ne peut plus être retirée : le service a déjà commencé à la traiter. Écrivez-lui si vous n’en avez plus besoin.',
    });
    const detail = await detailOf(filed.id);
    expect(detail.status).toBe('in_progress');
    expect(kinds(detail)).toEqual(['filed', 'status_changed']);
  });
});

describe('unread news on « Mes demandes »', () => {
  const lineOf = async (reader: SignedInClient, id: string) =>
    (await readJson(await reader.api.demandes.$get())).requests.find((line: { id: string }) => line.id === id);

  it("counts the commune's public messages and status changes until the citizen opens the request, never its internal notes", async () => {
    const filed = await file();
    expect(await lineOf(citizen, filed.id)).toMatchObject({ unreadMessages: 0 });
    expect((await agent.api.agent.demandes[':id'].messages.$post({ header: await seenBy(agent, filed.id), param: { id: filed.id }, json: { body: 'Une équipe passe demain.' } })).status).toBe(201);
    expect((await lineOf(citizen, filed.id)).unreadMessages).toBe(1);
    expect((await agent.api.agent.demandes[':id'].notes.$post({ header: await seenBy(agent, filed.id), param: { id: filed.id }, json: { body: 'Prévoir la nacelle.' } })).status).toBe(201);
    expect((await lineOf(citizen, filed.id)).unreadMessages).toBe(1);
    await moveTo(filed.id, 'in_progress');
    const line = await lineOf(citizen, filed.id);
    expect(line.unreadMessages).toBe(2);
    const beforeReading = await detailOf(filed.id);
    expect(line.lastActivityAt).toBe(beforeReading.history.at(-1).at);
    expect((await lineOf(citizen, filed.id)).unreadMessages).toBe(0);
    expect((await agent.api.agent.demandes[':id'].notes.$post({ header: await seenBy(agent, filed.id), param: { id: filed.id }, json: { body: 'Nacelle réservée.' } })).status).toBe(201);
    expect((await lineOf(citizen, filed.id)).unreadMessages).toBe(0);
    expect((await agent.api.agent.demandes[':id'].messages.$post({ header: await seenBy(agent, filed.id), param: { id: filed.id }, json: { body: 'C’est réparé.' } })).status).toBe(201);
    expect((await lineOf(citizen, filed.id)).unreadMessages).toBe(1);
  });

  it('does not count what the citizen caused: the question they answered, and the resumption their answer brings', async () => {
    const filed = await file();
    await moveTo(filed.id, 'in_progress');
    await agent.api.agent.demandes[':id'].statut.$post({ header: await seenBy(agent, filed.id), param: { id: filed.id }, json: { status: 'waiting_citizen', comment: 'Quel numéro ?' } });
    expect((await lineOf(citizen, filed.id)).unreadMessages).toBe(2);
    expect((await citizen.api.demandes[':id'].messages.$post({ param: { id: filed.id }, json: { body: 'Le 12.' } })).status).toBe(201);
    expect(await lineOf(citizen, filed.id)).toMatchObject({ status: 'in_progress', unreadMessages: 0 });
  });

  it('lists the requests with unread news first, then by last activity', async () => {
    const reader = withCookie(httpClient(server, 'libercourt'), (await citizenSession(server.databases.app, libercourt, 'ordre.suivi@example.fr')).cookie);
    const first = await file(reader);
    const second = await file(reader);
    const third = await file(reader);
    const order = async () => (await readJson(await reader.api.demandes.$get())).requests.map((line: { reference: string }) => line.reference);
    expect(await order()).toEqual([third.reference, second.reference, first.reference]);
    await agent.api.agent.demandes[':id'].messages.$post({ header: await seenBy(agent, first.id), param: { id: first.id }, json: { body: 'Pouvez-vous préciser ?' } });
    // The citizen's own message makes the second the most recently active, but the first has news.
    await reader.api.demandes[':id'].messages.$post({ param: { id: second.id }, json: { body: 'J’ajoute une précision.' } });
    expect(await order()).toEqual([first.reference, second.reference, third.reference]);
    await reader.api.demandes[':id'].$get({ param: { id: first.id } });
    expect(await order()).toEqual([second.reference, first.reference, third.reference]);
  });
});
