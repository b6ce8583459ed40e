import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant, type Actor, type Tenant } from '@guichet/db';
import { createJobQueue } from '@guichet/jobs';
import { fileRequest, transitionRequest } from '@guichet/requests';
import { periodEnded, publishedQualityReports, publishQualityReport, qualityCsv, refreshRequestFacts, withdrawQualityReport } from '@guichet/statistics';
import { communeBySlug, insertTestProcedure, testDatabases, testProcedureDefinition } from '@guichet/testing';

/*
 * Lavaur's second quarter of 2025, a period no other file of the run files in: six complaints
 * (five answered within their 5 working days, one late), two suggestions, ten requests of an
 * ordinary procedure (five closed the same day, five a month later), two of a rare one (closed the
 * same day). 20 filed, 18 closed, 12 on time. Counts of 1 to 4 are withheld, and any figure that
 * would give one back.
 */
const databases = testDatabases();
let jobs: PgBoss;
let lavaur: Tenant;
const manager: Actor = { kind: 'agent', agentId: crypto.randomUUID(), role: 'commune_admin', serviceIds: [] };
const now = new Date('2026-12-02T10:00:00+01:00');

beforeAll(async () => {
  jobs = createJobQueue(databases.urls.applicationUrl, { work: false });
  await jobs.start();
  lavaur = await communeBySlug(databases.app, 'lavaur');
  for (const [slug, feedback] of [
    ['test-qualite-reclamation', 'complaint'],
    ['test-qualite-suggestion', 'suggestion'],
    ['test-qualite-ordinaire', null],
    ['test-qualite-rare', null],
  ] as const) {
    await insertTestProcedure(databases.ownerClient, 'lavaur', slug, 'cabinet-du-maire', testProcedureDefinition({ title: `Qualité ${slug}`, routing: [], feedback }));
  }
  for (let index = 0; index < 6; index += 1) {
    const filed = await file('test-qualite-reclamation', new Date(`2025-04-${String(7 + index).padStart(2, '0')}T09:00:00+02:00`));
    // Due five working days later: the sixth is answered a month after.
    await close(filed, index < 5 ? new Date(`2025-04-${String(8 + index).padStart(2, '0')}T16:00:00+02:00`) : new Date('2025-05-20T16:00:00+02:00'));
  }
  for (const day of ['2025-05-05', '2025-05-06']) await file('test-qualite-suggestion', new Date(`${day}T10:00:00+02:00`));
  for (let index = 0; index < 10; index += 1) {
    const day = `2025-06-${String(2 + index).padStart(2, '0')}`;
    const filed = await file('test-qualite-ordinaire', new Date(`${day}T10:00:00+02:00`));
    await close(filed, index < 5 ? new Date(`${day}T15:00:00+02:00`) : new Date('2025-06-30T15:00:00+02:00'));
  }
  for (const day of ['2025-05-12', '2025-05-13']) await close(await file('test-qualite-rare', new Date(`${day}T10:00:00+02:00`)), new Date(`${day}T15:00:00+02:00`));
  while ((await inLavaur((tx) => refreshRequestFacts({ tx, now, limit: 100 }))).more);
});
afterAll(async () => {
  await jobs.stop({ graceful: false });
  await databases.close();
});

function inLavaur<T>(work: Parameters<typeof withTenant<T>>[2]) {
  return withTenant(databases.app, lavaur.id, work);
}

async function file(procedure: string, when: Date): Promise<string> {
  const filed = await inLavaur((tx) =>
    fileRequest({ tx, jobs, tenant: lavaur, actor: manager, now: when }, { procedure, channel: 'counter', values: { objet: 'Qualité', nature: 'voirie' }, contact: { familyName: 'Dupont-Qualité', email: 'personne.qualite@example.fr' } }),
  );
  return filed.id;
}

function close(requestId: string, when: Date) {
  return inLavaur((tx) => transitionRequest({ tx, jobs, tenantId: lavaur.id, actor: manager, now: when }, { requestId, status: 'done' }));
}

describe('the quality report of a commune', () => {
  it('publishes a quarter’s figures counted as the dashboard counts them, complaints apart, every count of 1 to 4 withheld with what would give it back', async () => {
    const report = await inLavaur((tx) => publishQualityReport(tx, { tenantId: lavaur.id, period: '2025-T2', agentId: manager.agentId, now }));
    const f = report.figures;
    expect(f.period).toEqual({ key: '2025-T2', label: '2e trimestre 2025', from: '2025-04-01', to: '2025-06-30' });
    expect(f.filed).toBe(20);
    expect(f.closed).toBe(18);
    expect(f.withinDelay).toEqual({ onTime: 12, share: 12 / 18 });
    // Five complaints of six on time: the one late would be given back by the share.
    expect(f.complaints).toEqual({ received: 6, answered: 6, answeredWithinDelay: null });
    // Two suggestions: withheld, not zero; no rating at all: none.
    expect(f.suggestions.received).toBeNull();
    expect(f.satisfaction).toEqual({ ratings: 0, average: null, satisfiedShare: null });
    // The rare procedure (two closures) is left out; the complaints' share is withheld as above.
    expect(f.procedures).toEqual([
      { title: 'Qualité test-qualite-ordinaire', delayDays: 5, closed: 10, withinDelay: 0.5 },
      { title: 'Qualité test-qualite-reclamation', delayDays: 5, closed: 6, withinDelay: null },
    ]);
  });

  it('keeps what was published, lists it, and gives it as open data without any personal data', async () => {
    const [published] = await inLavaur((tx) => publishedQualityReports(tx));
    expect(published?.figures.period.key).toBe('2025-T2');
    const csv = qualityCsv([published!]);
    expect(csv.startsWith('\ufeffperiode;indicateur;detail;valeur\r\n')).toBe(true);
    expect(csv).toContain('2025-T2;reclamations;recues;6\r\n');
    expect(csv).toContain('2025-T2;suggestions;recues;\r\n');
    expect(csv).toContain('2025-T2;demarche_closes;Qualité test-qualite-ordinaire;10\r\n');
    expect(csv).toContain('2025-T2;demarche_dans_le_delai;Qualité test-qualite-reclamation (5 jours ouvrés annoncés);\r\n');
    expect(csv).not.toContain('test-qualite-rare');
    expect(csv).not.toMatch(/Dupont|personne\.qualite/);
  });

  it('is published for ended periods only, and withdrawn on demand', async () => {
    expect(periodEnded('2026-T4', now)).toBe(false);
    expect(periodEnded('2026-T3', now)).toBe(true);
    expect(periodEnded('2026', now)).toBe(false);
    expect(await inLavaur((tx) => withdrawQualityReport(tx, '2025-T2'))).toBe(true);
    expect(await inLavaur((tx) => withdrawQualityReport(tx, '2025-T2'))).toBe(false);
    expect((await inLavaur((tx) => publishedQualityReports(tx))).map((report) => report.figures.period.key)).not.toContain('2025-T2');
  });
});
