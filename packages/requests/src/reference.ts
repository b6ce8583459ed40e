const yearInParis = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', year: 'numeric' });

/**
 * What a commune's next reference for a year (Paris time) is made of, e.g. `LIB-2026-000123`:
 * the insert itself appends the number `next_request_number` draws from the commune's sequence
 * for the year, which no filing holds locked while it runs, on six digits at least (more past a
 * million: lpad alone would cut them). Numbers are unique per commune and year; a filing that
 * rolls back leaves a gap (French administrative references need not be gapless).
 */
export function referenceOf(tenant: { slug: string }, at: Date): { prefix: string; year: number } {
  const year = Number(yearInParis.format(at));
  return { prefix: `${tenant.slug.replaceAll('-', '').slice(0, 3).toUpperCase()}-${year}-`, year };
}
