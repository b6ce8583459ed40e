import { and, count, eq, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { channels, procedures, requestFacts, requestRollups, scopedCommune, services, type Channel, type Transaction } from '@guichet/db';
import { delayHistograms } from './delay-histograms.ts';
import { adoptionSchema, citizenAdoption } from './citizen-adoption.ts';
import { placesSchema, requestPlaces } from './request-places.ts';
import { allowParallelReads, dayRowsOf, daysIn, DAILY_SERIES_UP_TO_DAYS, holdsWholeYear, monthOf, periodRows, rollupRead } from './rollup-period.ts';
import { delayQuantile } from './rollups.ts';

// Postgres refuses some dates the format allows (year 0); a dashboard's period lies within these years.
const day = z.iso
  .date({ error: 'Une date au format AAAA-MM-JJ.' })
  // Said only of a well-formed date: a malformed one has its own message.
  .refine((value) => !/^\d{4}-/.test(value) || (value >= '2000-01-01' && value <= '2099-12-31'), { error: 'Une date entre 2000 et 2099.' });

const periodFields = {
  du: day,
  au: day,
  canal: z.enum(channels, { error: `Un canal parmi : ${channels.join(', ')}.` }).optional(),
};

// Said only of two dates: a malformed one has its own message.
const inOrder = (query: { du: string; au: string }) => !day.safeParse(query.du).success || !day.safeParse(query.au).success || query.du <= query.au;
const reversed = { path: ['au'], error: 'La fin de la période précède son début.' };

/** What a dashboard asks: a period of Paris days, both included, narrowed or not. */
export const indicatorsQuerySchema = z
  .strictObject({
    ...periodFields,
    service: z.uuid({ error: 'Un identifiant de service.' }).optional(),
    demarche: z.uuid({ error: 'Un identifiant de démarche.' }).optional(),
  })
  .refine(inOrder, reversed);

/** What the EPCI's dashboard asks: a period, a channel, and some of its communes (all when absent). */
export const consoleIndicatorsQuerySchema = z
  .strictObject({
    ...periodFields,
    communes: z
      .string()
      .regex(/^[a-z0-9-]+(,[a-z0-9-]+)*$/, { error: 'Des communes (leurs identifiants, comme libercourt) séparées par des virgules.' })
      .optional(),
  })
  .refine(inOrder, reversed);
export type IndicatorsQuery = z.infer<typeof indicatorsQuerySchema>;

const duration = z.object({
  count: z.number().int().meta({ description: 'Demandes qui ont atteint cette étape dans la période.' }),
  medianHours: z.number().nullable().meta({ description: 'La moitié des demandes l’ont atteinte en moins de temps (à l’heure près jusqu’à une semaine, au jour près jusqu’à 60 jours, à la semaine près au-delà).' }),
  p90Hours: z.number().nullable().meta({ description: '90 % des demandes l’ont atteinte en moins de temps.' }),
});
const share = z.number().min(0).max(1).nullable();

export const communeIndicatorsSchema = z.object({
  period: z.object({ from: z.string(), to: z.string() }),
  filed: z.object({
    total: z.number().int(),
    byChannel: z.array(z.object({ channel: z.enum(channels), count: z.number().int() })),
    byProcedure: z.array(z.object({ procedureId: z.uuid(), title: z.string(), count: z.number().int() })),
    byService: z.array(z.object({ serviceId: z.uuid(), name: z.string(), count: z.number().int() })),
    series: z.object({
      unit: z.enum(['jour', 'mois']).meta({ description: 'Par jour jusqu’à trois mois, par mois au-delà.' }),
      points: z.array(z.object({ start: z.iso.date(), count: z.number().int() })),
    }),
  }),
  closed: z.object({
    total: z.number().int().meta({ description: 'Demandes closes dans la période (pour la dernière fois), doublons fusionnés exclus.' }),
    merged: z.number().int(),
    reopenings: z.number().int(),
    transfers: z.number().int(),
  }),
  delays: z.object({ acknowledgement: duration, firstAnswer: duration, processing: duration }),
  withinDelay: z.object({ closed: z.number().int(), onTime: z.number().int(), share }),
  satisfaction: z.object({
    ratings: z.number().int(),
    average: z.number().nullable(),
    distribution: z.array(z.number().int()).length(5).meta({ description: 'Nombre de notes 1, 2, 3, 4 et 5.' }),
    satisfiedShare: share.meta({ description: 'Part des notes 4 ou 5 sur 5.' }),
  }),
  backlog: z.object({
    open: z.number().int().meta({ description: 'Demandes ouvertes aujourd’hui, déposées au plus tard le dernier jour de la période.' }),
    medianAgeDays: z.number().nullable(),
    olderThan30Days: z.number().int(),
  }),
  places: placesSchema,
  adoption: adoptionSchema,
});
export type CommuneIndicators = z.infer<typeof communeIndicatorsSchema>;

/**
 * A commune's indicators for a period (README, "Statistics: counting rules"), read from the
 * rollups the facts job keeps (never from the requests): volumes by filing date; delays,
 * closures and ratings by final closure date; durations exclude the time paused for the citizen,
 * their percentiles read from the delay histograms. `serviceIds` narrows to a manager's services.
 */
export async function communeIndicators(
  tx: Transaction,
  query: Omit<IndicatorsQuery, 'service' | 'demarche'> & Partial<Pick<IndicatorsQuery, 'service' | 'demarche'>> & { serviceIds: readonly string[] | null; tenantIds?: readonly string[]; now?: Date },
): Promise<CommuneIndicators> {
  const narrowed = and(
    query.tenantIds ? inArray(requestRollups.tenantId, [...query.tenantIds]) : eq(requestRollups.tenantId, scopedCommune),
    query.serviceIds ? inArray(requestRollups.serviceId, [...query.serviceIds]) : undefined,
    query.service ? eq(requestRollups.serviceId, query.service) : undefined,
    query.demarche ? eq(requestRollups.procedureId, query.demarche) : undefined,
    query.canal ? eq(requestRollups.channel, query.canal) : undefined,
  );
  const sum = (column: AnyPgColumn | SQL) => sql<number>`coalesce(sum(${column}), 0)::int`;
  const daily = daysIn(query) <= DAILY_SERIES_UP_TO_DAYS;
  const r = requestRollups;
  // The period's rows are read once, summed by procedure, service and channel (the lists and
  // totals are added up from those few combinations, named after: a definition is too large to
  // group by) and, beyond three months, by month for the series in the same pass; but a period
  // that holds a whole year reads its year rows for the sums and its months for the series apart.
  const yearly = holdsWholeYear(query);
  const acrossCommunes = (query.tenantIds?.length ?? 0) > 1;
  const rows = periodRows(
    tx,
    r,
    { tenantId: r.tenantId, procedureId: r.procedureId, serviceId: r.serviceId, channel: r.channel, start: r.start, filed: r.filed, closed: r.closed, merged: r.merged, reopenings: r.reopenings, transfers: r.transfers, onTime: r.onTime, ratings: r.ratings },
    query,
    narrowed,
  );
  const keys = sql`${rows.tenantId}, ${rows.procedureId}, ${rows.serviceId}, ${rows.channel}`;
  const month = monthOf(rows.start);
  // Adoption is the commune's: it has no channel, service nor procedure.
  const whole = !query.canal && !query.service && !query.demarche && !query.serviceIds;
  if (acrossCommunes) await allowParallelReads(tx);
  const [counted, names, seriesApart, delays, places, citizens, [backlog]] = await Promise.all([
    rollupRead<Combination & { month: string | null }>(
      tx,
      tx
        .select({
          tenantId: rows.tenantId,
          procedureId: rows.procedureId,
          serviceId: rows.serviceId,
          channel: rows.channel,
          month: (daily || yearly ? sql<string | null>`null` : month).as('month'),
          filed: sum(rows.filed).as('filed'),
          closed: sum(rows.closed).as('closed'),
          merged: sum(rows.merged).as('merged'),
          reopenings: sum(rows.reopenings).as('reopenings'),
          transfers: sum(rows.transfers).as('transfers'),
          onTime: sum(rows.onTime).as('on_time'),
          ratings: sql<number[]>`array[${sql.join([1, 2, 3, 4, 5].map((note) => sum(sql`${rows.ratings}[${sql.raw(String(note))}]`)), sql`, `)}]`.as('ratings'),
        })
        .from(rows)
        .groupBy(daily || yearly ? keys : sql`grouping sets ((${keys}), (${month}))`),
    ),
    namesOf(tx, query.tenantIds),
    daily ? dailySeries(tx, query, narrowed) : yearly ? monthlySeries(tx, query, narrowed) : null,
    delayHistograms(tx, query),
    requestPlaces(tx, query),
    whole ? citizenAdoption(tx, query) : null,
    tx
      .select({
        open: count(),
        medianAgeDays: sql<number | null>`round((percentile_cont(0.5) within group (order by extract(epoch from ${(query.now ?? new Date()).toISOString()}::timestamptz - ${requestFacts.filedAt})) / 86400)::numeric, 1)`.mapWith((value) => (value === null ? null : Number(value))),
        olderThan30Days: sql<number>`count(*) filter (where ${requestFacts.filedAt} < ${(query.now ?? new Date()).toISOString()}::timestamptz - interval '30 days')`.mapWith(Number),
      })
      .from(requestFacts)
      .where(
        and(
          query.tenantIds ? inArray(requestFacts.tenantId, [...query.tenantIds]) : eq(requestFacts.tenantId, scopedCommune),
          query.serviceIds ? inArray(requestFacts.serviceId, [...query.serviceIds]) : undefined,
          query.service ? eq(requestFacts.serviceId, query.service) : undefined,
          query.demarche ? eq(requestFacts.procedureId, query.demarche) : undefined,
          query.canal ? eq(requestFacts.channel, query.canal) : undefined,
          lt(requestFacts.filedAt, sql`(${query.au}::date + 1)::timestamp at time zone 'Europe/Paris'`),
          isNull(requestFacts.closedAt),
          eq(requestFacts.merged, false),
        ),
      ),
  ]);
  const combinations = counted.filter((row) => row.month === null);
  const series =
    seriesApart ??
    counted
      .filter((row) => row.month !== null && row.filed > 0)
      .map((row) => ({ start: row.month!, count: row.filed }))
      .sort((a, b) => a.start.localeCompare(b.start));
  const total = (key: 'filed' | 'closed' | 'merged' | 'reopenings' | 'transfers' | 'onTime') => combinations.reduce((sum, row) => sum + row[columnOf[key]], 0);
  const distribution = [0, 1, 2, 3, 4].map((index) => combinations.reduce((sum, row) => sum + Number(row.ratings[index]), 0));
  const ratings = distribution.reduce((sum, n) => sum + n, 0);
  const closed = total('closed');
  const byProcedure = filedBy(combinations, (row) => `${row.tenant_id}|${row.procedure_id}`, (row) => ({ procedureId: row.procedure_id, title: names.procedures.get(row.procedure_id) ?? '' }));
  const byService = filedBy(combinations, (row) => `${row.tenant_id}|${row.service_id}`, (row) => ({ serviceId: row.service_id, name: names.services.get(row.service_id) ?? '' }));
  // Across communes, one procedure is each commune's adopted copy of a template (one service, each
  // commune's own of a name): counted together by title and by name, named by the first id.
  return {
    period: { from: query.du, to: query.au },
    filed: {
      total: total('filed'),
      byChannel: filedBy(combinations, (row) => row.channel, (row) => ({ channel: row.channel })),
      byProcedure: acrossCommunes ? summedBy(byProcedure, 'title') : byProcedure,
      byService: acrossCommunes ? summedBy(byService, 'name') : byService,
      series: { unit: daily ? 'jour' : 'mois', points: series },
    },
    closed: { total: closed, merged: total('merged'), reopenings: total('reopenings'), transfers: total('transfers') },
    delays: { acknowledgement: durationOf(delays.acknowledgement), firstAnswer: durationOf(delays.firstAnswer), processing: durationOf(delays.processing) },
    withinDelay: { closed, onTime: total('onTime'), share: ratio(total('onTime'), closed) },
    satisfaction: {
      ratings,
      average: ratings === 0 ? null : Math.round((distribution.reduce((sum, n, index) => sum + n * (index + 1), 0) / ratings) * 100) / 100,
      distribution,
      satisfiedShare: ratio(distribution[3]! + distribution[4]!, ratings),
    },
    backlog: { open: backlog?.open ?? 0, medianAgeDays: backlog?.medianAgeDays ?? null, olderThan30Days: backlog?.olderThan30Days ?? 0 },
    places,
    adoption: citizens && { ...citizens, onlineShare: ratio(combinations.filter((row) => row.channel === 'portal').reduce((sum, row) => sum + row.filed, 0), total('filed')) },
  };
}

/** The filings of a period by month, from its month and day rows (not its year rows). */
function monthlySeries(tx: Transaction, query: { du: string; au: string }, narrowed: SQL | undefined) {
  const r = requestRollups;
  const rows = periodRows(tx, r, { start: r.start, filed: r.filed }, query, narrowed, 'month');
  const month = monthOf(rows.start);
  return rollupRead<SeriesPoint>(
    tx,
    tx
      .select({ start: month.as('start'), count: sql<number>`sum(${rows.filed})::int`.as('count') })
      .from(rows)
      .groupBy(month)
      .having(sql`sum(${rows.filed}) > 0`)
      .orderBy(month),
  );
}

/** Filings by day, from the day rows (a period of up to three months). */
function dailySeries(tx: Transaction, query: { du: string; au: string }, narrowed: SQL | undefined) {
  const r = requestRollups;
  const day = sql<string>`${r.start}::text`;
  return rollupRead<SeriesPoint>(
    tx,
    tx
      .select({ start: day.as('start'), count: sql<number>`sum(${r.filed})::int`.as('count') })
      .from(r)
      .where(and(narrowed, dayRowsOf(r, query))!.inlineParams())
      .groupBy(r.start)
      .having(sql`sum(${r.filed}) > 0`)
      .orderBy(r.start),
  );
}

type SeriesPoint = { start: string; count: number };

/** Filings summed by `key`, each line described by `describe`, the largest first (none without filings). */
function filedBy<Row extends { filed: number }, Line>(rows: readonly Row[], key: (row: Row) => string, describe: (row: Row) => Line): (Line & { count: number })[] {
  const lines = new Map<string, Line & { count: number }>();
  for (const row of rows) {
    const line = lines.get(key(row)) ?? { ...describe(row), count: 0 };
    line.count += row.filed;
    lines.set(key(row), line);
  }
  return [...lines.values()].filter((line) => line.count > 0).sort((a, b) => b.count - a.count);
}

/** The titles of the communes' procedures and the names of their services, by id. */
async function namesOf(tx: Transaction, tenantIds: readonly string[] | undefined) {
  const [procedureTitles, serviceNames] = await Promise.all([
    tx
      .select({ id: procedures.id, title: sql<string>`${procedures.definition}->>'title'` })
      .from(procedures)
      .where(tenantIds ? inArray(procedures.tenantId, [...tenantIds]) : eq(procedures.tenantId, scopedCommune)),
    tx
      .select({ id: services.id, name: services.name })
      .from(services)
      .where(tenantIds ? inArray(services.tenantId, [...tenantIds]) : eq(services.tenantId, scopedCommune)),
  ]);
  return { procedures: new Map(procedureTitles.map((row) => [row.id, row.title])), services: new Map(serviceNames.map((row) => [row.id, row.name])) };
}

/** A procedure, service and channel's sums over the period, as Postgres names them. */
type Combination = {
  tenant_id: string;
  procedure_id: string;
  service_id: string;
  channel: Channel;
  filed: number;
  closed: number;
  merged: number;
  reopenings: number;
  transfers: number;
  on_time: number;
  ratings: number[];
};
const columnOf = { filed: 'filed', closed: 'closed', merged: 'merged', reopenings: 'reopenings', transfers: 'transfers', onTime: 'on_time' } as const;

/** How many delays, the median and the 90th percentile (each the end of its histogram bucket, in hours). */
function durationOf(histogram: readonly number[]) {
  return { count: histogram.reduce((sum, n) => sum + n, 0), medianHours: delayQuantile(histogram, 0.5), p90Hours: delayQuantile(histogram, 0.9) };
}

function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 1000;
}

/** Rows with the same `key` as one row, their counts added, the largest first. */
function summedBy<Row extends { count: number }>(rows: readonly Row[], key: keyof Row): Row[] {
  const summed = new Map<unknown, Row>();
  for (const row of rows) {
    const seen = summed.get(row[key]);
    if (seen) seen.count += row.count;
    else summed.set(row[key], { ...row });
  }
  return [...summed.values()].sort((a, b) => b.count - a.count);
}
