import type { PgBoss } from 'pg-boss';
import type { Database } from '@guichet/db';
import { ensureQueue } from '@guichet/jobs';
import { BUILD_ACCOUNT_EXPORT, buildAccountExport, type AccountExportJob } from '@guichet/requests';
import type { Storage } from '@guichet/storage';

/** Builds citizens' data exports; a retried job resumes after the last part it stored. */
export async function workBuildAccountExports(boss: PgBoss, db: Database, storage: Storage): Promise<void> {
  await ensureQueue(boss, BUILD_ACCOUNT_EXPORT);
  await boss.work<AccountExportJob>(BUILD_ACCOUNT_EXPORT, async (jobs) => {
    for (const job of jobs) await buildAccountExport({ db, storage }, job.data);
  });
}
