import { sql, type AnyColumn, type SQL, type SQLWrapper } from 'drizzle-orm';

/**
 * The rows of one batch: `column` is among the values `batch` (a `SELECT … LIMIT n FOR UPDATE SKIP
 * LOCKED`) picks. Picked once: under `IN (subquery)` Postgres may run the subquery again for each
 * row it compares, and so go past the batch's size; an array sub-select is an InitPlan, run once.
 */
export function inBatch(column: AnyColumn, batch: SQLWrapper): SQL {
  return sql`${column} = any(array(${batch}))`;
}
