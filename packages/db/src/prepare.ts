import postgres from 'postgres';
import type { Environment } from '@guichet/config';
import { startEmbeddedPostgres } from './embedded.ts';
import { migrateDatabase } from './migrate.ts';
import { APPLICATION_ROLE, applicationUrl, checkApplicationRole, DatabaseRoleError, ensureApplicationRole } from './roles.ts';

export type PreparedDatabase = {
  ownerUrl: string;
  applicationUrl: string;
  embedded: boolean;
  stop: () => Promise<void>;
  /** The pid of an embedded cluster left running by a killed process, stopped before starting. */
  leftoverStopped: number | null;
};

/**
 * Gets a migrated database and the two URLs the platform needs: the owner's (migrations,
 * tenant loading, job-queue installation) and the application role's (everything else).
 */
export async function prepareDatabase(
  env: Pick<Environment, 'DATABASE_URL' | 'APP_DATABASE_URL' | 'APP_DATABASE_PASSWORD' | 'EMBEDDED_POSTGRES_DIR' | 'EMBEDDED_POSTGRES_PORT'>,
  onLog?: (line: string) => void,
): Promise<PreparedDatabase> {
  if (!env.DATABASE_URL) {
    const cluster = await startEmbeddedPostgres({
      dataDir: env.EMBEDDED_POSTGRES_DIR,
      port: env.EMBEDDED_POSTGRES_PORT,
      ...(onLog ? { onLog } : {}),
    });
    await migrateDatabase(cluster.ownerUrl);
    return {
      ownerUrl: cluster.ownerUrl,
      applicationUrl: cluster.applicationUrl,
      embedded: true,
      stop: cluster.stop,
      leftoverStopped: cluster.leftoverStopped,
    };
  }
  const appUrl = env.APP_DATABASE_URL ?? (await provisionApplicationRole(env.DATABASE_URL, env.APP_DATABASE_PASSWORD));
  await checkApplicationConnection(appUrl, env.APP_DATABASE_URL ? 'APP_DATABASE_URL' : 'DATABASE_URL and APP_DATABASE_PASSWORD');
  await migrateAsOwner(env.DATABASE_URL);
  return { ownerUrl: env.DATABASE_URL, applicationUrl: appUrl, embedded: false, stop: async () => {}, leftoverStopped: null };
}

async function provisionApplicationRole(ownerUrl: string, password: string | undefined): Promise<string> {
  if (!password) {
    throw new DatabaseRoleError(
      `With DATABASE_URL, set APP_DATABASE_PASSWORD (the application role ${APPLICATION_ROLE} is created, or its password reset, with it; the owner needs CREATEROLE) ` +
        `or APP_DATABASE_URL (${APPLICATION_ROLE} made beforehand by an administrator).`,
    );
  }
  await ensureApplicationRole(ownerUrl, password);
  return applicationUrl(ownerUrl, password);
}

async function migrateAsOwner(ownerUrl: string): Promise<void> {
  try {
    await migrateDatabase(ownerUrl);
  } catch (error) {
    // drizzle wraps the driver's error; Postgres' own sentence is the one an operator can act on.
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    if ((cause as { code?: string }).code !== '42501') throw error;
    const owner = decodeURIComponent(new URL(ownerUrl).username);
    throw new DatabaseRoleError(
      `Migrations run as ${owner} (DATABASE_URL) and were refused: ${(cause as Error).message}. ` +
        `The owner role must own the database (CREATE ON DATABASE) and its public schema; the role ${APPLICATION_ROLE} must exist before migrations, which grant it its rights.`,
      { cause },
    );
  }
}

/** The application role is the one the migrations granted rights to, and holds nothing more. */
async function checkApplicationConnection(appUrl: string, source: string): Promise<void> {
  const sql = postgres(appUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ name: string }[]>`select current_user as name`.catch((error: unknown) => {
      throw new DatabaseRoleError(
        `The platform cannot connect as the application role (${source}): ${error instanceof Error ? error.message : String(error)}.`,
        { cause: error },
      );
    });
    if (row!.name !== APPLICATION_ROLE) {
      throw new DatabaseRoleError(
        `The application role (${source}) is ${row!.name}; it must be named ${APPLICATION_ROLE}, the role the migrations grant rights to.`,
      );
    }
    await checkApplicationRole(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}
