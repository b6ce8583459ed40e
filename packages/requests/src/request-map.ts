import { and, count, desc, eq, gte, isNotNull, lt, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { readCommuneSettings } from '@guichet/catalogue';
import { procedures, requests, type AgentActor, type Transaction } from '@guichet/db';
import { openStatuses, statusKeys } from '@guichet/workflow';
import { agentScope } from './inbox.ts';
import { instant } from './request-views.ts';

/** At most this many points on one map: beyond, the filters narrow it (the sectors still count all). */
const MAX_POINTS = 2000;

const day = z.iso.date('Une date au format AAAA-MM-JJ.').refine((value) => value >= '1900-01-01', 'Une date après 1900.');

export const mapQuerySchema = z
  .strictObject({
    status: z.enum(statusKeys).optional(),
    open: z.stringbool().optional().meta({ description: '`true` : seulement les demandes non closes.' }),
    procedure: z.string().max(100).optional().meta({ description: 'Le slug d’une démarche.' }),
    from: day.optional().meta({ description: 'Déposées ce jour-là ou après (heure de Paris).' }),
    to: day.optional().meta({ description: 'Déposées ce jour-là ou avant (heure de Paris).' }),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, { path: ['to'], message: 'La fin de la période précède son début.' });
export type MapQuery = z.infer<typeof mapQuerySchema>;

export const requestMapSchema = z
  .object({
    requests: z.array(
      z.object({
        id: z.uuid(),
        reference: z.string(),
        summary: z.string(),
        status: z.enum(statusKeys),
        procedureTitle: z.string(),
        address: z.string().nullable(),
        sector: z.string().nullable().meta({ description: 'Le secteur de la commune où se trouve le point (son slug), s’il y en a un.' }),
        latitude: z.number(),
        longitude: z.number(),
        filedAt: instant,
      }),
    ),
    truncated: z.boolean().meta({ description: `Plus de ${MAX_POINTS} demandes situées : seules les plus récentes sont données ; resserrez les filtres.` }),
    unlocated: z.int().meta({ description: 'Les demandes des mêmes filtres sans position (elles ne sont pas sur la carte).' }),
    sectors: z
      .array(z.object({ slug: z.string().nullable(), name: z.string(), counts: z.partialRecord(z.enum(statusKeys), z.int()), total: z.int() }))
      .meta({ description: 'Le compte des demandes des mêmes filtres par secteur de la commune et par statut ; `slug` null : hors des secteurs, ou sans position.' }),
  })
  .meta({ id: 'CarteDesDemandes' });

/**
 * The located requests an agent may see, for the map and its accessible list, with the same
 * requests counted per sector of the commune and per status (what is shown when no map is).
 */
export async function requestMap(context: { tx: Transaction; actor: AgentActor }, query: MapQuery): Promise<z.infer<typeof requestMapSchema>> {
  const { tx, actor } = context;
  const filters = and(...agentScope(actor), ...mapFilters(query));
  const points = await tx
    .select({
      id: requests.id,
      reference: requests.reference,
      summary: requests.summary,
      status: requests.status,
      procedureTitle: sql<string>`${procedures.definition}->>'title'`,
      address: requests.address,
      sector: requests.sector,
      latitude: sql<number>`${requests.latitude}`.mapWith(Number),
      longitude: sql<number>`${requests.longitude}`.mapWith(Number),
      filedAt: requests.filedAt,
    })
    .from(requests)
    .innerJoin(procedures, and(eq(procedures.tenantId, requests.tenantId), eq(procedures.id, requests.procedureId)))
    .where(and(filters, isNotNull(requests.latitude), isNotNull(requests.longitude)))
    .orderBy(desc(requests.filedAt))
    .limit(MAX_POINTS + 1);
  const counted = await tx
    .select({ sector: requests.sector, status: requests.status, located: sql<boolean>`${requests.latitude} is not null`, count: count() })
    .from(requests)
    .innerJoin(procedures, and(eq(procedures.tenantId, requests.tenantId), eq(procedures.id, requests.procedureId)))
    .where(filters)
    .groupBy(requests.sector, requests.status, sql`${requests.latitude} is not null`);
  const { sectors } = await readCommuneSettings({ tx });
  return {
    requests: points.slice(0, MAX_POINTS).map((point) => ({ ...point, filedAt: point.filedAt.toISOString() })),
    truncated: points.length > MAX_POINTS,
    unlocated: counted.filter((row) => !row.located).reduce((sum, row) => sum + row.count, 0),
    sectors: [...sectors.map((sector) => ({ slug: sector.slug, name: sector.name })), { slug: null, name: 'Hors secteur ou sans position' }].map((sector) => {
      // A request placed in a sector since removed counts outside any.
      const known = new Set(sectors.map((declared) => declared.slug));
      const rows = counted.filter((row) => (row.sector !== null && known.has(row.sector) ? row.sector : null) === sector.slug);
      return {
        ...sector,
        counts: Object.fromEntries(statusKeys.map((status) => [status, rows.filter((row) => row.status === status).reduce((sum, row) => sum + row.count, 0)]).filter(([, n]) => n)),
        total: rows.reduce((sum, row) => sum + row.count, 0),
      };
    }),
  };
}

function mapFilters(query: MapQuery): SQL[] {
  const conditions: SQL[] = [];
  if (query.status) conditions.push(eq(requests.status, query.status));
  if (query.open) conditions.push(sql`${requests.status} in (${sql.join(openStatuses.map((status) => sql`${status}`), sql`, `)})`);
  if (query.procedure) conditions.push(eq(procedures.slug, query.procedure));
  if (query.from) conditions.push(gte(requests.filedAt, sql`(${query.from}::date)::timestamp at time zone 'Europe/Paris'`));
  if (query.to) conditions.push(lt(requests.filedAt, sql`(${query.to}::date + 1)::timestamp at time zone 'Europe/Paris'`));
  return conditions;
}
