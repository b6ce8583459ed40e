import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema/index.ts';

export type Database = ReturnType<typeof createDatabase>['db'];
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

/**
 * Seconds before a connection of the pool tries again after a failed attempt. postgres.js's own
 * delay grows with the failures of the whole pool up to 20 s: after an outage of a few seconds,
 * requests still waited 10 to 20 s for a connection once the database was back. An attempt
 * against a database that is down costs a refused TCP connection: trying twice a second is cheap.
 */
function reconnectDelay(failures: number): number {
  return Math.min(0.05 * 2 ** failures, 0.5);
}

/** One pool per process; `max` stays small because several processes share the server. */
export function createDatabase(url: string, options: { max?: number } = {}) {
  const client = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connection: { application_name: 'guichet' },
    backoff: reconnectDelay,
    // A database that does not answer at all (a host gone, packets dropped) is said within 10 s.
    connect_timeout: 10,
  });
  const db = drizzle(client, { schema, casing: 'snake_case' });
  return { db, client, close: () => client.end({ timeout: 5 }) };
}

/**
 * Sends a statement, prepared, on the postgres.js connection a drizzle transaction runs on (drizzle
 * keeps it on its session): for what drizzle cannot do, queuing a statement without waiting for
 * it, or running another library's SQL inside the transaction. `execute()` queues it at once.
 * `planOnce`: a statement without parameters, whose plan the connection keeps for the next call
 * (postgres.js sends such a statement unprepared unless told otherwise).
 */
export function statementIn<Row extends object = Record<string, unknown>>(tx: Transaction, text: string, values: unknown[], planOnce = false) {
  const client = (tx as unknown as { session: { client: postgres.TransactionSql } }).session.client;
  return client.unsafe<Row[]>(text, values as postgres.ParameterOrJSON<never>[], { prepare: true, ...(planOnce ? { simple: false } : {}) });
}
