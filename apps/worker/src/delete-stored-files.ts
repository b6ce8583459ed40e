import type { PgBoss } from 'pg-boss';
import { DELETE_STORED_FILES, type DeleteStoredFilesJob } from '@guichet/requests';
import type { Storage } from '@guichet/storage';
import { ensureQueue } from '@guichet/jobs';

/**
 * Removes bytes whose rows are gone. Deleting a missing object is not an error, so a job
 * retried after a partial run finishes the rest and repeats nothing harmful.
 */
export async function workDeleteStoredFiles(boss: PgBoss, storage: Storage): Promise<void> {
  await ensureQueue(boss, DELETE_STORED_FILES);
  await boss.work<DeleteStoredFilesJob>(DELETE_STORED_FILES, async (jobs) => {
    for (const job of jobs) {
      for (const key of job.data.keys) await storage.delete(key);
    }
  });
}
