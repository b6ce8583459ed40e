import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { migrationsFolder, type Database } from '@guichet/db';

type Journal = { entries: { tag: string }[] };

/** Ready when the database answers and holds as many applied migrations as the journal lists. */
export async function createReadinessCheck(db: Database) {
  const journal = JSON.parse(await readFile(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as Journal;
  const expected = journal.entries.length;
  return async () => {
    const [row] = await db.execute<{ applied: number }>(sql`select applied from migration_status()`);
    return Number(row?.applied) >= expected;
  };
}
