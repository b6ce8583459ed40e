import type { Job, PgBoss, WorkHandler } from 'pg-boss';
import { withTenant, type Database, type Transaction } from '@guichet/db';
import { ensureQueue } from './queue.ts';

/**
 * Up to ten jobs a fetch, fetching again at once while batches come back full: a backlog drains
 * in seconds instead of one job per poll. A failure retries the whole batch, so every handler
 * is idempotent (notifications check what they already sent).
 */
export const WORK_OPTIONS = { batchSize: 10, burstWhenBatchFull: true, pollingIntervalSeconds: 1 } as const;

/** Every job that touches a commune's data names it; the worker sets it like a request does. */
export type TenantJobData = { tenantId: string };

/**
 * Registers a handler that runs each job inside `withTenant`, so row-level security holds in
 * background work exactly as in HTTP requests.
 */
export async function workTenantJobs<T extends TenantJobData>(
  boss: PgBoss,
  db: Database,
  name: string,
  handle: (tx: Transaction, job: Job<T>) => Promise<void>,
): Promise<string> {
  await ensureQueue(boss, name);
  const handler: WorkHandler<T> = async (jobs) => {
    for (const job of jobs) {
      await withTenant(db, job.data.tenantId, (tx) => handle(tx, job));
    }
  };
  return boss.work<T>(name, WORK_OPTIONS, handler);
}
