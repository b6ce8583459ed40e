import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { citizenAccounts, requestRollups, tenants, type Transaction } from '@guichet/db';
import type { IndicatorsQuery } from './commune-indicators.ts';
import { delayHistogramsByCommune } from './delay-histograms.ts';
import { allowParallelReads, periodRows, rollupRead } from './rollup-period.ts';
import { delayQuantile } from './rollups.ts';

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
  const tenantIds = query.communes.map((commune) => commune.id);
  const r = requestRollups;
  const rows = periodRows(
    tx,
    r,
    { tenantId: r.tenantId, filed: r.filed, closed: r.closed, onTime: r.onTime, ratings: r.ratings },
    query,
    and(inArray(r.tenantId, tenantIds), query.canal ? eq(r.channel, query.canal) : undefined),
  );
  await allowParallelReads(tx);
  const [counted, delays] = await Promise.all([
    rollupRead<{ tenant_id: string; filed: number; closed: number; on_time: number; ratings: number[] }>(
      tx,
      tx
        .select({
          tenantId: rows.tenantId,
          filed: sql<number>`coalesce(sum(${rows.filed}), 0)::int`.as('filed'),
          closed: sql<number>`coalesce(sum(${rows.closed}), 0)::int`.as('closed'),
          onTime: sql<number>`coalesce(sum(${rows.onTime}), 0)::int`.as('on_time'),
          ratings: sql<number[]>`array[${sql.join([1, 2, 3, 4, 5].map((note) => sql`coalesce(sum(${rows.ratings}[${sql.raw(String(note))}]), 0)::int`), sql`, `)}]`.as('ratings'),
        })
        .from(rows)
        .groupBy(rows.tenantId),
    ),
    delayHistogramsByCommune(tx, { ...query, serviceIds: null, tenantIds }),
  ]);
  const countedOf = new Map(counted.map((row) => [row.tenant_id, row]));
  return query.communes.map((commune) => {
    const counts = countedOf.get(commune.id);
    const ratings = (counts?.ratings ?? []).map(Number);
    const rated = ratings.reduce((sum, n) => sum + n, 0);
    return {
      tenantId: commune.id,
      slug: commune.slug,
      name: commune.name,
      filed: counts?.filed ?? 0,
      closed: counts?.closed ?? 0,
      withinDelayShare: counts && counts.closed > 0 ? Math.round((counts.on_time / counts.closed) * 1000) / 1000 : null,
      processingMedianHours: delayQuantile(delays.get(commune.id)?.processing ?? [], 0.5),
      averageRating: rated === 0 ? null : Math.round((ratings.reduce((sum, n, index) => sum + n * (index + 1), 0) / rated) * 100) / 100,
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
