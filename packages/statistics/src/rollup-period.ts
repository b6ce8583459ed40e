import { and, eq, gte, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn, PgTable, SubqueryWithSelection } from 'drizzle-orm/pg-core';
import { statementIn, type Transaction } from '@guichet/db';

const DAY = 86_400_000;
const toDate = (value: string) => new Date(`${value}T00:00:00Z`);
const toDay = (date: Date) => date.toISOString().slice(0, 10);
const firstOfMonth = (date: Date, months = 0) => new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));

/** Beyond three months, a period's series goes by month. */
export const DAILY_SERIES_UP_TO_DAYS = 92;

export function daysIn(period: { du: string; au: string }): number {
  return Math.round((toDate(period.au).getTime() - toDate(period.du).getTime()) / DAY) + 1;
}

type Spanned = { span: AnyPgColumn; start: AnyPgColumn };
type RollupTable = PgTable & Spanned;
type Period = { du: string; au: string };

/** The whole months (`months` 1) or calendar years (12) within [from, dayAfter), as [start of the first, end of the last). */
function wholeUnits(from: Date, dayAfter: Date, months: 1 | 12): [Date, Date] {
  const unitStart = (date: Date) => new Date(Date.UTC(date.getUTCFullYear(), months === 12 ? 0 : date.getUTCMonth(), 1));
  const wholeFrom = unitStart(from).getTime() === from.getTime() ? from : firstOfMonth(unitStart(from), months);
  return [wholeFrom, unitStart(dayAfter)];
}

/**
 * The ranges of rollup rows that make up a period of Paris days (both included): the year rows
 * of its whole years (unless `coarsest` is the month: a monthly series), the month rows of its
 * other whole months, and the day rows of its other days. A year reads one row per key, not 365.
 */
function periodRanges(table: Spanned, period: Period, coarsest: 'month' | 'year' = 'year'): SQL[] {
  const from = toDate(period.du);
  const dayAfter = new Date(toDate(period.au).getTime() + DAY);
  const range = (span: 'day' | 'month' | 'year', du: Date, before: Date) => and(eq(table.span, span), gte(table.start, toDay(du)), lt(table.start, toDay(before)))!;
  const [monthsFrom, monthsTo] = wholeUnits(from, dayAfter, 1);
  if (monthsFrom >= monthsTo) return [range('day', from, dayAfter)];
  const [yearsFrom, yearsTo] = wholeUnits(from, dayAfter, 12);
  const ranges: SQL[] = [];
  if (coarsest === 'year' && yearsFrom < yearsTo) {
    ranges.push(range('year', yearsFrom, yearsTo));
    if (monthsFrom < yearsFrom) ranges.push(range('month', monthsFrom, yearsFrom));
    if (yearsTo < monthsTo) ranges.push(range('month', yearsTo, monthsTo));
  } else ranges.push(range('month', monthsFrom, monthsTo));
  if (from < monthsFrom) ranges.push(range('day', from, monthsFrom));
  if (monthsTo < dayAfter) ranges.push(range('day', monthsTo, dayAfter));
  return ranges;
}

/** Whether a period holds a whole calendar year (read from year rows). */
export function holdsWholeYear(period: Period): boolean {
  const from = toDate(period.du);
  const [yearsFrom, yearsTo] = wholeUnits(from, new Date(toDate(period.au).getTime() + DAY), 12);
  return yearsFrom < yearsTo;
}

/** The rollup rows of a period, as a condition: for tables of a few rows per commune and day. */
export function rollupRowsOf(table: Spanned, period: Period): SQL {
  const ranges = periodRanges(table, period);
  return ranges.length === 1 ? ranges[0]! : or(...ranges)!;
}

/**
 * The rollup rows of a period with `columns`, as a subquery `rows`: each range read on its own
 * from the index and appended (an OR of the ranges had Postgres read all of a commune's index
 * entries). `narrowed` applies to every range; values are written inline (see `rollupRead`).
 * `coarsest: 'month'` leaves out the year rows: for a series by month.
 */
export function periodRows<Table extends RollupTable, Columns extends Record<string, AnyPgColumn>>(
  tx: Transaction,
  table: Table,
  columns: Columns,
  period: Period,
  narrowed?: SQL,
  coarsest: 'month' | 'year' = 'year',
): SubqueryWithSelection<Columns, 'rows'> {
  const [first, ...others] = periodRanges(table, period, coarsest).map((range) =>
    tx
      .select(columns)
      .from(table as PgTable)
      .where(and(narrowed, range)!.inlineParams())
      .$dynamic(),
  );
  let rows = first!;
  for (const other of others) rows = rows.unionAll(other);
  // A dynamic query keeps no selection type: the subquery's is that of `columns`.
  return rows.as('rows') as unknown as SubqueryWithSelection<Columns, 'rows'>;
}

/** The day rows of a period only (a daily series). */
export function dayRowsOf(table: Spanned, period: Period): SQL {
  return and(eq(table.span, 'day'), gte(table.start, period.du), lte(table.start, period.au))!;
}

/** The first of the month of a rollup row's start, as text. */
export const monthOf = (start: AnyPgColumn) => sql<string>`to_char(${start}, 'YYYY-MM-01')`;

/**
 * Lets Postgres spread the reads of several communes' rollups over parallel workers, as it would
 * for larger tables: an EPCI's twelve months on one channel at 10 million requests went from
 * about 165 to 135 ms (its rows 75 → 47 ms). To be awaited before the reads: a statement is queued
 * when first awaited, so one sent beside them could leave after them (seen: no effect).
 */
export function allowParallelReads(tx: Transaction): Promise<unknown> {
  return statementIn(tx, `select set_config('parallel_setup_cost', '100', true), set_config('parallel_tuple_cost', '0.01', true)`, []);
}

/**
 * Runs a dashboard's read of the rollups with its values written inline (the caller inlines them:
 * validated dates, identifiers and channels), prepared on the transaction's connection: Postgres
 * keeps the plan made for those values. With parameters it would plan each call again, or switch
 * after five calls to a generic plan that reads every commune's rows (seen: 23 → 140 ms).
 */
export async function rollupRead<Row extends object>(tx: Transaction, statement: { toSQL(): { sql: string; params: unknown[] } }): Promise<Row[]> {
  const { sql: text, params } = statement.toSQL();
  if (params.length > 0) throw new Error('A rollup read is sent with its values inline.');
  return statementIn<Row>(tx, text, [], true);
}
