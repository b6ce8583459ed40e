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

/** The application's queue client; `work` decides whether this process also runs workers. */
export function createJobQueue(applicationUrl: string, options: { work: boolean }): PgBoss {
  return new PgBoss({
    connectionString: applicationUrl,
    schema: JOB_SCHEMA,
    migrate: false,
    createSchema: false,
    supervise: options.work,
    schedule: options.work,
    max: 5,
    application_name: options.work ? 'guichet-worker' : 'guichet-server',
  });
}
