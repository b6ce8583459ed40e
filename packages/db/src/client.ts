import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema/index.ts';

export type Database = ReturnType<typeof createDatabase>['db'];
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

/** One pool per process; `max` stays small because several processes share the server. */
export function createDatabase(url: string, options: { max?: number } = {}) {
  const client = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connection: { application_name: 'guichet' },
  });
  const db = drizzle(client, { schema, casing: 'snake_case' });
  return { db, client, close: () => client.end({ timeout: 5 }) };
}

/**
 * Sends a statement, prepared, on the postgres.js connection a drizzle transaction runs on (drizzle
 * keeps it on its session): for what drizzle cannot do, queuing a statement without waiting for
 * it, or running another library's SQL inside the transaction. `execute()` queues it at once.
 */
export function statementIn<Row extends object = Record<string, unknown>>(tx: Transaction, text: string, values: unknown[]) {
  const client = (tx as unknown as { session: { client: postgres.TransactionSql } }).session.client;
  return client.unsafe<Row[]>(text, values as postgres.ParameterOrJSON<never>[], { prepare: true });
}
