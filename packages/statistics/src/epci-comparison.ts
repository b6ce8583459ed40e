import { and, count, eq, gte, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { citizenAccounts, requestFacts, tenants, type Transaction } from '@guichet/db';
import type { IndicatorsQuery } from './commune-indicators.ts';

export const communeComparisonSchema = z.array(
  z.object({
    tenantId: z.uuid(),
    slug: z.string(),
    name: z.string(),
    filed: z.number().int(),
    closed: z.number().int(),
    withinDelayShare: z.number().nullable(),
    processingMedianHours: z.number().nullable(),
    averageRating: z.number().nullable(),
  }),
);
export type CommuneComparison = z.infer<typeof communeComparisonSchema>;

/**
 * The EPCI's communes side by side for a period, with the same counting rules as a commune's
 * own figures. `tx` is in the EPCI's scope: row-level security shows the facts of its member
 * communes and of no other (the `epci_read` policies); each commune asked is listed, busy or not.
 */
export async function compareCommunes(tx: Transaction, query: Pick<IndicatorsQuery, 'du' | 'au' | 'canal'> & { communes: readonly { id: string; slug: string; name: string }[] }): Promise<CommuneComparison> {
  const start = sql`(${query.du}::date)::timestamp at time zone 'Europe/Paris'`;
  const end = sql`(${query.au}::date + 1)::timestamp at time zone 'Europe/Paris'`;
  const narrowed = and(
    inArray(
      requestFacts.tenantId,
      query.communes.map((commune) => commune.id),
    ),
    query.canal ? eq(requestFacts.channel, query.canal) : undefined,
  );
  const closedIn = and(narrowed, isNotNull(requestFacts.closedAt), gte(requestFacts.closedAt, start), lt(requestFacts.closedAt, end), eq(requestFacts.merged, false));
  const [filed, closed] = await Promise.all([
    tx
      .select({ tenantId: requestFacts.tenantId, count: count() })
      .from(requestFacts)
      .where(and(narrowed, gte(requestFacts.filedAt, start), lt(requestFacts.filedAt, end)))
      .groupBy(requestFacts.tenantId),
    tx
      .select({
        tenantId: requestFacts.tenantId,
        count: count(),
        onTime: sql<number>`count(*) filter (where ${requestFacts.withinDelay})`.mapWith(Number),
        medianHours: sql<number | null>`round((percentile_cont(0.5) within group (order by ${requestFacts.processingSeconds}) / 3600)::numeric, 1)`.mapWith(
          (value) => (value === null ? null : Number(value)),
        ),
        averageRating: sql<number | null>`round(avg(${requestFacts.rating}), 2)`.mapWith((value) => (value === null ? null : Number(value))),
      })
      .from(requestFacts)
      .where(closedIn)
      .groupBy(requestFacts.tenantId),
  ]);
  const filedOf = new Map(filed.map((row) => [row.tenantId, row.count]));
  const closedOf = new Map(closed.map((row) => [row.tenantId, row]));
  return query.communes.map((commune) => {
    const closure = closedOf.get(commune.id);
    return {
      tenantId: commune.id,
      slug: commune.slug,
      name: commune.name,
      filed: filedOf.get(commune.id) ?? 0,
      closed: closure?.count ?? 0,
      withinDelayShare: closure && closure.count > 0 ? Math.round((closure.onTime / closure.count) * 1000) / 1000 : null,
      processingMedianHours: closure?.medianHours ?? null,
      averageRating: closure?.averageRating ?? null,
    };
  });
}

/** The communes of an EPCI, by name: what its dashboard may compare. */
export function memberCommunes(tx: Transaction, epciId: string) {
  return tx.select({ id: tenants.id, slug: tenants.slug, name: tenants.name }).from(tenants).where(eq(tenants.epciId, epciId)).orderBy(tenants.name);
}

/** The EPCI's citizen accounts (they belong to the EPCI, not to a commune), and how many are linked to FranceConnect. */
export const epciAccountsSchema = z.object({
  total: z.number().int().meta({ description: 'Comptes usagers de l’intercommunalité aujourd’hui.' }),
  franceconnect: z.number().int().meta({ description: 'Dont les comptes reliés à FranceConnect.' }),
  franceconnectShare: z.number().nullable().meta({ description: 'La part reliée à FranceConnect, de 0 à 1 ; null sans compte.' }),
});

export async function epciAccounts(tx: Transaction, epciId: string): Promise<z.infer<typeof epciAccountsSchema>> {
  const [row] = await tx
    .select({ total: sql<number>`count(*)::int`, franceconnect: sql<number>`count(${citizenAccounts.franceconnectSub})::int` })
    .from(citizenAccounts)
    .where(eq(citizenAccounts.epciId, epciId));
  const { total, franceconnect } = row ?? { total: 0, franceconnect: 0 };
  return { total, franceconnect, franceconnectShare: total === 0 ? null : franceconnect / total };
}
