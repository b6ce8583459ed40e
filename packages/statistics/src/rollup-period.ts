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

type RollupTable = PgTable & { span: AnyPgColumn; start: AnyPgColumn };

/**
 * The ranges of rollup rows that make up a period of Paris days (both included): the month rows
 * of its whole months, and the day rows of the days before and after them. A year reads twelve
 * rows per key, not 365.
 */
function periodRanges(table: { span: AnyPgColumn; start: AnyPgColumn }, period: { du: string; au: string }): SQL[] {
  const from = toDate(period.du);
  const to = toDate(period.au);
  const wholeFrom = from.getUTCDate() === 1 ? from : firstOfMonth(from, 1);
  const dayAfter = new Date(to.getTime() + DAY);
  const wholeTo = dayAfter.getUTCDate() === 1 ? dayAfter : firstOfMonth(to);
  if (wholeFrom >= wholeTo) return [dayRowsOf(table, period)];
  const days = (du: Date, before: Date) => and(eq(table.span, 'day'), gte(table.start, toDay(du)), lt(table.start, toDay(before)))!;
  return [
    and(eq(table.span, 'month'), gte(table.start, toDay(wholeFrom)), lt(table.start, toDay(wholeTo)))!,
    ...(from < wholeFrom ? [days(from, wholeFrom)] : []),
    ...(wholeTo < dayAfter ? [days(wholeTo, dayAfter)] : []),
  ];
}

/** The rollup rows of a period, as a condition: for tables of a few rows per commune and day. */
export function rollupRowsOf(table: { span: AnyPgColumn; start: AnyPgColumn }, period: { du: string; au: string }): SQL {
  const ranges = periodRanges(table, period);
  return ranges.length === 1 ? ranges[0]! : or(...ranges)!;
}

/**
 * The rollup rows of a period with `columns`, as a subquery `rows`: each range read on its own
 * from the index and appended (an OR of the ranges had Postgres read all of a commune's index
 * entries). `narrowed` applies to every range; values are written inline (see `rollupRead`).
 */
export function periodRows<Table extends RollupTable, Columns extends Record<string, AnyPgColumn>>(
  tx: Transaction,
  table: Table,
  columns: Columns,
  period: { du: string; au: string },
  narrowed?: SQL,
): SubqueryWithSelection<Columns, 'rows'> {
  const [first, ...others] = periodRanges(table, period).map((range) =>
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
export function dayRowsOf(table: { span: AnyPgColumn; start: AnyPgColumn }, period: { du: string; au: string }): SQL {
  return and(eq(table.span, 'day'), gte(table.start, period.du), lte(table.start, period.au))!;
}

/** The first of the month of a rollup row's start, as text. */
export const monthOf = (start: AnyPgColumn) => sql<string>`to_char(${start}, 'YYYY-MM-01')`;

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
