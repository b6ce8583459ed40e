import type { PgBoss } from 'pg-boss';
import type { Database } from '@guichet/db';
import type { Logger } from 'pino';

export type WorkerDependencies = { boss: PgBoss; db: Database; log: Logger };

/**
 * Every queue the platform works, registered in one place for both the worker process and
 * the server's in-process worker (the embedded default). One file per queue beside this one.
 */
export async function registerJobHandlers(_deps: WorkerDependencies): Promise<void> {}
