import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { epciQualityReports, procedures, qualityReports, requestRollups, scopedCommune, type Transaction } from '@guichet/db';
import { communeIndicators } from './commune-indicators.ts';
import { rollupRowsOf } from './rollup-period.ts';

/** A year (`2026`) or a quarter (`2026-T3`). */
export const qualityPeriodSchema = z
  .string()
  .regex(/^20\d{2}(-T[1-4])?$/, { error: 'Période : une année (2026) ou un trimestre (2026-T3).' })
  .meta({ example: '2026-T3' });

/** Counts of 1 to this minus one are not published: a handful of requests could single someone out. */
const SMALLEST_PUBLISHED_COUNT = 5;

const count = z.number().int().nullable().meta({ description: 'Nombre de demandes ; absent (null) de 1 à 4, pour que personne ne puisse être reconnu.' });
const share = z
  .number()
  .nullable()
  .meta({ description: 'Part entre 0 et 1 ; absente (null) quand la partie, le reste ou le tout compte de 1 à 4 demandes (chacun redonnerait les autres).' });

const qualityFiguresSchema = z
  .object({
    period: z.object({ key: qualityPeriodSchema, label: z.string(), from: z.string(), to: z.string() }),
    filed: count,
    closed: count,
    withinDelay: z.object({ onTime: count, share }),
    processingMedianHours: z.number().nullable(),
    satisfaction: z.object({ ratings: count, average: z.number().nullable(), satisfiedShare: share }),
    complaints: z.object({ received: count, answered: count, answeredWithinDelay: share }),
    suggestions: z.object({ received: count }),
    procedures: z.array(z.object({ title: z.string(), delayDays: z.number().int(), closed: z.number().int(), withinDelay: share })).meta({
      description: 'Les démarches d’au moins 5 demandes closes dans la période.',
    }),
  })
  .meta({ id: 'RapportQualite' });
export type QualityFigures = z.infer<typeof qualityFiguresSchema>;

export const qualityReportSchema = z.object({ figures: qualityFiguresSchema, publishedAt: z.iso.datetime() }).meta({ id: 'PeriodePubliee' });

/** The period's first and last days (Paris dates) and its name. */
function periodOf(key: string): QualityFigures['period'] {
  const [year, quarter] = key.split('-T').map(Number) as [number, number | undefined];
  if (quarter === undefined) return { key, label: `Année ${year}`, from: `${year}-01-01`, to: `${year}-12-31` };
  const first = (quarter - 1) * 3 + 1;
  const last = new Date(Date.UTC(year, first + 2, 0)).getUTCDate();
  const month = (value: number) => String(value).padStart(2, '0');
  return { key, label: `${quarter === 1 ? '1er' : `${quarter}e`} trimestre ${year}`, from: `${year}-${month(first)}-01`, to: `${year}-${month(first + 2)}-${last}` };
}

/** 1 to 4 requests could point at someone (none points at no one). */
const small = (value: number) => value > 0 && value < SMALLEST_PUBLISHED_COUNT;
const published = (value: number) => (small(value) ? null : value);
/** A part of a whole, withheld when the part, the rest or the whole is small: any of them and the share give the others back. */
const publishedShare = (part: number, whole: number) => (whole === 0 || small(part) || small(whole - part) || small(whole) ? null : part / whole);

/**
 * The commune's figures for a period as the quality report publishes them (Services Publics+,
 * engagement 6), or the EPCI's across `tenantIds`: counted as the dashboard counts them, every
 * count of 1 to 4 withheld, and every figure that would give one back with the others. A
 * procedure is one line by its title and announced delay (across communes, each one's adopted
 * copy of a template together).
 */
async function qualityFigures(tx: Transaction, key: string, now: Date, tenantIds?: readonly string[]): Promise<QualityFigures> {
  const period = periodOf(key);
  const indicators = await communeIndicators(tx, { du: period.from, au: period.to, serviceIds: null, now, ...(tenantIds ? { tenantIds } : {}) });
  const communes = tenantIds ? inArray(requestRollups.tenantId, [...tenantIds]) : eq(requestRollups.tenantId, scopedCommune);
  const inPeriod = and(communes, rollupRowsOf(requestRollups, { du: period.from, au: period.to }));
  const feedback = sql<string | null>`${procedures.definition}->>'feedback'`;
  const [byProcedure, [feedbackCounts]] = await Promise.all([
    tx
      .select({
        title: sql<string>`${procedures.definition}->>'title'`,
        delayDays: sql<number>`(${procedures.definition}->>'delayDays')::int`,
        closed: sql<number>`sum(${requestRollups.closed})::int`,
        onTime: sql<number>`sum(${requestRollups.onTime})::int`,
      })
      .from(requestRollups)
      .innerJoin(procedures, and(eq(procedures.tenantId, requestRollups.tenantId), eq(procedures.id, requestRollups.procedureId)))
      .where(inPeriod)
      .groupBy(sql`1`, sql`2`)
      .having(sql`sum(${requestRollups.closed}) > 0`)
      .orderBy(sql`sum(${requestRollups.closed}) desc`, sql`${procedures.definition}->>'title'`),
    tx
      .select({
        complaints: sql<number>`coalesce(sum(${requestRollups.filed}) filter (where ${feedback} = 'complaint'), 0)::int`,
        complaintsAnswered: sql<number>`coalesce(sum(${requestRollups.closed}) filter (where ${feedback} = 'complaint'), 0)::int`,
        complaintsOnTime: sql<number>`coalesce(sum(${requestRollups.onTime}) filter (where ${feedback} = 'complaint'), 0)::int`,
        suggestions: sql<number>`coalesce(sum(${requestRollups.filed}) filter (where ${feedback} = 'suggestion'), 0)::int`,
      })
      .from(requestRollups)
      .innerJoin(procedures, and(eq(procedures.tenantId, requestRollups.tenantId), eq(procedures.id, requestRollups.procedureId)))
      .where(inPeriod),
  ]);
  const counts = feedbackCounts ?? { complaints: 0, complaintsAnswered: 0, complaintsOnTime: 0, suggestions: 0 };
  const { ratings, distribution } = indicators.satisfaction;
  const onTimeShare = publishedShare(indicators.withinDelay.onTime, indicators.withinDelay.closed);
  return {
    period,
    filed: published(indicators.filed.total),
    closed: published(indicators.closed.total),
    // With the share withheld, the count on time would give it back (with the closures).
    withinDelay: { onTime: onTimeShare === null ? null : indicators.withinDelay.onTime, share: onTimeShare },
    processingMedianHours: indicators.delays.processing.count < SMALLEST_PUBLISHED_COUNT ? null : indicators.delays.processing.medianHours,
    satisfaction: {
      ratings: published(ratings),
      average: ratings < SMALLEST_PUBLISHED_COUNT ? null : indicators.satisfaction.average,
      satisfiedShare: publishedShare((distribution[3] ?? 0) + (distribution[4] ?? 0), ratings),
    },
    complaints: { received: published(counts.complaints), answered: published(counts.complaintsAnswered), answeredWithinDelay: publishedShare(counts.complaintsOnTime, counts.complaintsAnswered) },
    suggestions: { received: published(counts.suggestions) },
    // A procedure with 1 to 4 closures is left out: its line would say too much of them.
    procedures: byProcedure
      .filter((row) => !small(row.closed))
      .map((row) => ({ title: row.title, delayDays: row.delayDays, closed: row.closed, withinDelay: publishedShare(row.onTime, row.closed) })),
  };
}

/** A period is published once it has ended: a report of a period still running would change after publication. */
export function periodEnded(key: string, now = new Date()): boolean {
  const parisToday = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris' }).format(now);
  return periodOf(key).to < parisToday;
}

/** Publishes (or publishes again, with today's figures) a period of the commune's report. */
export async function publishQualityReport(tx: Transaction, input: { tenantId: string; period: string; agentId: string; now?: Date }) {
  const now = input.now ?? new Date();
  const figures = await qualityFigures(tx, input.period, now);
  await tx
    .insert(qualityReports)
    .values({ tenantId: input.tenantId, period: input.period, figures, publishedAt: now, publishedBy: input.agentId })
    .onConflictDoUpdate({ target: [qualityReports.tenantId, qualityReports.period], set: { figures, publishedAt: now, publishedBy: input.agentId } });
  return { figures, publishedAt: now.toISOString() };
}

/** Publishes (or publishes again) a period of the EPCI's report, consolidated across its member communes. */
export async function publishEpciQualityReport(tx: Transaction, input: { epciId: string; tenantIds: readonly string[]; period: string; staffId: string; now?: Date }) {
  const now = input.now ?? new Date();
  const figures = await qualityFigures(tx, input.period, now, input.tenantIds);
  await tx
    .insert(epciQualityReports)
    .values({ epciId: input.epciId, period: input.period, figures, publishedAt: now, publishedBy: input.staffId })
    .onConflictDoUpdate({ target: [epciQualityReports.epciId, epciQualityReports.period], set: { figures, publishedAt: now, publishedBy: input.staffId } });
  return { figures, publishedAt: now.toISOString() };
}

/** Withdraws a published period of the EPCI's report; whether it was published. */
export async function withdrawEpciQualityReport(tx: Transaction, period: string): Promise<boolean> {
  const removed = await tx.delete(epciQualityReports).where(eq(epciQualityReports.period, period)).returning({ period: epciQualityReports.period });
  return removed.length > 0;
}

/** The EPCI's published periods, the latest first. */
export async function publishedEpciQualityReports(tx: Transaction) {
  const rows = await tx.select({ figures: epciQualityReports.figures, publishedAt: epciQualityReports.publishedAt }).from(epciQualityReports).orderBy(desc(epciQualityReports.period));
  return rows.map((row) => ({ figures: qualityFiguresSchema.parse(row.figures), publishedAt: row.publishedAt.toISOString() }));
}

/** Withdraws a published period; whether it was published. */
export async function withdrawQualityReport(tx: Transaction, period: string): Promise<boolean> {
  const removed = await tx.delete(qualityReports).where(eq(qualityReports.period, period)).returning({ period: qualityReports.period });
  return removed.length > 0;
}

/** The commune's published periods, the latest first. */
export async function publishedQualityReports(tx: Transaction) {
  const rows = await tx.select({ figures: qualityReports.figures, publishedAt: qualityReports.publishedAt }).from(qualityReports).orderBy(desc(qualityReports.period));
  return rows.map((row) => ({ figures: qualityFiguresSchema.parse(row.figures), publishedAt: row.publishedAt.toISOString() }));
}

/** The published periods as open data: one line per figure, semicolons, withheld figures empty. */
export function qualityCsv(reports: readonly { figures: QualityFigures }[]): string {
  const rows: (string | number | null)[][] = [['periode', 'indicateur', 'detail', 'valeur']];
  for (const { figures: f } of reports) {
    const line = (indicator: string, detail: string, value: number | null) => rows.push([f.period.key, indicator, detail, value]);
    line('demandes_deposees', '', f.filed);
    line('demandes_closes', '', f.closed);
    line('closes_dans_le_delai', 'nombre', f.withinDelay.onTime);
    line('closes_dans_le_delai', 'part', f.withinDelay.share);
    line('delai_median_de_traitement', 'heures', f.processingMedianHours);
    line('satisfaction', 'avis', f.satisfaction.ratings);
    line('satisfaction', 'moyenne_sur_5', f.satisfaction.average);
    line('satisfaction', 'part_4_ou_5', f.satisfaction.satisfiedShare);
    line('reclamations', 'recues', f.complaints.received);
    line('reclamations', 'repondues', f.complaints.answered);
    line('reclamations', 'part_repondues_dans_le_delai', f.complaints.answeredWithinDelay);
    line('suggestions', 'recues', f.suggestions.received);
    for (const procedure of f.procedures) {
      line('demarche_closes', procedure.title, procedure.closed);
      line('demarche_dans_le_delai', `${procedure.title} (${procedure.delayDays} jours ouvrés annoncés)`, procedure.withinDelay);
    }
  }
  return `\ufeff${rows.map((row) => row.map(csvCell).join(';')).join('\r\n')}\r\n`;
}

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(Math.round(value * 1000) / 1000);
  return /[";\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
