import type { JobInsert, PgBoss } from 'pg-boss';
import { statementIn, type Transaction } from '@guichet/db';

/**
 * Enqueues jobs of one queue through the caller's transaction, in one statement whatever their
 * number: they exist if and only if the change that caused them commits (pg-boss inserts through
 * any `executeSql`). Nothing deduplicates them (the queues' standard policy ignores singleton
 * keys): a job queued twice runs twice, and its handler must make that harmless.
 */
export async function enqueue(boss: PgBoss, tx: Transaction, name: string, jobs: readonly JobInsert[]): Promise<void> {
  if (jobs.length === 0) return;
  // Retries after about 10, 20, 40… s, for some 40 minutes in all; the first comes soon, since
  // a crashed worker's jobs are retried too (QUEUE_POLICY).
  const withRetries = jobs.map((job) => ({ retryLimit: 8, retryDelay: 10, retryBackoff: true, ...job }));
  await boss.insert(name, withRetries, {
    // Prepared: pg-boss's insert is the same text for a queue every time, the jobs being one
    // JSON parameter (postgres.js would otherwise parse it anew, and describe it in a round trip
    // of its own, at every filing).
    db: { executeSql: async (text, values) => ({ rows: (await statementIn(tx, text, values ?? [])) as unknown[] }) },
  });
}
