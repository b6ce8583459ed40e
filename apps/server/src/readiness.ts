import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { migrationsFolder, type Database } from '@guichet/db';

type Journal = { entries: { tag: string }[] };

/** Why a process is not ready, as `/readyz` tells a load balancer or an operator. */
export type Readiness = 'ready' | 'database_unreachable' | 'migrations_pending' | 'stopping';

/**
 * Ready when the database answers and holds as many applied migrations as the journal lists,
 * and the process is not shutting down (a load balancer then stops sending it new requests).
 */
export async function createReadinessCheck(db: Database) {
  const journal = JSON.parse(await readFile(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as Journal;
  const expected = journal.entries.length;
  let stopping = false;
  return {
    check: async (): Promise<Readiness> => {
      if (stopping) return 'stopping';
      try {
        const [row] = await db.execute<{ applied: number }>(sql`select applied from migration_status()`);
        return Number(row?.applied) >= expected ? 'ready' : 'migrations_pending';
      } catch {
        return 'database_unreachable';
      }
    },
    markStopping: () => {
      stopping = true;
    },
    isStopping: () => stopping,
  };
}

export type ReadinessCheck = Awaited<ReturnType<typeof createReadinessCheck>>;
