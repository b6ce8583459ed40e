import { statementIn, type Transaction } from '@guichet/db';

const yearInParis = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', year: 'numeric' });

/**
 * `count` new references of a commune for the year (Paris time) of `at`, e.g. `LIB-2026-000123`:
 * numbers `next_request_number` draws from the commune's sequence for the year, which no filing
 * holds locked while it runs, on six digits at least (more past a million: lpad alone would cut
 * them). Drawn before the filings are validated, so that everything naming a reference is written
 * in one round trip: numbers are unique per commune and year, and a filing refused or rolled back
 * leaves a gap (French administrative references need not be gapless).
 */
export async function drawReferences(tx: Transaction, tenant: { id: string; slug: string }, at: Date, count: number): Promise<string[]> {
  const year = Number(yearInParis.format(at));
  const prefix = `${tenant.slug.replaceAll('-', '').slice(0, 3).toUpperCase()}-${year}-`;
  const rows = await statementIn<{ reference: string }>(
    tx,
    `select $1::text || lpad(n::text, greatest(6, length(n::text)), '0') as reference
       from (select next_request_number($2::uuid, $3::integer) as n from generate_series(1, $4::integer)) as drawn`,
    [prefix, tenant.id, year, count],
  );
  return rows.map((row) => row.reference);
}
