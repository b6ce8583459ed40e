import { and, eq, inArray } from 'drizzle-orm';
import { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachments, contacts, requestEvents, requests, withTenant, type Tenant } from '@guichet/db';
import { createJobQueue } from '@guichet/jobs';
import { createFilingQueue, fileRequests, RequestError, type FilingQueue } from '@guichet/requests';
import { citizenSession, communeBySlug, insertTestProcedure, roundTripCountedDatabase, testDatabases, testProcedureDefinition } from '@guichet/testing';

const databases = testDatabases();
let jobs: PgBoss;
let libercourt: Tenant;
let queue: FilingQueue;

const base = testProcedureDefinition({ routing: [] }) as { form: { fields: unknown[] } };
const withPhoto = { ...base, form: { fields: [...base.form.fields, { kind: 'file', key: 'photo', label: 'Photo', required: false, accept: ['image/png'], maxSizeBytes: 1_000_000, maxFiles: 1 }] } };

beforeAll(async () => {
  jobs = createJobQueue(databases.urls.applicationUrl, { work: false });
  await jobs.start();
  await insertTestProcedure(databases.ownerClient, 'libercourt', 'test-lots', 'services-techniques', withPhoto);
  libercourt = await communeBySlug(databases.app, 'libercourt');
  queue = createFilingQueue({ db: databases.app, jobs });
});
afterAll(async () => {
  await jobs.stop({ graceful: false });
  await databases.close();
});

const agent = { kind: 'agent' as const, agentId: '00000000-0000-4000-8000-000000000002', role: 'agent' as const, serviceIds: [] };
const phoneCall = (objet: string, values: Record<string, unknown> = {}) => ({
  actor: agent,
  input: { procedure: 'test-lots', channel: 'phone' as const, values: { objet, nature: 'voirie', ...values }, contact: { familyName: 'Martin' } },
});
const claimOf = (key: string, sent: unknown) => ({ tenantId: libercourt.id, sender: `agent:${agent.agentId}`, operation: 'filing' as const, key, sent });

function requestsAbout(objets: string[]) {
  return withTenant(databases.app, libercourt.id, (tx) =>
    tx.select({ id: requests.id, summary: requests.summary }).from(requests).where(inArray(requests.summary, objets.map((objet) => `Signalement de test — ${objet}`))),
  );
}

describe('filings written together', () => {
  it('files every filing that arrives while another is being written, each with its reference and first history line', async () => {
    const objets = Array.from({ length: 12 }, (_, index) => `Lot ${index}`);
    // Filed in the same tick: the first leaves alone, the others gather into the next batch.
    const filed = await Promise.all(objets.map((objet) => queue.file(libercourt, phoneCall(objet))));
    expect(new Set(filed.map(({ filed }) => filed.reference)).size).toBe(12);
    const stored = await requestsAbout(objets);
    expect(stored).toHaveLength(12);
    const events = await withTenant(databases.app, libercourt.id, (tx) =>
      tx.select().from(requestEvents).where(and(inArray(requestEvents.requestId, stored.map((row) => row.id)), eq(requestEvents.kind, 'filed'))),
    );
    expect(events).toHaveLength(12);
  });

  it('fails only the filing that breaks once writing has begun: the others of its batch are filed', async () => {
    const objets = ['Voisin 1', 'Voisin 2', 'Pièce étrangère', 'Voisin 3'];
    // The file named is nobody's upload: refused once the request is written, in the batch's transaction.
    const filings = objets.map((objet) => (objet === 'Pièce étrangère' ? phoneCall(objet, { photo: [crypto.randomUUID()] }) : phoneCall(objet)));
    const settled = await Promise.allSettled([queue.file(libercourt, phoneCall('Premier')), ...filings.map((filing) => queue.file(libercourt, filing))]);
    expect(settled.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((settled[3] as PromiseRejectedResult).reason).toBeInstanceOf(RequestError);
    expect((await requestsAbout(objets)).map((row) => row.summary).sort()).toEqual(['Voisin 1', 'Voisin 2', 'Voisin 3'].map((objet) => `Signalement de test — ${objet}`));
  });

  it('answers a refused filing of a batch as refused, and frees its key for a corrected retry', async () => {
    const invalid = phoneCall('Sans nature', { nature: 'inconnue' });
    const outcomes = await withTenant(databases.app, libercourt.id, (tx) =>
      fileRequests({ tx, jobs, tenant: libercourt }, [
        { ...phoneCall('Bien formée'), claim: claimOf('lot-cle-bonne-0001', 'bonne') },
        { ...invalid, claim: claimOf('lot-cle-refusee-0001', 'refusée') },
      ]),
    );
    expect('filed' in outcomes[0]!).toBe(true);
    expect('refused' in outcomes[1]!).toBe(true);
    const retried = await queue.file(libercourt, { ...phoneCall('Corrigée'), claim: claimOf('lot-cle-refusee-0001', 'corrigée') });
    expect(retried.replayed).toBe(false);
    expect(await requestsAbout(['Corrigée'])).toHaveLength(1);
  });

  it('writes a batch in three round trips: BEGIN with its reads, its writes, COMMIT, whatever its size', async () => {
    const { accountId } = await citizenSession(databases.app, libercourt, `lots-${crypto.randomUUID()}@example.fr`);
    const citizen = { kind: 'citizen' as const, accountId };
    const counted = await roundTripCountedDatabase(databases.urls.applicationUrl);
    try {
      const batch = (round: string, objets: string[]) =>
        withTenant(counted.db, libercourt.id, (tx) =>
          fileRequests(
            { tx, jobs, tenant: libercourt },
            objets.map((objet) => ({
              actor: citizen,
              input: { procedure: 'test-lots', channel: 'portal' as const, values: { objet: `${round} ${objet}`, nature: 'voirie' } },
              claim: { tenantId: libercourt.id, sender: `citizen:${accountId}`, operation: 'filing' as const, key: `lot-allers-retours-${round}-${objet}`, sent: objet },
            })),
          ),
        );
      // The first prepares the statements and makes the citizen's contact; a batch of another
      // size sends the same texts (a new one would be prepared in a round trip of its own).
      await batch('Premier', ['A', 'B', 'C']);
      expect(await counted.count(() => batch('Second', ['A', 'B', 'C', 'D']))).toBe(3);
    } finally {
      await counted.close();
    }
  });

  it('files once for one key sent twice at the same moment, and answers the second with the first', async () => {
    const filing = { ...phoneCall('Double clic'), claim: claimOf('lot-double-clic-0001', 'double') };
    // The lane busy, both arrive together.
    const [, first, second] = await Promise.all([queue.file(libercourt, phoneCall('Occupe la file')), queue.file(libercourt, filing), queue.file(libercourt, filing)]);
    expect(second).toEqual({ filed: first.filed, replayed: true });
    expect(await requestsAbout(['Double clic'])).toHaveLength(1);
  });

  it('gives an upload named by two filings of one batch to the first, and refuses the second', async () => {
    const [upload] = await withTenant(databases.app, libercourt.id, (tx) =>
      tx
        .insert(attachments)
        .values({ tenantId: libercourt.id, uploadedByKind: 'agent', uploadedById: agent.agentId, filename: 'photo.png', mediaType: 'image/png', size: 10, sha256: 'test', storageKey: 'test/photo.png' })
        .returning({ id: attachments.id }),
    );
    const settled = await Promise.allSettled([
      queue.file(libercourt, phoneCall('Occupe encore la file')),
      queue.file(libercourt, phoneCall('Photo A', { photo: [upload!.id] })),
      queue.file(libercourt, phoneCall('Photo B', { photo: [upload!.id] })),
    ]);
    expect(settled.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    const [stored] = await requestsAbout(['Photo A']);
    const [row] = await withTenant(databases.app, libercourt.id, (tx) => tx.select().from(attachments).where(eq(attachments.id, upload!.id)));
    expect(row!.requestId).toBe(stored!.id);
    expect(await requestsAbout(['Photo B'])).toHaveLength(0);
  });

  it('answers a failure of the commit to every filer of the batch, and files none of them anew', async () => {
    // A check deferred to the commit refuses one of the batch: the commit fails, for all of it.
    await databases.ownerClient.unsafe(`
      create function test_refuse_at_commit() returns trigger language plpgsql as $$
      begin
        if new.summary like '%Refusée au commit%' then raise exception 'refusée au commit'; end if;
        return null;
      end $$;
      create constraint trigger test_refuse_at_commit after insert on requests deferrable initially deferred
        for each row execute function test_refuse_at_commit();`);
    const [{ since }] = await databases.ownerClient<[{ since: Date }]>`select now() as since`;
    try {
      const settled = await Promise.allSettled([
        queue.file(libercourt, phoneCall('Avant le lot')),
        queue.file(libercourt, phoneCall('Compagne du lot')),
        queue.file(libercourt, phoneCall('Refusée au commit')),
      ]);
      expect(settled.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
      expect(await requestsAbout(['Compagne du lot', 'Refusée au commit'])).toHaveLength(0);
      // A rolled-back request is never told: its job went with it.
      const [{ queued }] = await databases.appClient<[{ queued: number }]>`
        select count(*)::int as queued from pgboss.job where name = 'request.notify-filed' and created_on >= ${since}`;
      expect(queued).toBe(1);
    } finally {
      await databases.ownerClient.unsafe('drop trigger test_refuse_at_commit on requests; drop function test_refuse_at_commit()');
    }
  });

  it('gives a citizen whose first filings in the commune leave together one contact', async () => {
    const { accountId } = await citizenSession(databases.app, libercourt, `lots-${crypto.randomUUID()}@example.fr`);
    const citizen = { kind: 'citizen' as const, accountId };
    const filing = (objet: string) => ({ actor: citizen, input: { procedure: 'test-lots', channel: 'portal' as const, values: { objet, nature: 'voirie' } } });
    const outcomes = await withTenant(databases.app, libercourt.id, (tx) => fileRequests({ tx, jobs, tenant: libercourt }, [filing('Premier dépôt'), filing('Second dépôt')]));
    expect(outcomes.every((outcome) => 'filed' in outcome)).toBe(true);
    const own = await withTenant(databases.app, libercourt.id, (tx) => tx.select().from(contacts).where(eq(contacts.citizenAccountId, accountId)));
    expect(own).toHaveLength(1);
  });
});
