import type { PgBoss, SendOptions } from 'pg-boss';
import { statementIn, type Transaction } from '@guichet/db';

/**
 * Enqueues a job through the caller's transaction: the job exists if and only if the change
 * that caused it commits (pg-boss sends through any `executeSql`).
 */
export async function enqueue(
  boss: PgBoss,
  tx: Transaction,
  name: string,
  data: object,
  options: Omit<SendOptions, 'db'> = {},
): Promise<string | null> {
  // Retries after about 10, 20, 40… s, for some 40 minutes in all; the first comes soon, since
  // a crashed worker's jobs are retried too (QUEUE_POLICY).
  return boss.send(name, data, {
    retryLimit: 8,
    retryDelay: 10,
    retryBackoff: true,
    ...options,
    // Prepared: pg-boss's insert is the same text for a queue every time (postgres.js would
    // otherwise parse it anew, and describe it in a round trip of its own, at every filing).
    db: { executeSql: async (text, values) => ({ rows: (await statementIn(tx, text, values ?? [])) as unknown[] }) },
  });
}
