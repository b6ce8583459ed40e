import { eq, sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizenRollups, requestDelayHistograms, requestFacts, requestPlaceRollups, requestRollups, withTenant, type Actor, type Tenant, type Transaction } from '@guichet/db';
import { createJobQueue } from '@guichet/jobs';
import { appendEvent, fileRequest, rateRequest, transitionRequest } from '@guichet/requests';
import { communeIndicators, delayBucketOf, delayHistograms, DELAY_BUCKETS, refreshRequestFacts, requestPlaces } from '@guichet/statistics';
import { citizenSession, communeBySlug, insertTestProcedure, testDatabases, testProcedureDefinition } from '@guichet/testing';

/*
 * The rollups are kept by difference (each request's old facts taken away, its new ones added):
 * whatever happened, they must add up to what the facts say. Checked on the whole of Libercourt
 * (other files' requests included), with the statistics job's lock held so that no run commits
 * between the reads.
 */
const databases = testDatabases();
let jobs: PgBoss;
let libercourt: Tenant;
const manager: Actor = { kind: 'agent', agentId: crypto.randomUUID(), role: 'commune_admin', serviceIds: [] };
const filed: string[] = [];
let citizenId: string;
const parisDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

beforeAll(async () => {
  jobs = createJobQueue(databases.urls.applicationUrl, { work: false });
  await jobs.start();
  await insertTestProcedure(databases.ownerClient, 'libercourt', 'test-cumuls', 'services-techniques', testProcedureDefinition());
  libercourt = await communeBySlug(databases.app, 'libercourt');
  const citizen = await citizenSession(databases.app, libercourt, 'claude.cumuls@example.fr');
  citizenId = citizen.accountId;
  const start = new Date('2026-10-28T09:00:00+01:00');
  const hours = (count: number) => new Date(start.getTime() + count * 3_600_000);
  for (const [index, channel] of (['portal', 'phone', 'counter', 'portal', 'email', 'portal'] as const).entries()) {
    const actor: Actor = channel === 'portal' ? { kind: 'citizen', accountId: citizen.accountId } : manager;
    const request = await inCommune((tx) =>
      fileRequest(
        { tx, jobs, tenant: libercourt, actor, now: hours(index * 30) },
        { procedure: 'test-cumuls', channel, values: { objet: `Cumul ${index}`, nature: 'voirie', ...placeOf(index) }, ...(actor.kind === 'agent' ? { contact: { familyName: `Usager ${index}` } } : {}) },
      ),
    );
    filed.push(request.id);
    // Across the end of October: some close in November, one stays open, one is paused.
    if (index === 5) continue;
    await move(request.id, hours(index * 30 + 1 + index), 'acknowledged');
    if (index === 2) await move(request.id, hours(index * 30 + 20), 'waiting_citizen', 'Un justificatif ?');
    await move(request.id, hours(index * 30 + 50 + index * 17), 'in_progress');
    await move(request.id, hours(index * 30 + 90 + index * 41), 'done');
    if (actor.kind === 'citizen') await inCommune((tx) => rateRequest({ tx, jobs, tenantId: libercourt.id, actor }, { requestId: request.id, rating: 3 + (index % 3) }));
  }
  await refreshAll();
});
afterAll(async () => {
  await jobs.stop({ graceful: false });
  await databases.close();
});

/** Two in the north of Libercourt (one map cell), one in its centre, the others without a place. */
function placeOf(index: number) {
  const places = [{ lat: 50.4912, lon: 3.0163 }, { lat: 50.4921, lon: 3.0171 }, { lat: 50.4821, lon: 3.0101 }];
  return index < places.length ? { lieu: { label: 'Rue de la République, Libercourt', ...places[index]! } } : {};
}

function inCommune<T>(work: (tx: Transaction) => Promise<T>) {
  return withTenant(databases.app, libercourt.id, work);
}

function move(requestId: string, now: Date, status: 'acknowledged' | 'in_progress' | 'waiting_citizen' | 'done', comment?: string, actor: Actor = manager) {
  return inCommune((tx) => transitionRequest({ tx, jobs, tenantId: libercourt.id, actor, now }, { requestId, status, ...(comment ? { comment } : {}) }));
}

async function refreshAll() {
  while ((await inCommune((tx) => refreshRequestFacts({ tx, limit: 4 }))).more);
}

/** The job's lock, so that the facts and the rollups are read as one run left them. */
const holdingTheJobsLock = (tx: Transaction) => tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('request_facts:' || current_setting('app.tenant_id'), 0))`);

/** What the rollups and the facts each say, to compare. */
async function bothSides() {
  return inCommune(async (tx) => {
    await holdingTheJobsLock(tx);
    const facts = await tx.select().from(requestFacts);
    const rollups = await tx.select().from(requestRollups);
    const histograms = await tx.select().from(requestDelayHistograms);
    const places = await tx.select().from(requestPlaceRollups);
    const citizens = await tx.select().from(citizenRollups);
    const wholeTime = await delayHistograms(tx, { du: '2000-01-01', au: '2099-12-31', serviceIds: null });
    return { facts, rollups, histograms, places, citizens, wholeTime };
  });
}

function emptyHistogram() {
  return new Array<number>(DELAY_BUCKETS).fill(0);
}

function expectAddingUp({ facts, rollups, histograms, places, citizens, wholeTime }: Awaited<ReturnType<typeof bothSides>>) {
  for (const span of ['day', 'month', 'year'] as const) {
    const rows = rollups.filter((row) => row.span === span);
    const sum = (key: 'filed' | 'closed' | 'merged' | 'onTime' | 'reopenings' | 'transfers') => rows.reduce((total, row) => total + row[key], 0);
    const closed = facts.filter((row) => row.closedAt !== null);
    expect({ span, filed: sum('filed'), closed: sum('closed'), merged: sum('merged'), onTime: sum('onTime'), reopenings: sum('reopenings'), transfers: sum('transfers') }).toEqual({
      span,
      filed: facts.length,
      closed: closed.filter((row) => !row.merged).length,
      merged: closed.filter((row) => row.merged).length,
      onTime: closed.filter((row) => row.withinDelay).length,
      reopenings: closed.reduce((total, row) => total + row.reopenings, 0),
      transfers: closed.reduce((total, row) => total + row.transfers, 0),
    });
    // By place: each sector and map cell, on each day (month, year) its filings and closures fell.
    const startOf = (at: Date) => ({ day: parisDay.format(at), month: `${parisDay.format(at).slice(0, 8)}01`, year: `${parisDay.format(at).slice(0, 5)}01-01` })[span];
    const tally = (rows: { key: string; n: number }[]) => {
      const counted = new Map<string, number>();
      for (const { key, n } of rows) counted.set(key, (counted.get(key) ?? 0) + n);
      return Object.fromEntries([...counted].filter(([, n]) => n !== 0));
    };
    const placeOfFacts = (row: (typeof facts)[number], at: Date) => `${startOf(at)}|${row.sector ?? ''}|${row.gridCell ?? ''}`;
    const placed = places.filter((row) => row.span === span);
    const rolledPlace = (count: (row: (typeof places)[number]) => number) => tally(placed.map((row) => ({ key: `${row.start}|${row.sector}|${row.gridCell}`, n: count(row) })));
    expect(rolledPlace((row) => row.filed)).toEqual(tally(facts.map((row) => ({ key: placeOfFacts(row, row.filedAt), n: 1 }))));
    expect(rolledPlace((row) => row.closed)).toEqual(tally(closed.filter((row) => !row.merged).map((row) => ({ key: placeOfFacts(row, row.closedAt!), n: 1 }))));
    expect(rolledPlace((row) => row.onTime)).toEqual(tally(closed.filter((row) => row.withinDelay).map((row) => ({ key: placeOfFacts(row, row.closedAt!), n: 1 }))));
    const arrived = citizens.filter((row) => row.span === span);
    expect({ span, newCitizens: arrived.reduce((total, row) => total + row.newCitizens, 0), franceconnect: arrived.reduce((total, row) => total + row.franceconnect, 0) }).toEqual({
      span,
      newCitizens: facts.filter((row) => row.firstOfCitizen).length,
      franceconnect: facts.filter((row) => row.firstOfCitizen && row.franceconnect).length,
    });
    const ratings = [1, 2, 3, 4, 5].map((note) => rows.reduce((total, row) => total + row.ratings[note - 1]!, 0));
    expect(ratings).toEqual([1, 2, 3, 4, 5].map((note) => closed.filter((row) => !row.merged && row.rating === note).length));
  }
  // Day by day: each filing on its Paris day.
  const filedByDay = new Map<string, number>();
  for (const row of facts) filedByDay.set(parisDay.format(row.filedAt), (filedByDay.get(parisDay.format(row.filedAt)) ?? 0) + 1);
  const rolledByDay = new Map<string, number>();
  for (const row of rollups.filter((row) => row.span === 'day' && row.filed !== 0)) rolledByDay.set(row.start, (rolledByDay.get(row.start) ?? 0) + row.filed);
  expect(Object.fromEntries(rolledByDay)).toEqual(Object.fromEntries(filedByDay));
  // The delays, bucket by bucket: for the whole commune, by channel, by service and by procedure.
  const expected = (keep: (row: (typeof facts)[number]) => boolean) => {
    const processing = emptyHistogram();
    for (const row of facts) if (row.processingSeconds !== null && keep(row)) processing[delayBucketOf(row.processingSeconds)]! += 1;
    return processing;
  };
  const rolled = (span: 'month' | 'year', keep: (row: (typeof histograms)[number]) => boolean) => {
    const processing = emptyHistogram();
    for (const row of histograms) if (row.span === span && keep(row)) row.processing.forEach((count, bucket) => (processing[bucket]! += count));
    return processing;
  };
  expect(wholeTime.processing).toEqual(expected(() => true));
  const keyed = (row: (typeof histograms)[number], key: { channel?: string; serviceId?: string; procedureId?: string }) =>
    row.channel === (key.channel ?? null) && row.serviceId === (key.serviceId ?? null) && row.procedureId === (key.procedureId ?? null);
  const { serviceId, procedureId } = facts.find((row) => filed.includes(row.requestId))!;
  for (const span of ['month', 'year'] as const) {
    expect(rolled(span, (row) => keyed(row, {}))).toEqual(expected(() => true));
    expect(rolled(span, (row) => keyed(row, { channel: 'portal' }))).toEqual(expected((row) => row.channel === 'portal'));
    expect(rolled(span, (row) => keyed(row, { serviceId }))).toEqual(expected((row) => row.serviceId === serviceId));
    expect(rolled(span, (row) => keyed(row, { procedureId }))).toEqual(expected((row) => row.procedureId === procedureId));
  }
  const acknowledged = emptyHistogram();
  for (const row of facts) if (row.acknowledgementSeconds !== null) acknowledged[delayBucketOf(row.acknowledgementSeconds)]! += 1;
  expect(wholeTime.acknowledgement).toEqual(acknowledged);
}

describe('the rollups', () => {
  it('add up to the facts, by day, by month and by year, and their histograms to the facts’ delays', async () => {
    const sides = await bothSides();
    expect(sides.facts.filter((row) => filed.includes(row.requestId))).toHaveLength(filed.length);
    expectAddingUp(sides);
  });

  it('follow a request whose facts change: its old figures taken away, its new ones added', async () => {
    await move(filed[5]!, new Date('2026-11-10T10:00:00+01:00'), 'acknowledged');
    await move(filed[5]!, new Date('2026-11-11T10:00:00+01:00'), 'in_progress');
    await move(filed[5]!, new Date('2026-11-12T10:00:00+01:00'), 'done');
    // Reopened by its citizen: it leaves the closures until it is closed again.
    await move(filed[0]!, new Date('2026-11-13T10:00:00+01:00'), 'in_progress', 'Le problème est revenu.', { kind: 'citizen', accountId: citizenId });
    await refreshAll();
    const sides = await bothSides();
    expect(sides.facts.find((row) => row.requestId === filed[5])?.closedAt).not.toBeNull();
    expectAddingUp(sides);
  });

  it('read a period as its whole years, its other whole months and the days at either end, each day once', async () => {
    await refreshAll();
    // Days only; whole October and two days; days and whole November; days at both ends of
    // November; four months and more, whose series goes by month; a whole year; a whole year
    // with the months and days around it.
    const periods = [
      ['2026-10-30', '2026-11-01'],
      ['2026-10-01', '2026-11-02'],
      ['2026-10-29', '2026-11-30'],
      ['2026-10-29', '2026-12-05'],
      ['2026-08-15', '2026-12-20'],
      ['2026-01-01', '2026-12-31'],
      ['2025-11-20', '2027-02-03'],
    ] as const;
    await inCommune(async (tx) => {
      await holdingTheJobsLock(tx);
      const facts = await tx.select().from(requestFacts);
      for (const [du, au] of periods) {
        const within = (at: Date | null) => at !== null && parisDay.format(at) >= du && parisDay.format(at) <= au;
        const indicators = await communeIndicators(tx, { du, au, serviceIds: null });
        const places = await requestPlaces(tx, { du, au, serviceIds: null });
        expect({
          du,
          filed: indicators.filed.total,
          closed: indicators.closed.total + indicators.closed.merged,
          processing: indicators.delays.processing.count,
          placed: places!.cells.reduce((total, cell) => total + cell.filed, 0) + places!.unlocated,
        }).toEqual({
          du,
          filed: facts.filter((row) => within(row.filedAt)).length,
          closed: facts.filter((row) => within(row.closedAt)).length,
          processing: facts.filter((row) => !row.merged && row.processingSeconds !== null && within(row.closedAt)).length,
          placed: facts.filter((row) => within(row.filedAt)).length,
        });
        const monthly = indicators.filed.series.unit === 'mois';
        const point = (at: Date) => (monthly ? `${parisDay.format(at).slice(0, 8)}01` : parisDay.format(at));
        const expectedPoints = new Map<string, number>();
        for (const row of facts.filter((row) => within(row.filedAt))) expectedPoints.set(point(row.filedAt), (expectedPoints.get(point(row.filedAt)) ?? 0) + 1);
        expect(indicators.filed.series.points).toEqual([...expectedPoints].sort(([a], [b]) => a.localeCompare(b)).map(([start, count]) => ({ start, count })));
      }
    });
  });

  it('count each change once when two runs of the job compute the same requests at the same time', async () => {
    for (const requestId of filed) {
      await inCommune((tx) => appendEvent(tx, { tenantId: libercourt.id, requestId, kind: 'note', public: false, actor: manager, payload: { body: 'Relue.' } }));
    }
    await move(filed[0]!, new Date('2026-11-20T10:00:00+01:00'), 'done');
    const runs = await Promise.all([inCommune((tx) => refreshRequestFacts({ tx })), inCommune((tx) => refreshRequestFacts({ tx }))]);
    expect(runs.reduce((total, run) => total + run.computed, 0)).toBeGreaterThanOrEqual(filed.length);
    await refreshAll();
    const [closure] = await inCommune((tx) => tx.select({ closedAt: requestFacts.closedAt }).from(requestFacts).where(eq(requestFacts.requestId, filed[0]!)));
    expect(closure?.closedAt).toEqual(new Date('2026-11-20T10:00:00+01:00'));
    expectAddingUp(await bothSides());
  });
});
