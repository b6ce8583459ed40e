import { sql } from 'drizzle-orm';
import { statementIn, type Database, type Transaction } from './client.ts';

/**
 * The only door to tenant data: a transaction in which Postgres row-level security shows the
 * rows of one commune. `set_config(..., true)` is transaction-local, so a pooled connection
 * never carries a tenant into the next transaction.
 */
export function withTenant<T>(db: Database, tenantId: string, work: (tx: Transaction) => Promise<T>): Promise<T> {
  return db.transaction((tx) => scoped(tx, 'app.tenant_id', tenantId, work));
}

/**
 * Runs `work` after the statement that scopes the transaction, without waiting for its answer:
 * the scope is queued on the connection before `work` starts (postgres.js runs a connection's
 * statements in the order queued), and it leaves in one write with `work`'s first statement, a
 * round trip less per transaction. Should it fail, the transaction is aborted and every later
 * statement fails with it.
 */
async function scoped<T>(tx: Transaction, setting: 'app.tenant_id' | 'app.epci_id', value: string, work: (tx: Transaction) => Promise<T>): Promise<T> {
  const scope = statementIn(tx, 'select set_config($1, $2, true)', [setting, value]).execute();
  const [, result] = await Promise.all([scope, work(tx)]);
  return result;
}

/**
 * Read-only view across the communes of one EPCI (consolidated statistics). The `epci_read`
 * policies allow SELECT only, and only on that EPCI's communes.
 */
export function withEpciScope<T>(db: Database, epciId: string, work: (tx: Transaction) => Promise<T>): Promise<T> {
  return db.transaction((tx) => scoped(tx, 'app.epci_id', epciId, work), { accessMode: 'read only' });
}

/**
 * The EPCI console's transactions: EPCI-owned rows (its staff, sessions, citizen accounts) and,
 * through the read-only epci_read policies, its communes' rows.
 */
export function withEpci<T>(db: Database, epciId: string, work: (tx: Transaction) => Promise<T>): Promise<T> {
  return db.transaction((tx) => scoped(tx, 'app.epci_id', epciId, work));
}

/**
 * The commune of the transaction's scope, as SQL: row-level security already keeps a query to it,
 * but a policy is a filter, not an index condition; naming the commune lets an index start there.
 */
export const scopedCommune = sql`nullif(current_setting('app.tenant_id', true), '')::uuid`;
