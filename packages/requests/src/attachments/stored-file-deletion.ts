import type { PgBoss } from 'pg-boss';
import type { Transaction } from '@guichet/db';
import { enqueue } from '@guichet/jobs';

/** The queue whose jobs remove stored bytes whose rows are gone. */
export const DELETE_STORED_FILES = 'storage.delete-files';

export type DeleteStoredFilesJob = { keys: string[] };

/**
 * Bytes are removed after the transaction that removed their rows commits, by a retried job
 * enqueued in that transaction: a rolled-back deletion keeps its file, a committed one loses it
 * for sure, even if the storage is unreachable for a while.
 */
export async function deleteStoredFilesLater(jobs: PgBoss, tx: Transaction, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await enqueue(jobs, tx, DELETE_STORED_FILES, [{ data: { keys } satisfies DeleteStoredFilesJob }]);
}
