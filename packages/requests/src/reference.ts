import { sql } from 'drizzle-orm';
import type { Transaction } from '@guichet/db';

/**
 * The next reference of a commune for a year (Paris time), e.g. `LIB-2026-000123`. The upsert
 * locks the counter row until the filing transaction ends, so two filings never share a
 * number; a rolled-back filing leaves a gap, which is harmless.
 */
export async function allocateReference(tx: Transaction, tenant: { id: string; slug: string }, at: Date): Promise<string> {
  const year = Number(at.toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris', year: 'numeric' }));
  const [row] = await tx.execute<{ last: number }>(sql`
    insert into request_counters (tenant_id, year, last) values (${tenant.id}, ${year}, 1)
    on conflict (tenant_id, year) do update set last = request_counters.last + 1
    returning last`);
  const prefix = tenant.slug.replaceAll('-', '').slice(0, 3).toUpperCase();
  return `${prefix}-${year}-${String(row!.last).padStart(6, '0')}`;
}
