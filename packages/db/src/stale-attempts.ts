import { and, isNull, lt, or } from 'drizzle-orm';
import { inBatch } from './batch.ts';
import type { Database } from './client.ts';
import { rateLimits } from './schema/index.ts';

/**
 * How long a counter is kept after its window opened: longer than any rule's window (an hour at
 * most), so that a counter goes only once its next attempt would have started it afresh anyway.
 */
const COUNTER_RETENTION_MS = 24 * 3600_000;

/**
 * One batch of attempt counters that no longer hold anything back (window long past, no wait
 * running), at most `limit`, skipping those an attempt is counting right now. The number removed.
 */
export async function deleteStaleAttempts(db: Database, input: { now: Date; limit: number }): Promise<number> {
  const stale = db
    .select({ key: rateLimits.key })
    .from(rateLimits)
    .where(
      and(
        lt(rateLimits.windowStartedAt, new Date(input.now.getTime() - COUNTER_RETENTION_MS)),
        or(isNull(rateLimits.blockedUntil), lt(rateLimits.blockedUntil, input.now)),
      ),
    )
    .limit(input.limit)
    .for('update', { skipLocked: true });
  const removed = await db.delete(rateLimits).where(inBatch(rateLimits.key, stale)).returning({ key: rateLimits.key });
  return removed.length;
}
