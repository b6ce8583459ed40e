import { eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import { columnName, copyRows, procedures, requestFacts, requests, services, statementIn, tenants, withTenant, type Database, type Transaction } from '@guichet/db';
import { readCommuneSettings } from '@guichet/catalogue';
import { filingCalendar, seededRandom, simulateRequest, type CommuneForActivity, type GeneratedEvent, type GeneratedRequest } from './activity-model.ts';
import { factsOf } from './request-facts.ts';
import { lockCommuneRollups } from './refresh-request-facts.ts';
import { applyRollupChanges, rollupChanges } from './rollups.ts';

export type ActivityOptions = {
  /** Requests per commune. */
  requests: number;
  /** How far back the activity goes, in years. */
  years: number;
  /** The communes (slugs) to fill; every commune when absent. */
  communes?: string[];
  /** Only the communes without any request yet (a demonstration's first start). */
  onlyEmpty?: boolean;
  seed?: number;
  now?: Date;
  /** Said after each commune: what was loaded and how fast. */
  report?: (line: { commune: string; requests: number; events: number; seconds: number }) => void;
};

/** Requests loaded per transaction: a chunk's rows stay in memory, its COPY streams them. */
const CHUNK = 20_000;

const REQUEST_COLUMNS = [
  'id', 'procedure_id', 'form_version', 'service_id', 'channel', 'status', 'summary', 'latitude', 'longitude', 'sector', 'filed_at',
  'acknowledged_at', 'due_at', 'clock_paused_at', 'closed_at', 'merged_into_id', 'satisfaction_rating', 'version', 'updated_at',
] as const;
const EVENT_COLUMNS = ['request_id', 'at', 'kind', 'public', 'actor_kind', 'payload', 'version'] as const;
const FACT_KEYS = Object.keys(getTableColumns(requestFacts)) as (keyof Facts)[];

type Facts = typeof requestFacts.$inferSelect;

/**
 * Fills communes with realistic past activity (see `simulateRequest`), for demonstrations and
 * for measuring the statistics at scale. It loads in bulk, not through the filing code: COPY into
 * temporary tables, then one insert per table in the commune's scope (row-level security
 * checks every row), with references drawn from the commune's own sequences and history lines
 * not announced to live pages. The facts the dashboards read and their rollups are computed from
 * the same generated rows (`factsOf`, as the statistics job does) and loaded in the same
 * transaction. `db` connects as the owner: the temporary tables are its session's own.
 */
export async function generateActivity(db: Database, options: ActivityOptions): Promise<{ requests: number; events: number; seconds: number }> {
  const now = options.now ?? new Date();
  const from = new Date(now.getTime() - options.years * 365.25 * 86_400_000);
  const random = seededRandom(options.seed ?? 1);
  const communes = await db
    .select({ id: tenants.id, slug: tenants.slug })
    .from(tenants)
    .where(options.communes ? inArray(tenants.slug, options.communes) : undefined)
    .orderBy(tenants.slug);
  const started = performance.now();
  const totals = { requests: 0, events: 0 };
  for (const commune of communes) {
    const communeStarted = performance.now();
    const offer = await withTenant(db, commune.id, readOffer);
    if (offer.procedures.length === 0 || (options.onlyEmpty && offer.hasRequests)) continue;
    // A few procedures take most requests, as everywhere (Zipf's law).
    const procedureWeights = offer.procedures.map((_, rank) => 1 / (rank + 1));
    const calendar = filingCalendar(from, now, random);
    const days = calendar.days(options.requests);
    // A sample of the requests generated so far (not duplicates), that a duplicate may be merged into.
    const earlier: { id: string; filedAt: Date }[] = [];
    let events = 0;
    // The next chunk is generated while the last one loads: Node and Postgres each take a core.
    let loading = Promise.resolve();
    for (let done = 0; done < options.requests; done += CHUNK) {
      const filed: GeneratedRequest[] = [];
      const history: GeneratedEvent[] = [];
      const facts: Facts[] = [];
      for (let index = 0; index < Math.min(CHUNK, options.requests - done); index += 1) {
        const day = days[done + index]!;
        const simulated = simulateRequest(offer, { now, random, filedAt: (channel) => calendar.at(day, channel), procedureWeights, earlier });
        filed.push(simulated.request);
        history.push(...simulated.events);
        const themeId = offer.themes.get(simulated.request.procedureId)!;
        // Generated requests are filed without a citizen's account.
        facts.push(factsOf({ ...simulated.request, tenantId: commune.id, themeId, firstOfCitizen: false, franceconnect: false }, simulated.events, now));
        if (simulated.request.mergedIntoId !== null) continue;
        const original = { id: simulated.request.id, filedAt: simulated.request.filedAt };
        if (earlier.length < 1_000) earlier.push(original);
        else earlier[Math.floor(random() * earlier.length)] = original;
      }
      await loading;
      loading = withTenant(db, commune.id, (tx) => load(tx, commune, filed, history, facts));
      events += history.length;
    }
    await loading;
    await db.execute(sql`analyze requests, request_events, request_facts`);
    totals.requests += options.requests;
    totals.events += events;
    options.report?.({ commune: commune.slug, requests: options.requests, events, seconds: (performance.now() - communeStarted) / 1000 });
  }
  return { ...totals, seconds: (performance.now() - started) / 1000 };
}

async function readOffer(tx: Transaction): Promise<CommuneForActivity & { hasRequests: boolean; themes: Map<string, string> }> {
  const [offered, communeServices, settings, [anyRequest]] = await Promise.all([
    tx
      .select({ id: procedures.id, formVersion: procedures.formVersion, serviceId: procedures.serviceId, themeId: procedures.themeId, definition: procedures.definition })
      .from(procedures)
      .where(eq(procedures.published, true))
      .orderBy(procedures.slug),
    tx.select({ id: services.id, name: services.name }).from(services).orderBy(services.slug),
    readCommuneSettings({ tx }),
    tx.select({ id: requests.id }).from(requests).limit(1),
  ]);
  return {
    hasRequests: anyRequest !== undefined,
    themes: new Map(offered.map((procedure) => [procedure.id, procedure.themeId])),
    procedures: offered.map((procedure) => ({ id: procedure.id, formVersion: procedure.formVersion, serviceId: procedure.serviceId, delayDays: procedure.definition.delayDays, title: procedure.definition.title })),
    services: communeServices,
    sectors: settings.sectors,
    calendar: settings.calendar,
  };
}

/**
 * One chunk: COPY into temporary tables, then inserted in filing order with their references,
 * with their facts, and the rollups changed by as much.
 */
async function load(tx: Transaction, commune: { id: string; slug: string }, filed: GeneratedRequest[], history: GeneratedEvent[], facts: Facts[]): Promise<void> {
  // History lines loaded in bulk are neither announced (no page watches requests of the past)
  // nor marked for the statistics job (their facts are loaded here).
  await statementIn(tx, "select set_config('app.bulk_load', 'on', true)", []).execute();
  await lockCommuneRollups(tx);
  await statementIn(
    tx,
    `create temporary table if not exists loaded_requests (id uuid, procedure_id uuid, form_version integer, service_id uuid, channel text, status text,
       summary text, latitude double precision, longitude double precision, sector text, filed_at timestamptz, acknowledged_at timestamptz,
       due_at timestamptz, clock_paused_at timestamptz, closed_at timestamptz, merged_into_id uuid, satisfaction_rating smallint, version integer,
       updated_at timestamptz) on commit delete rows`,
    [],
  ).execute();
  await statementIn(tx, `create temporary table if not exists loaded_events (request_id uuid, at timestamptz, kind text, public boolean, actor_kind text, payload jsonb, version integer) on commit delete rows`, []).execute();
  await statementIn(tx, 'create temporary table if not exists loaded_facts (like request_facts) on commit delete rows', []).execute();
  await copyRows(tx, 'loaded_requests', REQUEST_COLUMNS, filed.map((request) => REQUEST_COLUMNS.map((column) => request[camel(column)] ?? null)));
  await copyRows(
    tx,
    'loaded_events',
    EVENT_COLUMNS,
    history.map((line) => [line.requestId, line.at, line.kind, line.public, line.actorKind, JSON.stringify(line.payload), line.version]),
  );
  const prefix = commune.slug.replaceAll('-', '').slice(0, 3).toUpperCase();
  await statementIn(
    tx,
    `insert into requests (tenant_id, reference, data, ${REQUEST_COLUMNS.join(', ')})
     select $1, $2 || '-' || loaded.year || '-' || case when number < 1000000 then lpad(number::text, 6, '0') else number::text end,
            '{}'::jsonb, ${REQUEST_COLUMNS.map((column) => `loaded.${column}`).join(', ')}
     from (select *, extract(year from filed_at at time zone 'Europe/Paris')::integer as year from loaded_requests order by filed_at) as loaded,
          lateral (select next_request_number($1, loaded.year) as number) as drawn`,
    [commune.id, prefix],
  ).execute();
  await statementIn(
    tx,
    `insert into request_events (tenant_id, request_id, at, kind, public, actor_kind, payload, version)
     select $1, request_id, at, kind, public, actor_kind, payload, version from loaded_events order by at`,
    [commune.id],
  ).execute();
  const factColumns = FACT_KEYS.map((key) => columnName(key));
  await copyRows(tx, 'loaded_facts', factColumns, facts.map((row) => FACT_KEYS.map((key) => row[key])));
  await statementIn(tx, `insert into request_facts (${factColumns.join(', ')}) select ${factColumns.join(', ')} from loaded_facts`, []).execute();
  await applyRollupChanges(tx, rollupChanges([], facts));
}

function camel(column: (typeof REQUEST_COLUMNS)[number]): keyof GeneratedRequest {
  return column.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase()) as keyof GeneratedRequest;
}
