import { sql, type AnyColumn, type SQL } from 'drizzle-orm';

/**
 * `column` is one of `values`, in a statement whose text is the same however many there are
 * (drizzle's `inArray` writes a parameter per value): postgres.js prepares each new text on each
 * connection, in a round trip of its own before the statement runs.
 */
export function anyOf(column: AnyColumn, values: readonly string[], type: 'text' | 'uuid'): SQL {
  return sql`${column} = any(${sql.param(values)}::${sql.raw(type)}[])`;
}
