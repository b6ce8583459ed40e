import { and, eq, gte, inArray, isNotNull, lt, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { communeSettings, requestFacts, requestPlaceRollups, scopedCommune, tenants, type Channel, type Transaction } from '@guichet/db';
import { periodRows, rollupRead } from './rollup-period.ts';

export const placesSchema = z
  .object({
  sectors: z.array(
    z.object({
      commune: z.string().meta({ description: 'La commune du secteur (son nom).' }),
      sector: z.string().nullable().meta({ description: 'Le secteur (son identifiant) ; null : hors de tout secteur, ou sans lieu.' }),
      name: z.string(),
      polygon: z.array(z.tuple([z.number(), z.number()])).nullable().meta({ description: 'Le contour du secteur, en points [longitude, latitude].' }),
      filed: z.number().int(),
      closed: z.number().int(),
      onTime: z.number().int(),
    }),
  ),
  cells: z.array(
    z.object({
      cell: z.string().meta({ description: 'Une maille d’environ un kilomètre : latitude et longitude arrondies au centième de degré.' }),
      latitude: z.number(),
      longitude: z.number(),
      filed: z.number().int(),
    }),
  ),
  unlocated: z.number().int().meta({ description: 'Demandes déposées sans lieu.' }),
  })
  .nullable()
  .meta({ description: 'Par lieu ; null pour plusieurs communes restreintes à un canal (les lieux n’y sont comptés que toutes demandes confondues).' });
export type Places = NonNullable<z.infer<typeof placesSchema>>;

type PlaceQuery = {
  du: string;
  au: string;
  canal?: Channel | undefined;
  service?: string | undefined;
  demarche?: string | undefined;
  serviceIds: readonly string[] | null;
  tenantIds?: readonly string[] | undefined;
};
type PlaceRow = { tenant_id: string; sector: string; grid_cell: string; filed: number; closed: number; on_time: number };

/**
 * Where the period's requests were: filings, closures and delays kept by sector of the commune,
 * filings by map cell. Read from the place rollups; narrowed by a channel, a service or a
 * procedure (which they do not hold), counted from that period's facts, for one commune only.
 */
export async function requestPlaces(tx: Transaction, query: PlaceQuery): Promise<Places | null> {
  const narrowed = query.canal || query.service || query.demarche || query.serviceIds;
  // Across communes, the facts of a narrowed period are millions of requests (9 s for an EPCI's year at 10 million).
  if (narrowed && (query.tenantIds?.length ?? 1) > 1) return null;
  const [rows, names] = await Promise.all([narrowed ? fromFacts(tx, query) : fromRollups(tx, query), sectorNames(tx, query.tenantIds)]);
  const sectors = new Map<string, Places['sectors'][number]>();
  const cells = new Map<string, Places['cells'][number]>();
  let unlocated = 0;
  for (const row of rows) {
    const commune = names.get(row.tenant_id);
    const key = `${row.tenant_id}|${row.sector}`;
    const line = sectors.get(key) ?? {
      commune: commune?.name ?? '',
      sector: row.sector || null,
      name: row.sector ? (commune?.sectors.get(row.sector)?.name ?? row.sector) : 'Hors secteur ou sans lieu',
      polygon: row.sector ? (commune?.sectors.get(row.sector)?.polygon ?? null) : null,
      filed: 0,
      closed: 0,
      onTime: 0,
    };
    line.filed += row.filed;
    line.closed += row.closed;
    line.onTime += row.on_time;
    sectors.set(key, line);
    if (!row.grid_cell) unlocated += row.filed;
    else if (row.filed > 0) {
      const [latitude, longitude] = row.grid_cell.split(':').map(Number) as [number, number];
      const cell = cells.get(row.grid_cell) ?? { cell: row.grid_cell, latitude, longitude, filed: 0 };
      cell.filed += row.filed;
      cells.set(row.grid_cell, cell);
    }
  }
  const byCount = <Line extends { filed: number }>(lines: Line[]) => lines.sort((a, b) => b.filed - a.filed);
  return { sectors: byCount([...sectors.values()].filter((line) => line.filed > 0 || line.closed > 0)), cells: byCount([...cells.values()]), unlocated };
}

function fromRollups(tx: Transaction, query: PlaceQuery): Promise<PlaceRow[]> {
  const p = requestPlaceRollups;
  const rows = periodRows(
    tx,
    p,
    { tenantId: p.tenantId, sector: p.sector, gridCell: p.gridCell, filed: p.filed, closed: p.closed, onTime: p.onTime },
    query,
    communesOf(p.tenantId, query.tenantIds),
  );
  const sum = (column: AnyPgColumn) => sql<number>`sum(${column})::int`;
  return rollupRead<PlaceRow>(
    tx,
    tx
      .select({ tenantId: rows.tenantId, sector: rows.sector, gridCell: rows.gridCell, filed: sum(rows.filed).as('filed'), closed: sum(rows.closed).as('closed'), onTime: sum(rows.onTime).as('on_time') })
      .from(rows)
      .groupBy(rows.tenantId, rows.sector, rows.gridCell),
  );
}

/** The same counts from the facts: filings by their filing day, closures by their final closure day. */
async function fromFacts(tx: Transaction, query: PlaceQuery): Promise<PlaceRow[]> {
  const start = sql`(${query.du}::date)::timestamp at time zone 'Europe/Paris'`;
  const end = sql`(${query.au}::date + 1)::timestamp at time zone 'Europe/Paris'`;
  const narrowed = and(
    communesOf(requestFacts.tenantId, query.tenantIds),
    query.serviceIds ? inArray(requestFacts.serviceId, [...query.serviceIds]) : undefined,
    query.service ? eq(requestFacts.serviceId, query.service) : undefined,
    query.demarche ? eq(requestFacts.procedureId, query.demarche) : undefined,
    query.canal ? eq(requestFacts.channel, query.canal) : undefined,
  );
  const counted = (within: SQL, counts: { filed: SQL<number>; closed: SQL<number>; onTime: SQL<number> }) =>
    tx
      .select({
        tenant_id: requestFacts.tenantId,
        sector: sql<string>`coalesce(${requestFacts.sector}, '')`.as('sector'),
        grid_cell: sql<string>`coalesce(${requestFacts.gridCell}, '')`.as('grid_cell'),
        filed: counts.filed.mapWith(Number).as('filed'),
        closed: counts.closed.mapWith(Number).as('closed'),
        on_time: counts.onTime.mapWith(Number).as('on_time'),
      })
      .from(requestFacts)
      .where(and(narrowed, within))
      .groupBy(requestFacts.tenantId, sql`2`, sql`3`);
  const none = sql<number>`0`;
  const [filed, closed] = await Promise.all([
    counted(and(gte(requestFacts.filedAt, start), lt(requestFacts.filedAt, end))!, { filed: sql<number>`count(*)`, closed: none, onTime: none }),
    counted(and(isNotNull(requestFacts.closedAt), gte(requestFacts.closedAt, start), lt(requestFacts.closedAt, end))!, {
      filed: none,
      closed: sql<number>`count(*) filter (where not ${requestFacts.merged})`,
      onTime: sql<number>`count(*) filter (where ${requestFacts.withinDelay})`,
    }),
  ]);
  return [...filed, ...closed];
}

function communesOf(column: AnyPgColumn, tenantIds: readonly string[] | undefined): SQL {
  return tenantIds ? inArray(column, [...tenantIds]) : eq(column, scopedCommune);
}

/** Each commune's name and its sectors, by id and by slug. */
async function sectorNames(tx: Transaction, tenantIds: readonly string[] | undefined) {
  const rows = await tx
    .select({ id: tenants.id, name: tenants.name, sectors: communeSettings.sectors })
    .from(tenants)
    .leftJoin(communeSettings, eq(communeSettings.tenantId, tenants.id))
    .where(communesOf(tenants.id, tenantIds));
  return new Map(rows.map((row) => [row.id, { name: row.name, sectors: new Map((row.sectors ?? []).map((sector) => [sector.slug, sector])) }]));
}
