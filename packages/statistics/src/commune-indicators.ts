import { and, count, eq, gte, inArray, isNotNull, lt, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { channels, procedures, requestFacts, services, type Transaction } from '@guichet/db';
import { finalStatuses } from '@guichet/workflow';

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
  medianHours: z.number().nullable(),
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
    byDay: z.array(z.object({ day: z.string(), count: z.number().int() })),
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
});
export type CommuneIndicators = z.infer<typeof communeIndicatorsSchema>;

/**
 * A commune's indicators for a period, from the requests' facts (README, "Statistics: counting
 * rules"): volumes by filing date; delays, closures and ratings by final closure date; durations
 * exclude the time paused for the citizen. `serviceIds` narrows to the services a manager sees.
 */
export async function communeIndicators(
  tx: Transaction,
  query: Omit<IndicatorsQuery, 'service' | 'demarche'> & Partial<Pick<IndicatorsQuery, 'service' | 'demarche'>> & { serviceIds: readonly string[] | null; tenantIds?: readonly string[]; now?: Date },
): Promise<CommuneIndicators> {
  const start = sql`(${query.du}::date)::timestamp at time zone 'Europe/Paris'`;
  const end = sql`(${query.au}::date + 1)::timestamp at time zone 'Europe/Paris'`;
  const narrowed = and(
    query.tenantIds ? inArray(requestFacts.tenantId, [...query.tenantIds]) : undefined,
    query.serviceIds ? inArray(requestFacts.serviceId, [...query.serviceIds]) : undefined,
    query.service ? eq(requestFacts.serviceId, query.service) : undefined,
    query.demarche ? eq(requestFacts.procedureId, query.demarche) : undefined,
    query.canal ? eq(requestFacts.channel, query.canal) : undefined,
  );
  const filedIn = and(narrowed, gte(requestFacts.filedAt, start), lt(requestFacts.filedAt, end));
  const closedIn = and(narrowed, isNotNull(requestFacts.closedAt), gte(requestFacts.closedAt, start), lt(requestFacts.closedAt, end));
  const answered = and(closedIn, eq(requestFacts.merged, false));
  const parisDay = sql<string>`to_char(${requestFacts.filedAt} at time zone 'Europe/Paris', 'YYYY-MM-DD')`;
  const [byChannel, byProcedure, byService, byDay, [closed], delays, [rated], [backlog]] = await Promise.all([
    tx.select({ channel: requestFacts.channel, count: count() }).from(requestFacts).where(filedIn).groupBy(requestFacts.channel).orderBy(sql`2 desc`),
    tx
      .select({ procedureId: requestFacts.procedureId, title: sql<string>`${procedures.definition}->>'title'`, count: count() })
      .from(requestFacts)
      .innerJoin(procedures, and(eq(procedures.tenantId, requestFacts.tenantId), eq(procedures.id, requestFacts.procedureId)))
      .where(filedIn)
      .groupBy(requestFacts.procedureId, procedures.definition)
      .orderBy(sql`3 desc`),
    tx
      .select({ serviceId: requestFacts.serviceId, name: services.name, count: count() })
      .from(requestFacts)
      .innerJoin(services, and(eq(services.tenantId, requestFacts.tenantId), eq(services.id, requestFacts.serviceId)))
      .where(filedIn)
      .groupBy(requestFacts.serviceId, services.name)
      .orderBy(sql`3 desc`),
    tx.select({ day: parisDay, count: count() }).from(requestFacts).where(filedIn).groupBy(parisDay).orderBy(parisDay),
    tx
      .select({
        total: sql<number>`count(*) filter (where not ${requestFacts.merged})`.mapWith(Number),
        merged: sql<number>`count(*) filter (where ${requestFacts.merged})`.mapWith(Number),
        reopenings: sql<number>`coalesce(sum(${requestFacts.reopenings}), 0)`.mapWith(Number),
        transfers: sql<number>`coalesce(sum(${requestFacts.transfers}), 0)`.mapWith(Number),
        onTime: sql<number>`count(*) filter (where ${requestFacts.withinDelay})`.mapWith(Number),
      })
      .from(requestFacts)
      .where(closedIn),
    Promise.all([
      durationOf(tx, requestFacts.acknowledgementSeconds, and(narrowed, gte(requestFacts.acknowledgedAt, start), lt(requestFacts.acknowledgedAt, end))),
      durationOf(tx, requestFacts.firstAnswerSeconds, and(narrowed, gte(requestFacts.firstAnswerAt, start), lt(requestFacts.firstAnswerAt, end))),
      durationOf(tx, requestFacts.processingSeconds, answered),
    ]),
    tx
      .select({
        ratings: count(requestFacts.rating),
        average: sql<number | null>`round(avg(${requestFacts.rating}), 2)`.mapWith((value) => (value === null ? null : Number(value))),
        distribution: sql<number[]>`array[${sql.join([1, 2, 3, 4, 5].map((note) => sql`count(*) filter (where ${requestFacts.rating} = ${note})`), sql`, `)}]`,
      })
      .from(requestFacts)
      .where(answered),
    tx
      .select({
        open: count(),
        medianAgeDays: sql<number | null>`round((percentile_cont(0.5) within group (order by extract(epoch from ${(query.now ?? new Date()).toISOString()}::timestamptz - ${requestFacts.filedAt})) / 86400)::numeric, 1)`.mapWith((value) => (value === null ? null : Number(value))),
        olderThan30Days: sql<number>`count(*) filter (where ${requestFacts.filedAt} < ${(query.now ?? new Date()).toISOString()}::timestamptz - interval '30 days')`.mapWith(Number),
      })
      .from(requestFacts)
      .where(and(narrowed, lt(requestFacts.filedAt, end), eq(requestFacts.merged, false), sql`${requestFacts.status} not in ${[...finalStatuses]}`)),
  ]);
  const [acknowledgement, firstAnswer, processing] = delays;
  const distribution = (rated?.distribution ?? [0, 0, 0, 0, 0]).map(Number);
  // Across communes, one procedure is each commune's adopted copy of a template (one service, each
  // commune's own of a name): counted together by title and by name, named by the first id.
  const acrossCommunes = (query.tenantIds?.length ?? 0) > 1;
  return {
    period: { from: query.du, to: query.au },
    filed: {
      total: byChannel.reduce((total, row) => total + row.count, 0),
      byChannel,
      byProcedure: acrossCommunes ? summedBy(byProcedure, 'title') : byProcedure,
      byService: acrossCommunes ? summedBy(byService, 'name') : byService,
      byDay,
    },
    closed: { total: closed?.total ?? 0, merged: closed?.merged ?? 0, reopenings: closed?.reopenings ?? 0, transfers: closed?.transfers ?? 0 },
    delays: { acknowledgement: acknowledgement!, firstAnswer: firstAnswer!, processing: processing! },
    withinDelay: { closed: closed?.total ?? 0, onTime: closed?.onTime ?? 0, share: ratio(closed?.onTime ?? 0, closed?.total ?? 0) },
    satisfaction: {
      ratings: rated?.ratings ?? 0,
      average: rated?.average ?? null,
      distribution,
      satisfiedShare: ratio(distribution[3]! + distribution[4]!, rated?.ratings ?? 0),
    },
    backlog: { open: backlog?.open ?? 0, medianAgeDays: backlog?.medianAgeDays ?? null, olderThan30Days: backlog?.olderThan30Days ?? 0 },
  };
}

/** Median and 90th percentile, in hours to the tenth, of the durations of the requests `where` keeps. */
async function durationOf(tx: Transaction, seconds: AnyPgColumn, where: SQL | undefined) {
  const hours = (fraction: number) =>
    sql<number | null>`round((percentile_cont(${sql.raw(String(fraction))}) within group (order by ${seconds}) / 3600)::numeric, 1)`.mapWith((value) =>
      value === null ? null : Number(value),
    );
  const [row] = await tx
    .select({ count: count(seconds), medianHours: hours(0.5), p90Hours: hours(0.9) })
    .from(requestFacts)
    .where(and(where, isNotNull(seconds)));
  return { count: row?.count ?? 0, medianHours: row?.medianHours ?? null, p90Hours: row?.p90Hours ?? null };
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
