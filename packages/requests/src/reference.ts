import { sql, type SQL } from 'drizzle-orm';

const yearInParis = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', year: 'numeric' });

/**
 * The next reference of a commune for a year (Paris time), e.g. `LIB-2026-000123`, computed by
 * the insert itself: `next_request_number` draws from the commune's sequence for the year, which
 * no filing holds locked while it runs. Numbers are unique per commune and year; a filing that
 * rolls back leaves a gap (French administrative references need not be gapless).
 */
export function referenceOf(tenant: { id: string; slug: string }, at: Date): SQL<string> {
  const year = Number(yearInParis.format(at));
  const prefix = tenant.slug.replaceAll('-', '').slice(0, 3).toUpperCase();
  // Six digits at least, more past a million (lpad alone would cut them).
  return sql`(select ${`${prefix}-${year}-`} || lpad(n::text, greatest(6, length(n::text)), '0') from next_request_number(${tenant.id}::uuid, ${year}::integer) as n)`;
}
