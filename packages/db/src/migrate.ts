import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import { createDatabase } from './client.ts';

export const migrationsFolder = fileURLToPath(new URL('../../../migrations', import.meta.url));

/** Applies the SQL migrations in journal order, as the owner. Idempotent. */
export async function migrateDatabase(ownerUrl: string): Promise<void> {
  const { db, close } = createDatabase(ownerUrl, { max: 1 });
  try {
    await migrate(db, { migrationsFolder, migrationsSchema: 'drizzle' });
  } finally {
    await close();
  }
}
