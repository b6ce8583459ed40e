import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant, type Tenant } from '@guichet/db';
import { followUpWaitingCitizen } from '@guichet/requests';
import { agentSession, citizenSession, communeBySlug, httpClient, insertTestProcedure, readJson, seenBy, startServer, testProcedureDefinition, type TestServer, withCookie } from '@guichet/testing';

let server: TestServer;
let lavaur: Tenant;
let citizen: ReturnType<typeof withCookie>;
let agent: ReturnType<typeof withCookie>;
const DAY = 24 * 3600_000;

// Lavaur: no other file leaves a request waiting for its citizen there, and the sweep takes them all.
beforeAll(async () => {
  server = await startServer();
  const owner = server.databases.ownerClient;
  await insertTestProcedure(owner, 'lavaur', 'test-relance', 'services-techniques', testProcedureDefinition({ routing: [], waitingCitizen: { remindAfterDays: 3, closeAfterDays: 10 } }));
  await insertTestProcedure(owner, 'lavaur', 'test-sans-relance', 'services-techniques', testProcedureDefinition({ routing: [], waitingCitizen: { remindAfterDays: null, closeAfterDays: null } }));
  // A workflow where nothing closes a request waiting for its citizen: the sweep must pass it by.
  await insertTestProcedure(
    owner,
    'lavaur',
    'test-sans-classement',
    'services-techniques',
    testProcedureDefinition({ routing: [], waitingCitizen: { remindAfterDays: 1, closeAfterDays: 2 }, workflow: { removeTransitions: [{ from: 'waiting_citizen', to: 'closed_without_action' }] } }),
  );
  lavaur = await communeBySlug(server.databases.app, 'lavaur');
  const portal = httpClient(server, 'lavaur');
  citizen = withCookie(portal, (await citizenSession(server.databases.app, lavaur, 'relance@example.fr')).cookie);
  agent = withCookie(portal, (await agentSession(server.databases.app, lavaur, { email: 'relance.agent@lavaur.example.fr', role: 'agent', services: ['services-techniques'] })).cookie);
});
afterAll(() => server.close());

/** A request the agent has just asked a question on: its clock is paused from now. */
async function askedCitizen(procedure: string) {
  const filed = (await readJson(await citizen.api.demandes.$post({ json: { procedure, values: { objet: 'Lampadaire clignotant', nature: 'voirie' } } }))) as { id: string; reference: string };
  const asked = await agent.api.agent.demandes[':id'].statut.$post({ param: { id: filed.id }, header: await seenBy(agent, filed.id), json: { status: 'waiting_citizen', comment: 'De quel numéro de lampadaire s’agit-il ?' } });
  expect(asked.status).toBe(200);
  return filed;
}

const sweep = (daysLater: number) =>
  withTenant(server.databases.app, lavaur.id, (tx) => followUpWaitingCitizen({ tx, jobs: server.dependencies.jobs, tenantId: lavaur.id, now: new Date(Date.now() + daysLater * DAY) }));
const detail = async (id: string) => readJson(await agent.api.agent.demandes[':id'].$get({ param: { id } }));
/**
 * Sweeps (`daysLater` days from now), then counts the request's reminders. The sweep skips a row
 * another transaction holds (the notification job of the question, a moment): polled, the next
 * sweep takes it.
 */
const reminders = async (id: string, daysLater = 3) => {
  await sweep(daysLater);
  return (await detail(id)).history.filter((event: { kind: string }) => event.kind === 'reminded').length;
};

describe('a request waiting for the citizen', () => {
  it('is reminded once after the procedure’s days, told to the citizen, without a new version; then closed without action, told too', async () => {
    const filed = await askedCitizen('test-relance');
    const version = (await detail(filed.id)).version;
    expect(await sweep(2)).toEqual({ reminded: 0, closed: 0 });
    await expect.poll(() => reminders(filed.id), { timeout: 10_000 }).toBe(1);
    await expect.poll(async () => (await sweep(4)).reminded + (await reminders(filed.id))).toBe(1);
    const reminded = await detail(filed.id);
    expect(reminded.version).toBe(version);
    expect(reminded.history.filter((event: { kind: string }) => event.kind === 'reminded')).toEqual([expect.objectContaining({ public: true, payload: expect.objectContaining({ waitedDays: 3 }) })]);
    const reminder = await server.mailbox.waitFor((message) => message.subject === `Rappel : la mairie attend votre réponse (demande ${filed.reference})`);
    expect(reminder.to).toContain('relance@example.fr');
    expect(reminder.text).toMatch(/Sans réponse d’ici le \d+ \S+ \d{4}, elle sera classée sans suite\./);

    // The sweep passes a request another transaction holds (skip locked): the reminder's own
    // notification job may hold it a moment; the next sweep takes it.
    await expect.poll(async () => (await sweep(10)).closed, { timeout: 10_000 }).toBe(1);
    const closed = await detail(filed.id);
    expect(closed.status).toBe('closed_without_action');
    expect(closed.history.findLast((event: { kind: string }) => event.kind === 'status_changed')).toMatchObject({ kind: 'status_changed', actorKind: 'system', public: true, payload: { to: 'closed_without_action', comment: expect.stringContaining('Sans réponse de votre part depuis 10 jours') } });
    await server.mailbox.waitFor((message) => message.subject === `Votre demande ${filed.reference} : Classée sans suite`);
  });

  it('is reminded again for a new question after the citizen answered the first', async () => {
    const filed = await askedCitizen('test-relance');
    await expect.poll(() => reminders(filed.id), { timeout: 10_000 }).toBe(1);
    await citizen.api.demandes[':id'].messages.$post({ param: { id: filed.id }, json: { body: 'Le numéro 12.', attachmentIds: [] } });
    expect((await detail(filed.id)).status).toBe('in_progress');
    await agent.api.agent.demandes[':id'].statut.$post({ param: { id: filed.id }, header: await seenBy(agent, filed.id), json: { status: 'waiting_citizen', comment: 'Et la rue ?' } });
    await expect.poll(() => reminders(filed.id), { timeout: 10_000 }).toBe(2);
  });

  it('waits as long as it takes where the procedure says so', async () => {
    const filed = await askedCitizen('test-sans-relance');
    await sweep(400);
    const still = await detail(filed.id);
    expect(still.status).toBe('waiting_citizen');
    expect(still.history.some((event: { kind: string }) => event.kind === 'reminded')).toBe(false);
  });

  it('is reminded first, never closed unwarned, when found waiting past the closing day (a sweep missed, an older request)', async () => {
    const filed = await askedCitizen('test-relance');
    await expect.poll(() => reminders(filed.id, 40), { timeout: 10_000 }).toBe(1);
    expect((await detail(filed.id)).status).toBe('waiting_citizen');
  });

  it('is passed by where the workflow lets nothing close it, and the commune’s other requests are swept all the same', async () => {
    const stuck = await askedCitizen('test-sans-classement');
    const other = await askedCitizen('test-relance');
    await expect.poll(() => reminders(other.id), { timeout: 10_000 }).toBe(1);
    await expect.poll(async () => (await sweep(20)).closed, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    expect((await detail(stuck.id)).status).toBe('waiting_citizen');
    expect((await detail(other.id)).status).toBe('closed_without_action');
  });
});
