import { sql } from 'drizzle-orm';
import { scopedCommune, type requestFacts, type RollupSpan, type Transaction } from '@guichet/db';

/** What a request's facts add to the rollups. */
export type FactsForRollups = Pick<
  typeof requestFacts.$inferSelect,
  | 'procedureId'
  | 'serviceId'
  | 'channel'
  | 'sector'
  | 'gridCell'
  | 'filedAt'
  | 'acknowledgedAt'
  | 'firstAnswerAt'
  | 'closedAt'
  | 'acknowledgementSeconds'
  | 'firstAnswerSeconds'
  | 'processingSeconds'
  | 'withinDelay'
  | 'reopenings'
  | 'transfers'
  | 'merged'
  | 'rating'
  | 'firstOfCitizen'
  | 'franceconnect'
>;

const HOUR = 3600;
/**
 * Bucket i holds the delays over the end of bucket i − 1 and up to its own end: 0 h exactly (an
 * automatic acknowledgement), then an hour each up to a week, a day each up to 60 days, a week
 * each up to 368 days, and one last bucket beyond.
 */
const HOURLY_UP_TO = 168;
const DAILY_UP_TO = 1440;
const WEEKLY_UP_TO = 8832;
const LAST_HOURLY = HOURLY_UP_TO;
const LAST_DAILY = LAST_HOURLY + (DAILY_UP_TO - HOURLY_UP_TO) / 24;
const LAST_WEEKLY = LAST_DAILY + (WEEKLY_UP_TO - DAILY_UP_TO) / 168;
export const DELAY_BUCKETS = LAST_WEEKLY + 2;

/** The histogram bucket of a delay in seconds. */
export function delayBucketOf(seconds: number): number {
  const hours = seconds / HOUR;
  if (hours <= HOURLY_UP_TO) return Math.max(0, Math.ceil(hours));
  if (hours <= DAILY_UP_TO) return LAST_HOURLY + Math.ceil((hours - HOURLY_UP_TO) / 24);
  if (hours <= WEEKLY_UP_TO) return LAST_DAILY + Math.ceil((hours - DAILY_UP_TO) / 168);
  return LAST_WEEKLY + 1;
}

/** Where a bucket ends, in hours: its delays are at most that (the last one: more than that). */
function delayBucketEnd(bucket: number): number {
  if (bucket <= LAST_HOURLY) return bucket;
  if (bucket <= LAST_DAILY) return HOURLY_UP_TO + (bucket - LAST_HOURLY) * 24;
  if (bucket <= LAST_WEEKLY) return DAILY_UP_TO + (bucket - LAST_DAILY) * 168;
  return WEEKLY_UP_TO;
}

const parisDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

/** A day's rollup, its month's and its year's: the Paris date, the first of its month and of its year. */
function spansOf(at: Date): [RollupSpan, string][] {
  const day = parisDate.format(at);
  return [
    ['day', day],
    ['month', `${day.slice(0, 8)}01`],
    ['year', `${day.slice(0, 5)}01-01`],
  ];
}

type CountsRow = {
  span: RollupSpan;
  start: string;
  procedure_id: string;
  service_id: string;
  channel: string;
  filed: number;
  closed: number;
  merged: number;
  reopenings: number;
  transfers: number;
  on_time: number;
  ratings: number[];
};
type CitizensRow = { span: RollupSpan; start: string; new_citizens: number; franceconnect: number };
type PlaceRow = { span: RollupSpan; start: string; sector: string; grid_cell: string; filed: number; closed: number; on_time: number };
type Measure = 'acknowledgement' | 'first_answer' | 'processing';
/** A histogram's changes as bucket → count. */
type HistogramRow = { span: RollupSpan; start: string; channel: string | null; service_id: string | null; procedure_id: string | null } & Record<Measure, Map<number, number>>;
/** The histograms a delay counts in: the commune's, its channel's, its service's, its procedure's. */
const histogramKeys = (facts: FactsForRollups) =>
  [
    [null, null, null],
    [facts.channel, null, null],
    [null, facts.serviceId, null],
    [null, null, facts.procedureId],
  ] as const;
/**
 * What changes in the rollups when requests' facts go from `before` to `after`: each request's
 * old facts taken away and its new ones added, by day, by month and by year.
 */
export function rollupChanges(before: readonly FactsForRollups[], after: readonly FactsForRollups[]): { counts: CountsRow[]; histograms: HistogramRow[]; places: PlaceRow[]; citizens: CitizensRow[] } {
  const counts = new Map<string, CountsRow>();
  const citizens = new Map<string, CitizensRow>();
  const arrival = (facts: FactsForRollups, sign: number) => {
    if (!facts.firstOfCitizen) return;
    for (const [span, start] of spansOf(facts.filedAt)) {
      const key = `${span}|${start}`;
      let row = citizens.get(key);
      if (!row) citizens.set(key, (row = { span, start, new_citizens: 0, franceconnect: 0 }));
      row.new_citizens += sign;
      if (facts.franceconnect) row.franceconnect += sign;
    }
  };
  const places = new Map<string, PlaceRow>();
  const placesAt = (facts: FactsForRollups, at: Date) =>
    spansOf(at).map(([span, start]) => {
      const [sector, cell] = [facts.sector ?? '', facts.gridCell ?? ''];
      const key = `${span}|${start}|${sector}|${cell}`;
      let row = places.get(key);
      if (!row) places.set(key, (row = { span, start, sector, grid_cell: cell, filed: 0, closed: 0, on_time: 0 }));
      return row;
    });
  const histograms = new Map<string, HistogramRow>();
  const countsAt = (facts: FactsForRollups, at: Date) =>
    spansOf(at).map(([span, start]) => {
      const key = `${span}|${start}|${facts.procedureId}|${facts.serviceId}|${facts.channel}`;
      let row = counts.get(key);
      if (!row) {
        row = { span, start, procedure_id: facts.procedureId, service_id: facts.serviceId, channel: facts.channel, filed: 0, closed: 0, merged: 0, reopenings: 0, transfers: 0, on_time: 0, ratings: [0, 0, 0, 0, 0] };
        counts.set(key, row);
      }
      return row;
    });
  const addDelay = (facts: FactsForRollups, measure: Measure, at: Date | null, seconds: number | null, sign: number) => {
    if (at === null || seconds === null) return;
    const bucket = delayBucketOf(seconds);
    for (const [span, start] of spansOf(at)) {
      for (const [channel, serviceId, procedureId] of histogramKeys(facts)) {
        const key = `${span}|${start}|${channel ?? ''}|${serviceId ?? ''}|${procedureId ?? ''}`;
        let row = histograms.get(key);
        if (!row) {
          row = { span, start, channel, service_id: serviceId, procedure_id: procedureId, acknowledgement: new Map(), first_answer: new Map(), processing: new Map() };
          histograms.set(key, row);
        }
        row[measure].set(bucket, (row[measure].get(bucket) ?? 0) + sign);
      }
    }
  };
  const add = (facts: FactsForRollups, sign: number) => {
    for (const row of [...countsAt(facts, facts.filedAt), ...placesAt(facts, facts.filedAt)]) row.filed += sign;
    arrival(facts, sign);
    if (facts.closedAt !== null) {
      for (const row of placesAt(facts, facts.closedAt)) {
        if (!facts.merged) row.closed += sign;
        if (facts.withinDelay) row.on_time += sign;
      }
      for (const row of countsAt(facts, facts.closedAt)) {
        if (facts.merged) row.merged += sign;
        else row.closed += sign;
        if (facts.withinDelay) row.on_time += sign;
        if (!facts.merged && facts.rating !== null) row.ratings[facts.rating - 1]! += sign;
        row.reopenings += sign * facts.reopenings;
        row.transfers += sign * facts.transfers;
      }
    }
    addDelay(facts, 'acknowledgement', facts.acknowledgedAt, facts.acknowledgementSeconds, sign);
    addDelay(facts, 'first_answer', facts.firstAnswerAt, facts.firstAnswerSeconds, sign);
    addDelay(facts, 'processing', facts.closedAt, facts.processingSeconds, sign);
  };
  for (const facts of before) add(facts, -1);
  for (const facts of after) add(facts, 1);
  return { counts: [...counts.values()], histograms: [...histograms.values()], places: [...places.values()], citizens: [...citizens.values()] };
}

/** Adds the changes to the commune's rollups (the transaction's commune). */
export async function applyRollupChanges(tx: Transaction, changes: ReturnType<typeof rollupChanges>): Promise<void> {
  if (changes.counts.length > 0) {
    await tx.execute(sql`
      insert into request_rollups (tenant_id, span, start, procedure_id, service_id, channel, filed, closed, merged, reopenings, transfers, on_time, ratings)
      select ${scopedCommune}, r.* from jsonb_to_recordset(${JSON.stringify(changes.counts)}::jsonb) as r(span text, start date, procedure_id uuid, service_id uuid,
        channel text, filed integer, closed integer, merged integer, reopenings integer, transfers integer, on_time integer, ratings integer[])
      on conflict (tenant_id, span, start, procedure_id, service_id, channel) do update set
        filed = request_rollups.filed + excluded.filed, closed = request_rollups.closed + excluded.closed,
        merged = request_rollups.merged + excluded.merged, reopenings = request_rollups.reopenings + excluded.reopenings,
        transfers = request_rollups.transfers + excluded.transfers, on_time = request_rollups.on_time + excluded.on_time,
        ratings = add_counts(request_rollups.ratings, excluded.ratings)`);
  }
  if (changes.places.length > 0) {
    await tx.execute(sql`
      insert into request_place_rollups (tenant_id, span, start, sector, grid_cell, filed, closed, on_time)
      select ${scopedCommune}, r.* from jsonb_to_recordset(${JSON.stringify(changes.places)}::jsonb)
        as r(span text, start date, sector text, grid_cell text, filed integer, closed integer, on_time integer)
      on conflict (tenant_id, span, start, sector, grid_cell) do update set
        filed = request_place_rollups.filed + excluded.filed, closed = request_place_rollups.closed + excluded.closed,
        on_time = request_place_rollups.on_time + excluded.on_time`);
  }
  if (changes.citizens.length > 0) {
    await tx.execute(sql`
      insert into citizen_rollups (tenant_id, span, start, new_citizens, franceconnect)
      select ${scopedCommune}, r.* from jsonb_to_recordset(${JSON.stringify(changes.citizens)}::jsonb) as r(span text, start date, new_citizens integer, franceconnect integer)
      on conflict (tenant_id, span, start) do update set
        new_citizens = citizen_rollups.new_citizens + excluded.new_citizens, franceconnect = citizen_rollups.franceconnect + excluded.franceconnect`);
  }
  if (changes.histograms.length > 0) {
    // Sent as [bucket, count, bucket, count…]: a change touches a few buckets of each histogram.
    const pairs = (counts: Map<number, number>) => [...counts].flat();
    const rows = changes.histograms.map((row, n) => ({ ...row, n, acknowledgement: pairs(row.acknowledgement), first_answer: pairs(row.first_answer), processing: pairs(row.processing) }));
    const empty = sql.raw(`array_fill(0, array[${DELAY_BUCKETS}])`);
    // One run at a time per commune (the job's lock): a histogram changed is updated, a new one inserted.
    await tx.execute(sql`
      with changed as (
        select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          as r(n integer, span text, start date, channel text, service_id uuid, procedure_id uuid, acknowledgement integer[], first_answer integer[], processing integer[])
      ), updated as (
        update request_delay_histograms h set
          acknowledgement = add_counts_at(h.acknowledgement, c.acknowledgement),
          first_answer = add_counts_at(h.first_answer, c.first_answer),
          processing = add_counts_at(h.processing, c.processing)
        from changed c
        where h.tenant_id = ${scopedCommune} and h.span = c.span and h.start = c.start
          and h.channel is not distinct from c.channel and h.service_id is not distinct from c.service_id
          and h.procedure_id is not distinct from c.procedure_id
        returning c.n
      )
      insert into request_delay_histograms (tenant_id, span, start, channel, service_id, procedure_id, acknowledgement, first_answer, processing)
      select ${scopedCommune}, c.span, c.start, c.channel, c.service_id, c.procedure_id,
        add_counts_at(${empty}, c.acknowledgement), add_counts_at(${empty}, c.first_answer), add_counts_at(${empty}, c.processing)
      from changed c where c.n not in (select n from updated)`);
  }
}

/**
 * The end of the bucket that holds the delay of rank ⌈fraction × count⌉, in hours: "half were
 * answered within…", exact to the bucket. Null without any delay.
 */
export function delayQuantile(histogram: readonly number[], fraction: number): number | null {
  const total = histogram.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = Math.ceil(fraction * total);
  let seen = 0;
  for (const [bucket, count] of histogram.entries()) {
    seen += count;
    if (seen >= rank) return delayBucketEnd(bucket);
  }
  return delayBucketEnd(histogram.length - 1);
}

/** The ends of every bucket but the last, in seconds: `width_bucket(seconds - 1, ends)` is a delay's bucket in SQL. */
export const delayBucketEnds = Array.from({ length: DELAY_BUCKETS - 1 }, (_, bucket) => delayBucketEnd(bucket) * HOUR);
