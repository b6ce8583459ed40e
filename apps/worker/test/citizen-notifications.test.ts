import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tenant } from '@guichet/db';
import { agentSession, citizenSession, communeBySlug, httpClient, insertTestProcedure, readJson, seenBy, type SignedInClient, startServer, testProcedureDefinition, type TestServer, until, withCookie } from '@guichet/testing';

let server: TestServer;
let libercourt: Tenant;
let agent: SignedInClient;

const values = { objet: 'Banc cassé au square', nature: 'voirie' };

beforeAll(async () => {
  server = await startServer();
  // A service of the test's own: its one agent is told at once, not after every agent the other
  // tests gave Libercourt's technical services (told one by one, in the order of their addresses).
  await insertTestProcedure(server.databases.ownerClient, 'libercourt', 'test-notifications', 'essais-notifications', testProcedureDefinition({ routing: [] }));
  libercourt = await communeBySlug(server.databases.app, 'libercourt');
  agent = withCookie(
    httpClient(server, 'libercourt'),
    (await agentSession(server.databases.app, libercourt, { email: 'tech.notifications@libercourt.example.fr', role: 'agent', services: ['essais-notifications'] })).cookie,
  );
});
afterAll(() => server.close());

/** A citizen of Libercourt who asked, in their account, to be told by SMS as well as by e-mail. */
async function citizenWithSms(email: string, phone: string): Promise<SignedInClient> {
  const citizen = withCookie(httpClient(server, 'libercourt'), (await citizenSession(server.databases.app, libercourt, email)).cookie);
  const saved = await citizen.api.compte.preferences.$patch({ json: { notifyBySms: true, phone } });
  expect(saved.status).toBe(200);
  return citizen;
}

async function fileAndMoveOn(citizen: SignedInClient): Promise<{ id: string; reference: string }> {
  const response = await citizen.api.demandes.$post({ json: { procedure: 'test-notifications', values } });
  expect(response.status).toBe(201);
  const filed = await readJson(response);
  const moved = await agent.api.agent.demandes[':id'].statut.$post({ header: await seenBy(agent, filed.id), param: { id: filed.id }, json: { status: 'in_progress' } });
  expect(moved.status).toBe(200);
  return filed;
}

const smsTo = (phone: string) => server.sms.messages().filter((sms) => sms.to === phone);
const mailsAbout = (reference: string) => server.mailbox.messages().filter((mail) => mail.subject.includes(reference));

describe('SMS', () => {
  it('texts a citizen who opted in when their request changes status', async () => {
    const phone = '+33611223344';
    const citizen = await citizenWithSms('sms.oui@example.fr', '06 11 22 33 44');
    const { reference } = await fileAndMoveOn(citizen);
    await until(() => smsTo(phone).some((sms) => sms.text.includes(reference) && sms.text.includes('En cours de traitement')), 'the status SMS');
    const [changed] = smsTo(phone).filter((sms) => sms.text.includes('En cours de traitement'));
    expect(changed!.text).toBe(`Libercourt : votre demande ${reference} est désormais « En cours de traitement ».`);
  });
});

describe('a notification job run again after it was sent', () => {
  it('sends no second copy, by e-mail or SMS, when every job of a request runs a second time', async () => {
    const phone = '+33655667788';
    const citizen = await citizenWithSms('deux.fois@example.fr', '06 55 66 77 88');
    const owner = server.databases.ownerClient;
    const [{ since }] = await owner<[{ since: Date }]>`select now() as since`;
    const { reference } = await fileAndMoveOn(citizen);
    // What is told: the acknowledgement and the status change to the citizen (e-mail and SMS),
    // the new request to the service's agent.
    const told = () =>
      [
        `deux.fois@example.fr Accusé d’enregistrement de votre demande ${reference}`,
        `deux.fois@example.fr Votre demande ${reference} : En cours de traitement`,
        `tech.notifications@libercourt.example.fr Nouvelle demande ${reference} pour Service essais-notifications`,
      ].every((line) => mailsAbout(reference).some((mail) => `${mail.to} ${mail.subject}` === line)) && smsTo(phone).length === 2;
    await until(told, () => `the first copies, received: ${JSON.stringify(mailsAbout(reference).map((mail) => `${mail.to} ${mail.subject}`))}`);
    // Jobs of the platform queued since the filing (not pg-boss's own, nor its schedules), once all are done.
    const ranSince = () => owner<{ name: string; data: object; state: string }[]>`
      select name, data, state::text as state from pgboss.job
      where created_on >= ${since} and name not like '\\_\\_pgboss%' and name not in (select name from pgboss.schedule)`;
    await until(async () => (await ranSince()).every((job) => job.state === 'completed'), 'the jobs to complete');
    const completed = await ranSince();
    expect(completed.length).toBeGreaterThan(0);
    const firstCopies = { mails: mailsAbout(reference).map((mail) => `${mail.to} ${mail.subject}`).sort(), sms: smsTo(phone).map((sms) => sms.text).sort() };

    // pg-boss delivers at least once: a worker that dies after its transaction committed, before
    // the job is marked done, leaves the job to run again. Every one of them runs again here.
    const jobs = server.dependencies.jobs;
    const again = await Promise.all(completed.map(async ({ name, data }) => ({ name, id: (await jobs.send(name, data))! })));
    await until(async () => {
      const states = await Promise.all(again.map(async ({ name, id }) => (await jobs.getJobById(name, id))?.state));
      if (states.includes('failed')) throw new Error(`a job run again failed: ${JSON.stringify(states)}`);
      return states.every((state) => state === 'completed');
    }, 'the jobs run again');

    expect(mailsAbout(reference).map((mail) => `${mail.to} ${mail.subject}`).sort()).toEqual(firstCopies.mails);
    expect(smsTo(phone).map((sms) => sms.text).sort()).toEqual(firstCopies.sms);
  });
});
