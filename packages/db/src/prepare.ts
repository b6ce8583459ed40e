import type { Environment } from '@guichet/config';
import { startEmbeddedPostgres } from './embedded.ts';
import { migrateDatabase } from './migrate.ts';
import { applicationUrl, ensureApplicationRole } from './roles.ts';

export type PreparedDatabase = {
  ownerUrl: string;
  applicationUrl: string;
  embedded: boolean;
  stop: () => Promise<void>;
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
    return { ownerUrl: cluster.ownerUrl, applicationUrl: cluster.applicationUrl, embedded: true, stop: cluster.stop };
  }
  const appUrl = env.APP_DATABASE_URL ?? (await provisionApplicationRole(env.DATABASE_URL, env.APP_DATABASE_PASSWORD));
  await migrateDatabase(env.DATABASE_URL);
  return { ownerUrl: env.DATABASE_URL, applicationUrl: appUrl, embedded: false, stop: async () => {} };
}

async function provisionApplicationRole(ownerUrl: string, password: string | undefined): Promise<string> {
  if (!password) {
    throw new Error('With DATABASE_URL, set APP_DATABASE_PASSWORD (the application role guichet_app is created with it) or APP_DATABASE_URL.');
  }
  await ensureApplicationRole(ownerUrl, password);
  return applicationUrl(ownerUrl, password);
}
