import { withEpci, withTenant, type Database, type Transaction } from '@guichet/db';

/** Where a staff account lives: a commune (agents) or an EPCI console (its staff). */
export type StaffScope = { epciId: string; tenantId: string | null };

/** A staff verb's transaction: its commune's for an agent, its EPCI's for the EPCI's staff. */
export function inStaffScope<T>(db: Database, scope: StaffScope, work: (tx: Transaction) => Promise<T>): Promise<T> {
  return scope.tenantId ? withTenant(db, scope.tenantId, work) : withEpci(db, scope.epciId, work);
}

/** A session belongs to the scope it was opened in. */
export function sessionScope(session: { epciId: string; tenantId: string | null }): StaffScope {
  return { epciId: session.epciId, tenantId: session.tenantId };
}
