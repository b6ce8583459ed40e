import { eq, sql } from 'drizzle-orm';
import { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizenAccounts, requestEvents, requests, withTenant, type Tenant } from '@guichet/db';
import { createJobQueue } from '@guichet/jobs';
import { anonymiseExpired, fileRequest, flagDeadlines, postMessage, transitionRequest } from '@guichet/requests';
import { communeBySlug, insertTestProcedure, testDatabases, testProcedureDefinition } from '@guichet/testing';

const databases = testDatabases();
let jobs: PgBoss;
let libercourt: Tenant;
let carvin: Tenant;
const DAY = 24 * 3600_000;

beforeAll(async () => {
  jobs = createJobQueue(databases.urls.applicationUrl, { work: false });
  await jobs.start();
  await insertTestProcedure(databases.ownerClient, 'libercourt', 'test-sweeps', 'services-techniques', testProcedureDefinition({ retentionDays: 30 }));
  await insertTestProcedure(databases.ownerClient, 'carvin', 'test-sweeps', 'services-techniques', testProcedureDefinition({ routing: [] }));
  libercourt = await communeBySlug(databases.app, 'libercourt');
  carvin = await communeBySlug(databases.app, 'carvin');
});
afterAll(async () => {
  await jobs.stop({ graceful: false });
  await databases.close();
});

async function file(commune: Tenant, now: Date, accountId?: string) {
  return withTenant(databases.app, commune.id, (tx) =>
    fileRequest(
      { tx, jobs, tenant: commune, actor: accountId ? { kind: 'citizen', accountId } : { kind: 'system' }, now },
      { procedure: 'test-sweeps', channel: 'portal', values: { objet: 'Trottoir défoncé', nature: 'voirie' }, contact: { email: 'sweep@example.fr' } },
    ),
  );
}

describe('the deadline sweep', () => {
  it('flags an overdue request once, raises it to urgent and tells its service', async () => {
    const filedAt = new Date('2026-03-02T09:00:00+01:00');
    const filed = await file(libercourt, filedAt);
    const later = new Date(Date.parse(filed.dueAt) + 3 * DAY);
    const first = await withTenant(databases.app, libercourt.id, (tx) => flagDeadlines({ tx, jobs, tenantId: libercourt.id, now: later }));
    const second = await withTenant(databases.app, libercourt.id, (tx) => flagDeadlines({ tx, jobs, tenantId: libercourt.id, now: later }));
    expect(first.overdue).toBeGreaterThanOrEqual(1);
    const events = await withTenant(databases.app, libercourt.id, (tx) =>
      tx.select().from(requestEvents).where(eq(requestEvents.requestId, filed.id)),
    );
    expect(events.filter((event) => event.kind === 'overdue' && event.payload.what === 'deadline')).toHaveLength(1);
    expect(second.overdue).toBe(0);
    const [row] = await withTenant(databases.app, libercourt.id, (tx) => tx.select().from(requests).where(eq(requests.id, filed.id)));
    expect(row?.priority).toBe('urgent');
  });

  it('leaves a request alone while its clock is paused', async () => {
    const filed = await file(libercourt, new Date('2026-03-02T09:00:00+01:00'));
    await withTenant(databases.app, libercourt.id, async (tx) => {
      const context = { tx, jobs, tenantId: libercourt.id, actor: { kind: 'agent' as const, agentId: crypto.randomUUID(), role: 'commune_admin' as const, serviceIds: [] } };
      await transitionRequest(context, { requestId: filed.id, status: 'in_progress' });
      await transitionRequest(context, { requestId: filed.id, status: 'waiting_citizen', comment: 'Une photo ?' });
    });
    await withTenant(databases.app, libercourt.id, (tx) => flagDeadlines({ tx, jobs, tenantId: libercourt.id, now: new Date(Date.parse(filed.dueAt) + 10 * DAY) }));
    const [row] = await withTenant(databases.app, libercourt.id, (tx) => tx.select().from(requests).where(eq(requests.id, filed.id)));
    expect(row?.overdueAt).toBeNull();
  });

  it("flags a first contact left unacknowledged past the commune's acknowledgement delay", async () => {
    const filed = await file(libercourt, new Date('2026-03-02T09:00:00+01:00'));
    await withTenant(databases.app, libercourt.id, (tx) => flagDeadlines({ tx, jobs, tenantId: libercourt.id, now: new Date('2026-03-06T12:00:00+01:00') }));
    const events = await withTenant(databases.app, libercourt.id, (tx) => tx.select().from(requestEvents).where(eq(requestEvents.requestId, filed.id)));
    expect(events.some((event) => event.kind === 'overdue' && event.payload.what === 'acknowledgement')).toBe(true);
  });
});

describe('retention', () => {
  it('anonymises a closed request past its retention period, history included, and keeps what statistics need', async () => {
    const account = await withTenant(databases.app, libercourt.id, async (tx) => {
      const [created] = await tx.insert(citizenAccounts).values({ epciId: libercourt.epciId, email: 'retention@example.fr' }).returning();
      return created!.id;
    });
    const filed = await file(libercourt, new Date('2025-01-06T10:00:00+01:00'), account);
    await withTenant(databases.app, libercourt.id, async (tx) => {
      const citizen = { tx, jobs, tenantId: libercourt.id, actor: { kind: 'citizen' as const, accountId: account } };
      await postMessage(citizen, { requestId: filed.id, body: 'Mon numéro est le 06 12 34 56 78.', attachmentIds: [] });
      const agent = { ...citizen, actor: { kind: 'agent' as const, agentId: crypto.randomUUID(), role: 'commune_admin' as const, serviceIds: [] } };
      await transitionRequest(agent, { requestId: filed.id, status: 'done', comment: 'Réparé devant chez M. Dupont.' });
    });
    const anonymised = await withTenant(databases.app, libercourt.id, (tx) => anonymiseExpired({ tx, jobs, tenantId: libercourt.id, now: new Date(Date.now() + 40 * DAY) }));
    expect(anonymised).toContain(filed.id);
    const [row] = await withTenant(databases.app, libercourt.id, (tx) => tx.select().from(requests).where(eq(requests.id, filed.id)));
    expect(row).toMatchObject({ data: {}, contactId: null, citizenAccountId: null, address: null, status: 'done', channel: 'portal' });
    expect(row?.anonymisedAt).not.toBeNull();
    const history = await withTenant(databases.app, libercourt.id, (tx) => tx.select().from(requestEvents).where(eq(requestEvents.requestId, filed.id)));
    const text = JSON.stringify(history);
    expect(text).not.toContain('06 12 34 56 78');
    expect(text).not.toContain('Dupont');
    expect(history.map((event) => event.kind)).toEqual(expect.arrayContaining(['filed', 'message', 'status_changed', 'anonymised']));
  });

  it('cannot be imitated: the application role still may not rewrite the history itself', async () => {
    const state = await databases.appClient
      .begin(async (tx) => {
        await tx`select set_config('app.tenant_id', ${libercourt.id}, true)`;
        await tx`select set_config('app.scrubbing_history', 'on', true)`;
        await tx`update request_events set payload = '{}'::jsonb`;
      })
      .then(
        () => 'changed',
        (error: { code?: string }) => error.code,
      );
    expect(state).toBe('42501');
  });
});

describe('a deleted account', () => {
  it("detaches the account from its requests in every commune of the EPCI, which live on", async () => {
    const account = await withTenant(databases.app, libercourt.id, async (tx) => {
      const [created] = await tx.insert(citizenAccounts).values({ epciId: libercourt.epciId, email: 'depart@example.fr' }).returning();
      return created!.id;
    });
    const inLibercourt = await file(libercourt, new Date(), account);
    const inCarvin = await file(carvin, new Date(), account);
    const detached = await withTenant(databases.app, libercourt.id, async (tx) => {
      const [row] = await tx.execute<{ detached: number }>(sql`select detach_citizen_account(${account}) as detached`);
      return row!.detached;
    });
    expect(detached).toBe(2);
    const [a] = await withTenant(databases.app, libercourt.id, (tx) => tx.select().from(requests).where(eq(requests.id, inLibercourt.id)));
    const [b] = await withTenant(databases.app, carvin.id, (tx) => tx.select().from(requests).where(eq(requests.id, inCarvin.id)));
    expect([a?.citizenAccountId, b?.citizenAccountId]).toEqual([null, null]);
    expect([a?.status, b?.status]).toEqual(['submitted', 'submitted']);
  });
});
