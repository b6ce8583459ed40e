import { and, eq, inArray } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizenRollups, procedures, requestFacts, requestFactsStale, requests, services, withTenant, type Actor, type Tenant } from '@guichet/db';
import { createJobQueue } from '@guichet/jobs';
import { anonymiseExpired, appendEvent, fileRequest, mergeRequest, rateRequest, transferRequest, transitionRequest, type FilingInput } from '@guichet/requests';
import { communeIndicators, factsOf, forgetComputed, refreshRequestFacts, requestPlaces } from '@guichet/statistics';
import { citizenSession, communeBySlug, insertTestProcedure, testDatabases, testProcedureDefinition } from '@guichet/testing';
import type { StatusKey } from '@guichet/workflow';

/*
 * A known month in Libercourt (November 2026, Wednesday 11 a public holiday; delay: 5 working
 * days; the clock continues after a pause). Hours are Paris time (UTC+1).
 *
 *   A counter  filed Fri  6 10:00, acknowledged 11:00, in progress Mon 9 10:00, waiting for the
 *              citizen Mon 9 12:00 → Wed 11 12:00 (48 h paused), done Thu 12 12:00:
 *              146 h − 48 h = 98 h; due Mon 16 (moved by the pause): on time.
 *   B phone    filed Mon  9 09:00, transferred to État civil, done Tue 24 09:00: 360 h; due Tue 17: late.
 *   C portal   filed Tue 10 14:00, acknowledged 15:00, done Thu 12 14:00, reopened Fri 13 10:00,
 *              by its citizen, done again Mon 16 14:00: 144 h to the final closure; due Fri 20 after the
 *              reopening: on time; rated 4.
 *   D portal   filed Tue 10 16:00, merged into C on Wed 11 10:00: merged, not answered.
 *   E portal   filed Mon  2 10:00 at 50.4912, 3.0163, done Wed 4 10:00: 48 h; due Mon 9: on time; rated 5.
 *   F portal   filed Wed 18 10:00, in progress 12:00, still open on Mon 30 12:00: 12.1 days old.
 *   G portal   filed Fri  6 10:00, done Mon 16 18:00: 248 h; due Mon 16 23:59 only because
 *              Wednesday 11 is a holiday (else Friday 13): on time.
 */
const databases = testDatabases();
let jobs: PgBoss;
let libercourt: Tenant;
let carvin: Tenant;
let etatCivil: string;
const now = new Date('2026-11-30T12:00:00+01:00');
const at = (day: number, time: string) => new Date(`2026-11-${String(day).padStart(2, '0')}T${time}:00+01:00`);
const manager: Actor = { kind: 'agent', agentId: crypto.randomUUID(), role: 'commune_admin', serviceIds: [] };
const requestsOf: Record<string, string> = {};
// Narrowed to this file's procedure: other files of the run file in Libercourt too.
let november: { du: string; au: string; demarche: string };

beforeAll(async () => {
  jobs = createJobQueue(databases.urls.applicationUrl, { work: false });
  await jobs.start();
  await insertTestProcedure(databases.ownerClient, 'libercourt', 'test-statistiques', 'services-techniques', testProcedureDefinition());
  await insertTestProcedure(databases.ownerClient, 'libercourt', 'test-statistiques-voisine', 'services-techniques', testProcedureDefinition());
  libercourt = await communeBySlug(databases.app, 'libercourt');
  carvin = await communeBySlug(databases.app, 'carvin');
  const [service] = await withTenant(databases.app, libercourt.id, (tx) => tx.select({ id: services.id }).from(services).where(eq(services.slug, 'etat-civil')));
  etatCivil = service!.id;
  const [procedure] = await withTenant(databases.app, libercourt.id, (tx) => tx.select({ id: procedures.id }).from(procedures).where(eq(procedures.slug, 'test-statistiques')));
  november = { du: '2026-11-01', au: '2026-11-30', demarche: procedure!.id };
  const camille = await citizenSession(databases.app, libercourt, 'camille.statistiques@example.fr');
  const dominique = await citizenSession(databases.app, libercourt, 'dominique.statistiques@example.fr');

  await file('A', at(6, '10:00'), manager, 'counter');
  await move('A', at(6, '11:00'), 'acknowledged');
  await move('A', at(9, '10:00'), 'in_progress');
  await move('A', at(9, '12:00'), 'waiting_citizen', 'Une photo, s’il vous plaît.');
  await move('A', at(11, '12:00'), 'in_progress');
  await move('A', at(12, '12:00'), 'done');

  await file('B', at(9, '09:00'), manager, 'phone');
  await inCommune((tx) => transferRequest({ tx, jobs, tenantId: libercourt.id, actor: manager, now: at(10, '09:00') }, { requestId: requestsOf.B!, service: 'etat-civil' }));
  await move('B', at(24, '09:00'), 'done');

  await file('C', at(10, '14:00'), { kind: 'citizen', accountId: camille.accountId }, 'portal');
  await move('C', at(10, '15:00'), 'acknowledged');
  await move('C', at(12, '14:00'), 'done');
  await move('C', at(13, '10:00'), 'in_progress', 'Le problème est revenu.', { kind: 'citizen', accountId: camille.accountId });
  await move('C', at(16, '14:00'), 'done');
  await inCommune((tx) => rateRequest({ tx, jobs, tenantId: libercourt.id, actor: { kind: 'citizen', accountId: camille.accountId } }, { requestId: requestsOf.C!, rating: 4 }));

  await file('D', at(10, '16:00'), { kind: 'system' }, 'portal');
  await inCommune((tx) => mergeRequest({ tx, jobs, tenantId: libercourt.id, actor: manager, now: at(11, '10:00') }, { requestId: requestsOf.D!, into: requestsOf.C! }));

  await file('E', at(2, '10:00'), { kind: 'citizen', accountId: dominique.accountId }, 'portal', { lat: 50.4912, lon: 3.0163 });
  await move('E', at(4, '10:00'), 'done');
  await inCommune((tx) => rateRequest({ tx, jobs, tenantId: libercourt.id, actor: { kind: 'citizen', accountId: dominique.accountId } }, { requestId: requestsOf.E!, rating: 5 }));

  await file('F', at(18, '10:00'), { kind: 'system' }, 'portal');
  await move('F', at(18, '12:00'), 'in_progress');

  await file('G', at(6, '10:00'), { kind: 'system' }, 'portal');
  await move('G', at(16, '18:00'), 'done');

  // Camille's second request, linked to FranceConnect meanwhile: she arrived with C.
  await databases.ownerClient.begin(async (sql) => {
    // Row-level security binds the owner too: in the account's EPCI.
    await sql`select set_config('app.epci_id', ${libercourt.epciId}, true)`;
    expect((await sql`update citizen_accounts set franceconnect_sub = 'fc-camille-statistiques' where id = ${camille.accountId}`).count).toBe(1);
  });
  await file('H', at(10, '17:00'), { kind: 'citizen', accountId: camille.accountId }, 'portal', undefined, 'test-statistiques-voisine');

  // Another procedure's request in the same month: none of the figures below counts it.
  await file('Z', at(3, '10:00'), manager, 'counter', undefined, 'test-statistiques-voisine');
  await move('Z', at(3, '10:30'), 'acknowledged');
  await move('Z', at(27, '10:00'), 'done');

  await refreshAll(libercourt);
});
afterAll(async () => {
  await jobs.stop({ graceful: false });
  await databases.close();
});

function inCommune<T>(work: Parameters<typeof withTenant<T>>[2], commune: Tenant = libercourt) {
  return withTenant(databases.app, commune.id, work);
}

async function file(name: string, when: Date, actor: Actor, channel: FilingInput['channel'], place?: { lat: number; lon: number }, procedure = 'test-statistiques') {
  const values = { objet: `Demande ${name}`, nature: 'voirie', ...(place ? { lieu: { label: '1 place de la République, Libercourt', ...place } } : {}) };
  const contact = actor.kind === 'agent' ? { familyName: `Usager ${name}` } : actor.kind === 'system' ? { email: `usager.${name.toLowerCase()}@example.fr` } : undefined;
  const filed = await inCommune((tx) =>
    fileRequest({ tx, jobs, tenant: libercourt, actor, now: when }, { procedure, channel, values, ...(contact ? { contact } : {}) }),
  );
  requestsOf[name] = filed.id;
}

function move(name: string, when: Date, status: StatusKey, comment?: string, actor: Actor = manager) {
  return inCommune((tx) =>
    transitionRequest({ tx, jobs, tenantId: libercourt.id, actor, now: when }, { requestId: requestsOf[name]!, status, ...(comment ? { comment } : {}) }),
  );
}

async function refreshAll(commune: Tenant) {
  while ((await inCommune((tx) => refreshRequestFacts({ tx, now, limit: 3 }), commune)).more);
}

const indicators = (options: { serviceIds?: string[] } = {}) => inCommune((tx) => communeIndicators(tx, { ...november, serviceIds: options.serviceIds ?? null, now }));

describe('a commune’s indicators, against figures computed by hand', () => {
  it('counts the month’s filings by channel and by the service that has them (a transfer goes with the request)', async () => {
    const { filed, closed } = await indicators();
    expect(filed.total).toBe(7);
    expect(Object.fromEntries(filed.byChannel.map((row) => [row.channel, row.count]))).toEqual({ portal: 5, phone: 1, counter: 1 });
    expect(filed.byService.find((row) => row.serviceId === etatCivil)?.count).toBe(1);
    expect(filed.byService.reduce((total, row) => total + row.count, 0)).toBe(7);
    expect(filed.series).toMatchObject({ unit: 'jour' });
    expect(filed.series.points).toContainEqual({ start: '2026-11-06', count: 2 });
    expect(closed).toEqual({ total: 5, merged: 1, reopenings: 1, transfers: 1 });
  });

  it('measures durations without the time paused for the citizen, a reopened request to its final closure', async () => {
    const [a] = await inCommune((tx) => tx.select().from(requestFacts).where(eq(requestFacts.requestId, requestsOf.A!)));
    expect(a?.pausedSeconds).toBe(48 * 3600);
    expect(a?.processingSeconds).toBe(98 * 3600);
    const { delays } = await indicators();
    // 48, 98, 144, 248, 360 h: the merged duplicate has no processing time.
    expect(delays.processing).toEqual({ count: 5, medianHours: 144, p90Hours: 360 });
    // 1, 1, 2, 48, 248, 360 h.
    expect(delays.firstAnswer).toEqual({ count: 6, medianHours: 2, p90Hours: 360 });
    expect(delays.acknowledgement).toEqual({ count: 2, medianHours: 1, p90Hours: 1 });
  });

  it('counts the share closed within the announced delay in working days, holidays and pauses included', async () => {
    const { withinDelay } = await indicators();
    expect(withinDelay).toEqual({ closed: 5, onTime: 4, share: 0.8 });
    const [g] = await inCommune((tx) => tx.select().from(requestFacts).where(eq(requestFacts.requestId, requestsOf.G!)));
    expect(g?.withinDelay).toBe(true);
  });

  it('sums up satisfaction and the open backlog', async () => {
    const { satisfaction, backlog } = await indicators();
    expect(satisfaction).toEqual({ ratings: 2, average: 4.5, distribution: [0, 0, 0, 1, 1], satisfiedShare: 1 });
    expect(backlog).toEqual({ open: 1, medianAgeDays: 12.1, olderThan30Days: 0 });
  });

  it('places the month’s requests by sector and map cell, the unlocated apart', async () => {
    const places = (await indicators()).places!;
    expect(places.sectors).toEqual([
      { commune: 'Libercourt', sector: null, name: 'Hors secteur ou sans lieu', polygon: null, filed: 6, closed: 4, onTime: 3 },
      {
        commune: 'Libercourt',
        sector: 'nord-gare',
        name: 'Nord – quartier de la gare',
        polygon: [[2.995, 50.487], [3.035, 50.487], [3.035, 50.5], [2.995, 50.5]],
        filed: 1,
        closed: 1,
        onTime: 1,
      },
    ]);
    expect(places.cells).toEqual([{ cell: '50.49:3.02', latitude: 50.49, longitude: 3.02, filed: 1 }]);
    expect(places.unlocated).toBe(6);
  });

  it('counts a citizen’s arrival once, on their first request in the commune, with their FranceConnect link', async () => {
    // 10 November: Camille's first request (C) and her second (H); no other file of the run files then.
    const arrivals = await inCommune((tx) => tx.select().from(citizenRollups).where(and(eq(citizenRollups.span, 'day'), eq(citizenRollups.start, '2026-11-10'))));
    expect(arrivals).toEqual([expect.objectContaining({ newCitizens: 1, franceconnect: 1 })]);
    const whole = await inCommune((tx) => communeIndicators(tx, { du: '2026-11-10', au: '2026-11-10', serviceIds: null, now }));
    expect(whole.adoption).toMatchObject({ newCitizens: 1 });
    expect(whole.adoption!.citizens).toBeGreaterThanOrEqual(2);
    // Narrowed to a procedure, adoption (the commune's) is not said.
    expect((await indicators()).adoption).toBeNull();
  });

  it('shows a service manager their services only, and another commune none of it', async () => {
    expect((await indicators({ serviceIds: [etatCivil] })).filed.total).toBe(1);
    const seenFromCarvin = await inCommune((tx) => tx.select().from(requestFacts).where(inArray(requestFacts.requestId, Object.values(requestsOf))), carvin);
    expect(seenFromCarvin).toEqual([]);
  });
});

describe('anonymisation', () => {
  it('changes no figure: statistics keep what it keeps, and the map cell of the cleared coordinates', async () => {
    const before = await indicators();
    // The whole commune's map of E's filing day, read from the place rollups (no filter).
    const cellOfE = async () => (await inCommune((tx) => requestPlaces(tx, { du: '2026-11-02', au: '2026-11-02', serviceIds: null })))!.cells.find((cell) => cell.cell === '50.49:3.02');
    const mappedBefore = await cellOfE();
    const arrivalsBefore = await inCommune((tx) => tx.select().from(citizenRollups).where(and(eq(citizenRollups.span, 'day'), eq(citizenRollups.start, '2026-11-02'))));
    expect(arrivalsBefore[0]?.newCitizens).toBeGreaterThanOrEqual(1);
    expect(mappedBefore?.filed).toBeGreaterThanOrEqual(1);
    const [e] = await inCommune((tx) => tx.select().from(requestFacts).where(eq(requestFacts.requestId, requestsOf.E!)));
    expect(e?.gridCell).toBe('50.49:3.02');
    const anonymised = await inCommune((tx) => anonymiseExpired({ tx, jobs, tenantId: libercourt.id, now: new Date('2030-01-01T00:00:00Z') }));
    expect(anonymised).toContain(requestsOf.E);
    await refreshAll(libercourt);
    expect(await indicators()).toEqual(before);
    expect(await cellOfE()).toEqual(mappedBefore);
    // Camille's first request (C) is anonymised too; her second (H), still open, moves: it stays her second.
    expect(anonymised).toContain(requestsOf.C);
    await move('H', at(20, '10:00'), 'acknowledged');
    await refreshAll(libercourt);
    expect(await inCommune((tx) => tx.select().from(citizenRollups).where(and(eq(citizenRollups.span, 'day'), eq(citizenRollups.start, '2026-11-10'))))).toEqual([
      expect.objectContaining({ newCitizens: 1 }),
    ]);
    // Dominique's arrival (E, 2 November) still counts once her account is cleared from it.
    expect(await inCommune((tx) => tx.select().from(citizenRollups).where(and(eq(citizenRollups.span, 'day'), eq(citizenRollups.start, '2026-11-02'))))).toEqual(arrivalsBefore);
    const [after] = await inCommune((tx) => tx.select().from(requestFacts).where(eq(requestFacts.requestId, requestsOf.E!)));
    expect(after?.gridCell).toBe('50.49:3.02');
    // The request keeps the cell in place of its coordinates: facts computed again from nothing
    // (as a migration that rebuilds them does) find it there.
    const [row] = await inCommune((tx) => tx.select().from(requests).where(eq(requests.id, requestsOf.E!)));
    expect(row).toMatchObject({ latitude: null, longitude: null, gridCell: '50.49:3.02' });
    expect(factsOf({ ...row!, themeId: after!.themeId, firstOfCitizen: false, franceconnect: false }, [], new Date('2030-01-01T00:00:00Z')).gridCell).toBe('50.49:3.02');
  });
});

describe('the facts kept up to date', () => {
  const marksOf = (requestId: string) => inCommune((tx) => tx.select().from(requestFactsStale).where(eq(requestFactsStale.requestId, requestId)));

  it('computes no facts on the filing path: the filing leaves a mark, the facts come with the refresh', async () => {
    const seenInFiling = await inCommune(async (tx) => {
      const filed = await fileRequest(
        { tx, jobs, tenant: libercourt, actor: { kind: 'system' }, now: at(20, '09:00') },
        { procedure: 'test-statistiques', channel: 'portal', values: { objet: 'Hors du chemin de dépôt', nature: 'voirie' }, contact: { email: 'facts.later@example.fr' } },
      );
      const facts = await tx.select().from(requestFacts).where(eq(requestFacts.requestId, filed.id));
      const marks = await tx.select().from(requestFactsStale).where(eq(requestFactsStale.requestId, filed.id));
      return { id: filed.id, facts: facts.length, marks: marks.length };
    });
    expect(seenInFiling).toMatchObject({ facts: 0, marks: 1 });
    await refreshAll(libercourt);
    expect(await inCommune((tx) => tx.select().from(requestFacts).where(eq(requestFacts.requestId, seenInFiling.id)))).toHaveLength(1);
  });

  it('marks a request stale with each change to its history, and forgets the marks once computed', async () => {
    expect(await marksOf(requestsOf.F!)).toEqual([]);
    await move('F', at(19, '09:00'), 'waiting_citizen', 'Une précision ?');
    await move('F', at(19, '10:00'), 'in_progress');
    expect(await marksOf(requestsOf.F!)).toHaveLength(2);
    await refreshAll(libercourt);
    expect(await marksOf(requestsOf.F!)).toEqual([]);
  });

  it('lets two changes of one request mark it at the same time, neither waiting for the other', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let marked!: () => void;
    const firstMarked = new Promise<void>((resolve) => (marked = resolve));
    const note = (body: string) => ({ tenantId: libercourt.id, requestId: requestsOf.F!, kind: 'note' as const, public: false, actor: manager, payload: { body } });
    const first = inCommune(async (tx) => {
      await appendEvent(tx, note('Première note, transaction encore ouverte.'));
      marked();
      await held;
    });
    await firstMarked;
    const second = inCommune((tx) => appendEvent(tx, note('Seconde note.')));
    const winner = await Promise.race([second.then(() => 'second'), new Promise((resolve) => setTimeout(() => resolve('blocked'), 3000))]);
    release();
    await Promise.all([first, second]);
    expect(winner).toBe('second');
    await refreshAll(libercourt);
  });

  it('keeps a request stale when a change lands while its facts are computed', async () => {
    await move('F', at(20, '09:00'), 'waiting_citizen', 'Une autre précision ?');
    const [read] = await marksOf(requestsOf.F!);
    // The change commits after the job read the history, before the job removes what it read.
    await move('F', at(20, '10:00'), 'in_progress');
    await inCommune((tx) => forgetComputed(tx, [{ requestId: read!.requestId, upTo: read!.id }]));
    expect(await marksOf(requestsOf.F!)).toEqual([expect.objectContaining({ id: expect.any(Number) })]);
    expect((await marksOf(requestsOf.F!))[0]!.id).toBeGreaterThan(read!.id);
    await refreshAll(libercourt);
  });
});
