import { sql } from 'drizzle-orm';
import type { Database, Transaction } from './client.ts';

/**
 * The only door to tenant data: a transaction in which Postgres row-level security shows the
 * rows of one commune. `set_config(..., true)` is transaction-local, so a pooled connection
 * never carries a tenant into the next transaction.
 */
export function withTenant<T>(db: Database, tenantId: string, work: (tx: Transaction) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`);
    return work(tx);
  });
}

/**
 * Read-only view across the communes of one EPCI (consolidated statistics). The `epci_read`
 * policies allow SELECT only, and only on that EPCI's communes.
 */
export function withEpciScope<T>(db: Database, epciId: string, work: (tx: Transaction) => Promise<T>): Promise<T> {
  return db.transaction(
    async (tx) => {
      await tx.execute(sql`select set_config('app.epci_id', ${epciId}, true)`);
      return work(tx);
    },
    { accessMode: 'read only' },
  );
}

/**
 * The EPCI console's transactions: EPCI-owned rows (its staff, sessions, citizen accounts) and,
 * through the read-only epci_read policies, its communes' rows.
 */
export function withEpci<T>(db: Database, epciId: string, work: (tx: Transaction) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.epci_id', ${epciId}, true)`);
    return work(tx);
  });
}
