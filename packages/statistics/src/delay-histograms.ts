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
export function delayHistogramsByCommune(tx: Transaction, query: DelayQuery): Promise<Map<string, DelayHistograms>> {
  return summedHistograms(tx, query, true);
}

/** The period's delays across the communes asked. */
export async function delayHistograms(tx: Transaction, query: DelayQuery): Promise<DelayHistograms> {
  const total: DelayHistograms = { acknowledgement: emptyHistogram(), firstAnswer: emptyHistogram(), processing: emptyHistogram() };
  for (const histograms of (await summedHistograms(tx, query, false)).values()) {
    for (const measure of ['acknowledgement', 'firstAnswer', 'processing'] as const) histograms[measure].forEach((count, bucket) => (total[measure][bucket]! += count));
  }
  return total;
}

/** The histograms summed by commune (`byCommune`), or all under one key. */
async function summedHistograms(tx: Transaction, query: DelayQuery, byCommune: boolean): Promise<Map<string, DelayHistograms>> {
  const services = query.service ? [query.service] : query.serviceIds;
  // A procedure's delays on one channel, or a channel's or a procedure's within services, have no
  // histogram of their own: they are counted from the facts of the period.
  if ((query.demarche && query.canal) || (services && (query.canal || query.demarche))) return fromFacts(tx, query);
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
  // Each histogram spread into one row per bucket, its empty buckets left out (most of a day's
  // are), then summed per bucket: a plan of a few nodes, where an array of 801 sums took the
  // planner 50 ms at each new period.
  const buckets = tx
    .select({ bucket: sql<number>`u.bucket::int`.as('bucket'), acknowledged: sql<number>`u.a`.as('acknowledged'), answered: sql<number>`u.f`.as('answered'), processed: sql<number>`u.p`.as('processed') })
    .from(sql`unnest(${rows.acknowledgement}, ${rows.firstAnswer}, ${rows.processing}) with ordinality as u(a, f, p, bucket)`)
    .where(sql`u.a <> 0 or u.f <> 0 or u.p <> 0`)
    .as('buckets');
  const sum = (column: typeof buckets.acknowledged) => sql<number>`sum(${column})::int`;
  const commune = byCommune ? rows.tenantId : sql<string>`''`.as('tenant_id');
  const statement = tx
    .select({ tenantId: commune, bucket: buckets.bucket, acknowledgement: sum(buckets.acknowledged).as('acknowledgement'), firstAnswer: sum(buckets.answered).as('first_answer'), processing: sum(buckets.processed).as('processing') })
    .from(rows)
    .crossJoinLateral(buckets)
    .groupBy(...(byCommune ? [rows.tenantId, buckets.bucket] : [buckets.bucket]));
  const summed = await rollupRead<{ tenant_id: string; bucket: number; acknowledgement: number; first_answer: number; processing: number }>(tx, statement);
  const histograms = new Map<string, DelayHistograms>();
  for (const row of summed) {
    let ofCommune = histograms.get(row.tenant_id);
    if (!ofCommune) histograms.set(row.tenant_id, (ofCommune = { acknowledgement: emptyHistogram(), firstAnswer: emptyHistogram(), processing: emptyHistogram() }));
    ofCommune.acknowledgement[row.bucket - 1] = row.acknowledgement;
    ofCommune.firstAnswer[row.bucket - 1] = row.first_answer;
    ofCommune.processing[row.bucket - 1] = row.processing;
  }
  return histograms;
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
