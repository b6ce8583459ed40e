import { and, eq, gte, inArray, isNotNull, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { requestDelayHistograms, requestFacts, scopedCommune, type Channel, type Transaction } from '@guichet/db';
import { rollupRead, rollupRowsOf } from './rollup-period.ts';
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
  const summed = (column: string) => sql.raw(`array[${Array.from({ length: DELAY_BUCKETS }, (_, index) => `sum(${column}[${index + 1}])`).join(', ')}]`);
  const statement = tx
    .select({ tenantId: requestDelayHistograms.tenantId, acknowledgement: summed('acknowledgement').as('acknowledgement'), firstAnswer: summed('first_answer').as('first_answer'), processing: summed('processing').as('processing') })
    .from(requestDelayHistograms)
    .where(
      and(
        query.tenantIds ? inArray(requestDelayHistograms.tenantId, [...query.tenantIds]) : eq(requestDelayHistograms.tenantId, scopedCommune),
        rollupRowsOf(requestDelayHistograms, query),
        query.canal ? eq(requestDelayHistograms.channel, query.canal) : isNull(requestDelayHistograms.channel),
        services ? inArray(requestDelayHistograms.serviceId, [...services]) : isNull(requestDelayHistograms.serviceId),
        query.demarche ? eq(requestDelayHistograms.procedureId, query.demarche) : isNull(requestDelayHistograms.procedureId),
      )!.inlineParams(),
    )
    .groupBy(requestDelayHistograms.tenantId);
  // Its 801 sums take the planner about 50 ms and the executor a few: planned once (`rollupRead`).
  const rows = await rollupRead<{ tenant_id: string; acknowledgement: string[]; first_answer: string[]; processing: string[] }>(tx, statement);
  return new Map(rows.map((row) => [row.tenant_id, { acknowledgement: row.acknowledgement.map(Number), firstAnswer: row.first_answer.map(Number), processing: row.processing.map(Number) }]));
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
