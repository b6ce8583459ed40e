import { and, eq, gte, inArray, isNotNull, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { requestDelayHistograms, requestFacts, scopedCommune, type Channel, type Transaction } from '@guichet/db';
import { periodRows, rollupRead } from './rollup-period.ts';
import { DELAY_BUCKETS, delayBucketEnds } from './rollups.ts';

export type DelayHistograms = { acknowledgement: number[]; firstAnswer: number[]; processing: number[] };

type DelayQuery = {
  du: string;
  au: string;
  canal?: Channel | undefined;
  service?: string | undefined;
  demarche?: string | undefined;
  serviceIds: readonly string[] | null;
  tenantIds?: readonly string[] | undefined;
};

/** The summed histograms of the period's delays, commune by commune (a commune without any is absent). */
export async function delayHistogramsByCommune(tx: Transaction, query: DelayQuery): Promise<Map<string, DelayHistograms>> {
  const services = query.service ? [query.service] : query.serviceIds;
  // A procedure's delays on one channel, or a channel's or a procedure's within services, have no
  // histogram of their own: they are counted from the facts of the period.
  if ((query.demarche && query.canal) || (services && (query.canal || query.demarche))) return fromFacts(tx, query);
  // Each histogram spread into one row per bucket (set-returning functions in the select list
  // run in step), then summed per commune and bucket: a plan of a few nodes, where an array of
  // 801 sums took the planner 50 ms at each new period.
  const h = requestDelayHistograms;
  const rows = periodRows(
    tx,
    h,
    { tenantId: h.tenantId, acknowledgement: h.acknowledgement, firstAnswer: h.firstAnswer, processing: h.processing },
    query,
    and(
      query.tenantIds ? inArray(h.tenantId, [...query.tenantIds]) : eq(h.tenantId, scopedCommune),
      query.canal ? eq(h.channel, query.canal) : isNull(h.channel),
      services ? inArray(h.serviceId, [...services]) : isNull(h.serviceId),
      query.demarche ? eq(h.procedureId, query.demarche) : isNull(h.procedureId),
    ),
  );
  const buckets = tx
    .select({
      tenantId: rows.tenantId,
      bucket: sql<number>`generate_subscripts(${rows.acknowledgement}, 1)`.as('bucket'),
      acknowledgement: sql<number>`unnest(${rows.acknowledgement})`.as('acknowledgement'),
      firstAnswer: sql<number>`unnest(${rows.firstAnswer})`.as('first_answer'),
      processing: sql<number>`unnest(${rows.processing})`.as('processing'),
    })
    .from(rows)
    .as('buckets');
  const sum = (column: typeof buckets.acknowledgement) => sql<number>`sum(${column})::int`;
  const statement = tx
    .select({ tenantId: buckets.tenantId, bucket: buckets.bucket, acknowledgement: sum(buckets.acknowledgement).as('acknowledgement'), firstAnswer: sum(buckets.firstAnswer).as('first_answer'), processing: sum(buckets.processing).as('processing') })
    .from(buckets)
    .groupBy(buckets.tenantId, buckets.bucket)
    .having(sql`sum(${buckets.acknowledgement}) + sum(${buckets.firstAnswer}) + sum(${buckets.processing}) <> 0`);
  const summed = await rollupRead<{ tenant_id: string; bucket: number; acknowledgement: number; first_answer: number; processing: number }>(tx, statement);
  const byCommune = new Map<string, DelayHistograms>();
  for (const row of summed) {
    let histograms = byCommune.get(row.tenant_id);
    if (!histograms) byCommune.set(row.tenant_id, (histograms = { acknowledgement: emptyHistogram(), firstAnswer: emptyHistogram(), processing: emptyHistogram() }));
    histograms.acknowledgement[row.bucket - 1] = row.acknowledgement;
    histograms.firstAnswer[row.bucket - 1] = row.first_answer;
    histograms.processing[row.bucket - 1] = row.processing;
  }
  return byCommune;
}

/** The period's delays across the communes asked. */
export async function delayHistograms(tx: Transaction, query: DelayQuery): Promise<DelayHistograms> {
  const total: DelayHistograms = { acknowledgement: emptyHistogram(), firstAnswer: emptyHistogram(), processing: emptyHistogram() };
  for (const histograms of (await delayHistogramsByCommune(tx, query)).values()) {
    for (const measure of ['acknowledgement', 'firstAnswer', 'processing'] as const) histograms[measure].forEach((count, bucket) => (total[measure][bucket]! += count));
  }
  return total;
}

const emptyHistogram = () => new Array<number>(DELAY_BUCKETS).fill(0);

async function fromFacts(tx: Transaction, query: DelayQuery): Promise<Map<string, DelayHistograms>> {
  const start = sql`(${query.du}::date)::timestamp at time zone 'Europe/Paris'`;
  const end = sql`(${query.au}::date + 1)::timestamp at time zone 'Europe/Paris'`;
  const narrowed = and(
    query.tenantIds ? inArray(requestFacts.tenantId, [...query.tenantIds]) : eq(requestFacts.tenantId, scopedCommune),
    query.serviceIds ? inArray(requestFacts.serviceId, [...query.serviceIds]) : undefined,
    query.service ? eq(requestFacts.serviceId, query.service) : undefined,
    query.demarche ? eq(requestFacts.procedureId, query.demarche) : undefined,
    query.canal ? eq(requestFacts.channel, query.canal) : undefined,
  );
  const bucketsOf = (seconds: AnyPgColumn, at: AnyPgColumn, where?: SQL) => {
    const bucket = sql<number>`width_bucket(${seconds} - 1, ${sql.raw(`'{${delayBucketEnds.join(',')}}'::integer[]`)})`;
    return tx
      .select({ tenantId: requestFacts.tenantId, bucket, count: sql<number>`count(*)`.mapWith(Number) })
      .from(requestFacts)
      .where(and(narrowed, where, isNotNull(seconds), gte(at, start), lt(at, end)))
      .groupBy(requestFacts.tenantId, bucket);
  };
  const measures = await Promise.all([
    bucketsOf(requestFacts.acknowledgementSeconds, requestFacts.acknowledgedAt),
    bucketsOf(requestFacts.firstAnswerSeconds, requestFacts.firstAnswerAt),
    bucketsOf(requestFacts.processingSeconds, requestFacts.closedAt, eq(requestFacts.merged, false)),
  ]);
  const byCommune = new Map<string, DelayHistograms>();
  (['acknowledgement', 'firstAnswer', 'processing'] as const).forEach((measure, index) => {
    for (const row of measures[index]!) {
      let histograms = byCommune.get(row.tenantId);
      if (!histograms) byCommune.set(row.tenantId, (histograms = { acknowledgement: emptyHistogram(), firstAnswer: emptyHistogram(), processing: emptyHistogram() }));
      histograms[measure][row.bucket]! += row.count;
    }
  });
  return byCommune;
}
