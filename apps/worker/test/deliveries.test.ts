import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveries, requestEvents, withTenant, type Tenant } from '@guichet/db';
import { deliverOnce } from '../src/delivery.ts';
import { agentSession, citizenSession, communeBySlug, httpClient, insertTestProcedure, readJson, type SignedInClient, startServer, testProcedureDefinition, type TestServer, until, withCookie } from '@guichet/testing';

let server: TestServer;
let libercourt: Tenant;

/** A job's retry comes 10 to 40 s after its failure. */
const RETRY_WAIT = 45_000;

const values = { objet: 'Lampadaire éteint rue des Écoles', nature: 'eclairage' };

beforeAll(async () => {
  server = await startServer();
  // A service no other file gives agents to: its agents, told one after another, stay few
  // (the technical services gather dozens over a run, and their first run of mails then outlasts a retry's wait).
  await insertTestProcedure(server.databases.ownerClient, 'libercourt', 'test-livraisons', 'cabinet-du-maire', testProcedureDefinition({ routing: [] }));
  libercourt = await communeBySlug(server.databases.app, 'libercourt');
});
afterAll(() => server.close());

async function citizen(email: string, phone?: string): Promise<SignedInClient> {
  const client = withCookie(httpClient(server, 'libercourt'), (await citizenSession(server.databases.app, libercourt, email)).cookie);
  if (phone) expect((await client.api.compte.preferences.$patch({ json: { notifyBySms: true, phone } })).status).toBe(200);
  return client;
}

async function file(client: SignedInClient): Promise<{ id: string; reference: string }> {
  const response = await client.api.demandes.$post({ json: { procedure: 'test-livraisons', values } });
  expect(response.status).toBe(201);
  return readJson(response);
}

/** What every job queued since `since` came to, once none is waiting or retrying any more. */
async function settledSince(since: Date): Promise<void> {
  const owner = server.databases.ownerClient;
  await until(async () => {
    const [{ pending }] = await owner<[{ pending: number }]>`
      select count(*)::int as pending from pgboss.job
      where created_on >= ${since} and name like 'request.%' and state::text not in ('completed', 'failed', 'cancelled')`;
    return pending === 0;
  }, 'the notification jobs to settle', RETRY_WAIT);
}

const mailsTo = (to: string, reference: string) => server.mailbox.messages().filter((mail) => mail.to.includes(to) && mail.subject.includes(reference));

async function now(): Promise<Date> {
  const [{ at }] = await server.databases.ownerClient<[{ at: Date }]>`select now() as at`;
  return at;
}

describe('each notification is a delivery of its own', () => {
  it('does not send the e-mail again when the SMS that follows it fails and the job retries', async () => {
    const since = await now();
    const phone = '+33677889900';
    server.sms.failNext(1);
    const { id, reference } = await file(await citizen('livraison.sms@example.fr', '06 77 88 99 00'));

    await until(() => server.sms.messages().some((sms) => sms.to === phone && sms.text.includes(reference)), 'the SMS, sent on retry', RETRY_WAIT);
    await settledSince(since);

    expect(mailsTo('livraison.sms@example.fr', reference).map((mail) => mail.subject)).toEqual([`Accusé d’enregistrement de votre demande ${reference}`]);
    expect(server.sms.messages().filter((sms) => sms.to === phone)).toHaveLength(1);
    // The history tells both channels, once each.
    const told = await withTenant(server.databases.app, libercourt.id, (tx) =>
      tx.select({ payload: requestEvents.payload }).from(requestEvents).where(and(eq(requestEvents.requestId, id), eq(requestEvents.kind, 'notified'))),
    );
    expect(told.map(({ payload }) => payload.channel).sort()).toEqual(['email', 'sms']);
  }, 60_000);

  it('tells the other agents at once when one agent’s mailbox refuses, and sends only that one again', async () => {
    const since = await now();
    // Agents are told in the order of their addresses: the refused one comes first.
    const refused = 'aaa.livraison@libercourt.example.fr';
    const other = 'zzz.livraison@libercourt.example.fr';
    for (const email of [refused, other]) await agentSession(server.databases.app, libercourt, { email, role: 'agent', services: ['cabinet-du-maire'] });
    server.mailbox.failNext(1, 451, refused);
    const { reference } = await file(await citizen('livraison.agents@example.fr'));

    await until(() => mailsTo(refused, reference).length > 0, 'the refused agent’s mail, sent on retry', RETRY_WAIT);
    await settledSince(since);

    expect(mailsTo(other, reference)).toHaveLength(1);
    expect(mailsTo(refused, reference)).toHaveLength(1);
    // The other agent heard on the first run, not after the refused one's retry.
    expect(mailsTo(other, reference)[0]!.receivedAt.getTime()).toBeLessThan(mailsTo(refused, reference)[0]!.receivedAt.getTime());
  }, 60_000);

  it('tells the service at once when the citizen’s mailbox refuses the acknowledgement, and sends only that again', async () => {
    const since = await now();
    const agent = 'depot.livraison@libercourt.example.fr';
    const filer = 'livraison.refusee@example.fr';
    await agentSession(server.databases.app, libercourt, { email: agent, role: 'agent', services: ['cabinet-du-maire'] });
    // The filing's one job queues both notices, each its own job: the citizen's is refused here.
    server.mailbox.failNext(1, 451, filer);
    const { reference } = await file(await citizen(filer));

    await until(() => mailsTo(filer, reference).length > 0, 'the acknowledgement, sent on retry', RETRY_WAIT);
    await settledSince(since);

    expect(mailsTo(filer, reference)).toHaveLength(1);
    expect(mailsTo(agent, reference)).toHaveLength(1);
    expect(mailsTo(agent, reference)[0]!.receivedAt.getTime()).toBeLessThan(mailsTo(filer, reference)[0]!.receivedAt.getTime());
  }, 60_000);

  it('lets a second run of the same delivery wait for the first instead of sending too', async () => {
    const delivery = { messageId: `<test-claim-${Date.now()}@guichet.localhost>`, channel: 'email' as const };
    let release!: () => void;
    let sends = 0;
    const first = deliverOnce(server.databases.app, delivery, async () => {
      sends += 1;
      await new Promise<void>((resolve) => (release = resolve));
    });
    await until(() => sends === 1, 'the first run to be sending');
    const second = deliverOnce(server.databases.app, delivery, async () => void (sends += 1));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(sends).toBe(1);
    release();
    expect(await first).toBe(true);
    // The second run finds the delivery accepted once the first is done, and sends nothing.
    expect(await second).toBe(false);
    expect(sends).toBe(1);
  });
});

describe('the one window: the server accepted, the acceptance was not recorded', () => {
  it('sends the copy again once the dead attempt’s claim has lapsed, with the same Message-ID', async () => {
    const owner = server.databases.ownerClient;
    // As if the worker died right after the SMTP server's acceptance: recording it fails, once,
    // for the acknowledgements of this commune, and the attempt's claim is left behind.
    await owner.unsafe(`
      create sequence test_acceptance_fault;
      create function test_acceptance_fault() returns trigger language plpgsql security definer as $$
      begin
        if new.accepted_at is not null and new.message_id like '<demande-%.${libercourt.id}@%' and nextval('test_acceptance_fault') = 1 then
          raise exception 'simulated crash before the acceptance was recorded';
        end if;
        return new;
      end $$;
      create trigger test_acceptance_fault before update on deliveries for each row execute function test_acceptance_fault();`);
    try {
      const since = await now();
      const { reference } = await file(await citizen('livraison.fenetre@example.fr'));
      await until(() => mailsTo('livraison.fenetre@example.fr', reference).length === 1, 'the first copy');
      // The dead attempt's claim holds its delivery for 30 seconds; here they have passed.
      const messageId = mailsTo('livraison.fenetre@example.fr', reference)[0]!.headers['message-id']!;
      await until(async () => {
        const lapsed = await server.databases.app
          .update(deliveries)
          .set({ claimedUntil: new Date(Date.now() - 1000) })
          .where(and(eq(deliveries.messageId, messageId), isNull(deliveries.acceptedAt), isNotNull(deliveries.claimedUntil)))
          .returning({ messageId: deliveries.messageId });
        return lapsed.length === 1;
      }, 'the failed attempt’s claim');

      await until(() => mailsTo('livraison.fenetre@example.fr', reference).length === 2, 'the second copy', RETRY_WAIT);
      await settledSince(since);

      const copies = mailsTo('livraison.fenetre@example.fr', reference);
      expect(copies).toHaveLength(2);
      expect(copies[0]!.headers['message-id']).toMatch(/^<demande-\d+\./);
      expect(copies[1]!.headers['message-id']).toBe(copies[0]!.headers['message-id']);
      const [delivery] = await server.databases.app.select().from(deliveries).where(eq(deliveries.messageId, copies[0]!.headers['message-id']!));
      expect(delivery).toMatchObject({ attempts: 2, acceptedAt: expect.any(Date) });
    } finally {
      await owner.unsafe(`
        drop trigger test_acceptance_fault on deliveries;
        drop function test_acceptance_fault();
        drop sequence test_acceptance_fault;`);
    }
  }, 60_000);
});
