import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { createDatabase, withTenant } from '@guichet/db';
import { generateActivity, refreshRequestFacts } from '@guichet/statistics';
import { embeddedClusterControl, httpClient, readJson, startPlatformServer, until, type PlatformServer } from '@guichet/testing';

/**
 * `npm start` on an embedded database: the demonstration communes get two years of generated
 * activity at the first start, loaded in bulk, with their facts computed, so that the dashboards
 * show a commune's life; a later start generates nothing more, and filings carry on numbering.
 */
describe('the demonstration’s activity at the first npm start', () => {
  let server: PlatformServer;
  let restarted: PlatformServer | undefined;
  let owner: postgres.Sql;

  beforeAll(async () => {
    server = await startPlatformServer({ DEMO_ACTIVITY: 'true' });
    owner = postgres(embeddedClusterControl(server.environment.EMBEDDED_POSTGRES_DIR!).ownerUrl, { max: 1, onnotice: () => {} });
  }, 180_000);

  afterAll(async () => {
    await owner?.end();
    await restarted?.cleanUp();
    await server?.cleanUp();
  });

  /** Row-level security binds the owner too: the commune is set as the platform sets it. */
  async function inCommune<T extends readonly object[]>(slug: string, query: (tx: postgres.TransactionSql) => Promise<T>): Promise<T> {
    return owner.begin(async (tx) => {
      await tx`select set_config('app.tenant_id', (select id::text from tenants where slug = ${slug}), true)`;
      return query(tx);
    }) as Promise<T>;
  }

  it('fills each commune with 1,500 requests over two years, with their history and their facts', async () => {
    expect(server.lines.find((line) => line.msg === 'demo activity generated')).toMatchObject({ requests: 6_000 });
    for (const slug of ['carvin', 'lavaur', 'libercourt', 'oignies']) {
      const [figures] = await inCommune(slug, (tx) => tx`
        select count(*)::int as requests,
               count(distinct reference)::int as references,
               min(filed_at) as first, max(filed_at) as last,
               count(*) filter (where closed_at is null)::int as open,
               (select count(*)::int from request_events) as events,
               (select count(*)::int from request_facts) as facts,
               (select count(distinct channel)::int from request_facts) as channels,
               (select count(*)::int from request_facts where within_delay) as on_time,
               (select count(*)::int from request_facts where within_delay is not null) as closed
        from requests`);
      expect(figures!.requests).toBe(1_500);
      expect(figures!.references).toBe(1_500);
      expect(figures!.facts).toBe(1_500);
      expect(figures!.events).toBeGreaterThan(1_500 * 3);
      expect(figures!.channels).toBeGreaterThanOrEqual(4);
      expect(Date.now() - new Date(figures!.first).getTime()).toBeGreaterThan(600 * 86_400_000);
      expect(Date.now() - new Date(figures!.last).getTime()).toBeLessThan(7 * 86_400_000);
      // Mostly answered within the announced delay, not all; the latest still open.
      expect(figures!.on_time / figures!.closed).toBeGreaterThan(0.6);
      expect(figures!.on_time / figures!.closed).toBeLessThan(0.97);
      expect(figures!.open).toBeGreaterThan(0);
    }
  });

  it('leaves the numbering to filings: the next one takes the year’s next reference', async () => {
    const [last] = await inCommune('libercourt', (tx) => tx`
      select max(reference) as reference from requests where reference like ${`LIB-${new Date().getFullYear()}-%`}`);
    const filed = await readJson(
      await httpClient(server, 'libercourt').post('/api/demandes', {
        procedure: 'lettre-information',
        values: { courriel: 'apres.demo@example.fr', accord: true },
        contact: { email: 'apres.demo@example.fr' },
      }),
    );
    expect(Number(String(filed.reference).split('-')[2])).toBe(Number(String(last!.reference).split('-')[2]) + 1);
  });

  it('loads more beside a running platform without announcing the past to live pages', async () => {
    const announced: string[] = [];
    const listening = await owner.listen('request_events', (payload) => announced.push(payload));
    const ownerDatabase = createDatabase(embeddedClusterControl(server.environment.EMBEDDED_POSTGRES_DIR!).ownerUrl, { max: 1 });
    try {
      const loaded = await generateActivity(ownerDatabase.db, { requests: 200, years: 1, communes: ['lavaur'], seed: 2 });
      expect(loaded.requests).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 500));
      // The platform's own jobs run meanwhile (deadlines flag overdue requests: internal lines); the load's lines are public.
      const [lavaur] = await owner`select id from tenants where slug = 'lavaur'`;
      expect(announced.map((payload) => JSON.parse(payload) as { tenantId: string; public: boolean }).filter((line) => line.tenantId === lavaur!.id && line.public)).toEqual([]);
      // A filing's history is announced, as ever.
      await httpClient(server, 'libercourt').post('/api/demandes', {
        procedure: 'lettre-information',
        values: { courriel: 'annonce.demo@example.fr', accord: true },
        contact: { email: 'annonce.demo@example.fr' },
      });
      await until(() => announced.length > 0, 'the announcement of a filing');
    } finally {
      await listening.unlisten();
      await ownerDatabase.close();
    }
  });

  it('loads the facts and rollups the statistics job would compute from the same history', async () => {
    const [libercourt] = await owner`select id from tenants where slug = 'libercourt'`;
    const ownerDatabase = createDatabase(embeddedClusterControl(server.environment.EMBEDDED_POSTGRES_DIR!).ownerUrl, { max: 1 });
    const refreshAll = async () => {
      for (let more = true; more; ) more = (await withTenant(ownerDatabase.db, libercourt!.id, (tx) => refreshRequestFacts({ tx, limit: 2_000 }))).more;
    };
    try {
      // What happened since the load (a filing, the deadlines' sweeps) counted first, as the job would.
      await refreshAll();
      const loaded = await rollupsOf('libercourt');
      expect(loaded.counts.length).toBeGreaterThan(100);
      // From nothing: the job computes every request's facts again and adds them up.
      await inCommune('libercourt', async (tx) => [
        await tx`delete from request_rollups`,
        await tx`delete from request_delay_histograms`,
        await tx`delete from request_place_rollups`,
        await tx`delete from request_facts`,
        await tx`insert into request_facts_stale (tenant_id, request_id) select tenant_id, id from requests`,
      ]);
      expect(await rollupsOf('libercourt')).toEqual({ counts: [], histograms: [], places: [] });
      await refreshAll();
      expect(await rollupsOf('libercourt')).toEqual(loaded);
    } finally {
      await ownerDatabase.close();
    }
  });

  /** The commune's rollup rows that count something (taking facts away can leave rows of zeros). */
  async function rollupsOf(slug: string) {
    const [counts, histograms, places] = await Promise.all([
      inCommune(slug, (tx) => tx`
        select span, start::text, procedure_id, service_id, channel, filed, closed, merged, reopenings, transfers, on_time, ratings
        from request_rollups
        where filed + closed + merged + reopenings + transfers + on_time + (select sum(r) from unnest(ratings) r) > 0
        order by span, start, procedure_id, service_id, channel`),
      inCommune(slug, (tx) => tx`
        select span, start::text, channel, service_id, procedure_id, acknowledgement, first_answer, processing
        from request_delay_histograms
        where (select sum(n) from unnest(acknowledgement || first_answer || processing) n) > 0
        order by span, start, channel nulls first, service_id nulls first, procedure_id nulls first`),
      inCommune(slug, (tx) => tx`
        select span, start::text, sector, grid_cell, filed, closed, on_time from request_place_rollups
        where filed + closed + on_time > 0 order by span, start, sector, grid_cell`),
    ]);
    return { counts: [...counts], histograms: [...histograms], places: [...places] };
  }

  it('generates nothing at the next start', async () => {
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    restarted = await startPlatformServer(server.environment, { dataDir: server.dataDir });
    expect(restarted.lines.find((line) => line.msg === 'demo activity generated')).toBeUndefined();
    const [count] = await inCommune('oignies', (tx) => tx`select count(*)::int as requests from requests`);
    expect(count!.requests).toBe(1_500);
  }, 120_000);
});
