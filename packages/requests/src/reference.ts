const yearInParis = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', year: 'numeric' });

/**
 * How a commune numbers the requests filed at `at`: references such as `LIB-2026-000123`, whose
 * numbers `next_request_number` draws from the commune's sequence for the year (Paris time),
 * which no filing holds locked while it runs. Drawn before the filings are validated, so that
 * everything naming a reference is written in one round trip: numbers are unique per commune and
 * year, and a filing refused or rolled back leaves a gap (French administrative references need
 * not be gapless).
 */
export function referenceNumbering(tenant: { slug: string }, at: Date): { year: number; prefix: string } {
  const year = Number(yearInParis.format(at));
  return { year, prefix: `${tenant.slug.replaceAll('-', '').slice(0, 3).toUpperCase()}-${year}-` };
}
