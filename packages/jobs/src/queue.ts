import { PgBoss } from 'pg-boss';
import postgres from 'postgres';
import { APPLICATION_ROLE } from '@guichet/db';

export const JOB_SCHEMA = 'pgboss';

/**
 * Installs or upgrades pg-boss's schema as the owner, then gives the application role what
 * pg-boss needs inside that schema and nothing outside it: the application never runs DDL.
 */
export async function installJobQueue(ownerUrl: string): Promise<void> {
  const boss = new PgBoss({ connectionString: ownerUrl, schema: JOB_SCHEMA, supervise: false, schedule: false, max: 1 });
  boss.on('error', () => {});
  await boss.start();
  await boss.stop({ graceful: false });
  const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`
      GRANT USAGE ON SCHEMA ${JOB_SCHEMA} TO ${APPLICATION_ROLE};
      GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${JOB_SCHEMA} TO ${APPLICATION_ROLE};
      GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${JOB_SCHEMA} TO ${APPLICATION_ROLE};
      GRANT EXECUTE ON ALL ROUTINES IN SCHEMA ${JOB_SCHEMA} TO ${APPLICATION_ROLE};
    `);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * The application's queue client; `work` decides whether this process also runs workers, and
 * supervises: every 15 s it retries the jobs of workers that stopped beating (see QUEUE_POLICY).
 */
export function createJobQueue(applicationUrl: string, options: { work: boolean }): PgBoss {
  return new PgBoss({
    connectionString: applicationUrl,
    schema: JOB_SCHEMA,
    migrate: false,
    createSchema: false,
    supervise: options.work,
    schedule: options.work,
    superviseIntervalSeconds: 15,
    monitorIntervalSeconds: 15,
    max: 5,
    application_name: options.work ? 'guichet-worker' : 'guichet-server',
  });
}

/**
 * Every queue's lease rule. A worker holding jobs beats every 10 s while its handler runs; a
 * worker that dies (kill -9, a lost machine) stops beating, and 20 s later the supervisor hands
 * its jobs back for another worker to retry: a crash delays a notification by well under a
 * minute, not by the 15 minutes of the expiry alone. The expiry is then only a bound on a
 * handler that hangs while its process lives. A long job (a data export, a statistics rollup,
 * a broadcast to every subscriber) never needs a longer expiry: it works in resumable chunks,
 * each chunk a job of its own that records its progress, or it keeps beating while it works,
 * which the worker does for it. Handlers are idempotent, since a job whose worker died after
 * doing its work but before completing it runs again.
 */
export const QUEUE_POLICY = { heartbeatSeconds: 20, expireInSeconds: 15 * 60 } as const;

/** Creates a queue with the lease rule, or brings an existing queue (an older deployment's) to it. */
export async function ensureQueue(boss: PgBoss, name: string): Promise<void> {
  await boss.createQueue(name, QUEUE_POLICY);
  await boss.updateQueue(name, QUEUE_POLICY);
}
