import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant, type Tenant } from '@guichet/db';
import { createJobQueue } from '@guichet/jobs';
import { fileRequest, transitionRequest } from '@guichet/requests';
import { refreshRequestFacts } from '@guichet/statistics';
import { communeBySlug, epciStaffSession, httpClient, insertTestProcedure, readJson, startServer, testProcedureDefinition, type TestServer } from '@guichet/testing';
import { as } from './catalogue-sessions.ts';

/*
 * February 2024, a month no other file of the run files in: Libercourt 2 requests (one answered
 * in 24 hours, near the station), Carvin 1, Lavaur (another EPCI) 1.
 */
let server: TestServer;
let jobs: PgBoss;
const communes: Record<string, Tenant> = {};
const february = { du: '2024-02-01', au: '2024-02-29' };

beforeAll(async () => {
  server = await startServer();
  jobs = createJobQueue(server.databases.urls.applicationUrl, { work: false });
  await jobs.start();
  for (const slug of ['libercourt', 'carvin', 'lavaur']) {
    await insertTestProcedure(server.databases.ownerClient, slug, 'test-statistiques-epci', 'services-techniques', testProcedureDefinition({ routing: [] }));
    communes[slug] = await communeBySlug(server.databases.app, slug);
  }
  const first = await file('libercourt', new Date('2024-02-05T10:00:00+01:00'), { label: 'Rue de la Gare, Libercourt', lat: 50.4935, lon: 3.0141 });
  await withTenant(server.databases.app, communes.libercourt!.id, (tx) =>
    transitionRequest(
      { tx, jobs, tenantId: communes.libercourt!.id, actor: { kind: 'agent', agentId: crypto.randomUUID(), role: 'commune_admin', serviceIds: [] }, now: new Date('2024-02-06T10:00:00+01:00') },
      { requestId: first, status: 'done' },
    ),
  );
  await file('libercourt', new Date('2024-02-12T10:00:00+01:00'));
  await file('carvin', new Date('2024-02-07T10:00:00+01:00'));
  await file('lavaur', new Date('2024-02-08T10:00:00+01:00'));
  for (const commune of Object.values(communes)) {
    while ((await withTenant(server.databases.app, commune.id, (tx) => refreshRequestFacts({ tx }))).more);
  }
});
afterAll(async () => {
  await jobs.stop({ graceful: false });
  await server.close();
});

async function file(slug: string, now: Date, lieu?: { label: string; lat: number; lon: number }): Promise<string> {
  const commune = communes[slug]!;
  const filed = await withTenant(server.databases.app, commune.id, (tx) =>
    fileRequest(
      { tx, jobs, tenant: commune, actor: { kind: 'system' }, now },
      { procedure: 'test-statistiques-epci', channel: 'portal', values: { objet: 'Banc cassé', nature: 'voirie', ...(lieu ? { lieu } : {}) }, contact: { email: `epci.${slug}@example.fr` } },
    ),
  );
  return filed.id;
}

async function consoleOf(epci: 'agglo-henin-carvin' | 'tarn-agout', email: string) {
  const commune = epci === 'agglo-henin-carvin' ? communes.libercourt! : communes.lavaur!;
  return as(httpClient(server, epci), await epciStaffSession(server.databases.app, commune.epciId, email));
}

describe('GET /api/console/statistiques', () => {
  it('consolidates the EPCI’s member communes, and compares them, without any other EPCI’s', async () => {
    const staff = await consoleOf('agglo-henin-carvin', 'stats.henin@tests.example.fr');
    const response = await staff.api.console.statistiques.$get({ query: february });
    expect(response.status).toBe(200);
    const { consolidated, communes: compared } = await readJson(response);
    expect(consolidated.filed.total).toBe(3);
    expect(consolidated.closed.total).toBe(1);
    expect(consolidated.delays.processing).toEqual({ count: 1, medianHours: 24, p90Hours: 24 });
    expect(compared.map((row: { slug: string }) => row.slug).sort()).toEqual(['carvin', 'libercourt', 'oignies']);
    const bySlug = Object.fromEntries(compared.map((row: { slug: string; filed: number; closed: number }) => [row.slug, row]));
    expect(bySlug.libercourt).toMatchObject({ filed: 2, closed: 1, withinDelayShare: 1, processingMedianHours: 24 });
    expect(bySlug.carvin).toMatchObject({ filed: 1, closed: 0, withinDelayShare: null });
    expect(bySlug.oignies).toMatchObject({ filed: 0, closed: 0 });
    // Each commune's copy of the procedure, and its own services-techniques, counted as one line.
    expect(consolidated.filed.byProcedure.filter((row: { title: string }) => row.title === 'Signalement de test')).toEqual([expect.objectContaining({ count: 3 })]);
    expect(consolidated.filed.byService.filter((row: { name: string }) => row.name === 'Services techniques')).toEqual([expect.objectContaining({ count: 3 })]);
    // By place, each commune's sectors under its name.
    expect(consolidated.places.sectors).toHaveLength(3);
    expect(consolidated.places.sectors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ commune: 'Libercourt', sector: 'nord-gare', name: 'Nord – quartier de la gare', filed: 1, closed: 1, onTime: 1 }),
        expect.objectContaining({ commune: 'Libercourt', sector: null, filed: 1, closed: 0 }),
        expect.objectContaining({ commune: 'Carvin', sector: null, filed: 1, closed: 0 }),
      ]),
    );
    expect(consolidated.places.cells).toEqual([{ cell: '50.49:3.01', latitude: 50.49, longitude: 3.01, filed: 1 }]);
  });

  it('narrows to the communes asked, lists every member to choose from, and refuses a commune of another EPCI', async () => {
    const staff = await consoleOf('agglo-henin-carvin', 'stats.filtre@tests.example.fr');
    const narrowed = await readJson(await staff.api.console.statistiques.$get({ query: { ...february, communes: 'carvin,oignies' } }));
    expect(narrowed.consolidated.filed.total).toBe(1);
    expect(narrowed.consolidated.closed.total).toBe(0);
    expect(narrowed.communes.map((row: { slug: string }) => row.slug)).toEqual(['carvin', 'oignies']);
    expect(narrowed.members.map((row: { slug: string }) => row.slug)).toEqual(['carvin', 'libercourt', 'oignies']);
    const libercourt = await readJson(await staff.api.console.statistiques.$get({ query: { ...february, communes: 'libercourt' } }));
    expect(libercourt.consolidated.filed.total).toBe(2);
    expect(libercourt.consolidated.delays.processing.medianHours).toBe(24);
    // On one channel, places are said for one commune (from its facts), not across several.
    const online = await readJson(await staff.api.console.statistiques.$get({ query: { ...february, canal: 'portal' } }));
    expect(online.consolidated.filed.total).toBe(3);
    expect(online.consolidated.places).toBeNull();
    expect((await readJson(await staff.api.console.statistiques.$get({ query: { ...february, canal: 'portal', communes: 'libercourt' } }))).consolidated.places.sectors).toHaveLength(2);

    const foreign = await staff.api.console.statistiques.$get({ query: { ...february, communes: 'libercourt,lavaur' } });
    expect(foreign.status).toBe(422);
    expect((await readJson(foreign)).errors).toEqual([
      expect.objectContaining({ field: 'communes', message: 'Commune inconnue de l’intercommunalité : lavaur.' }),
    ]);
  });

  it('shows Tarn-Agout its own commune only', async () => {
    const staff = await consoleOf('tarn-agout', 'stats.tarn@tests.example.fr');
    const { consolidated, communes: compared } = await readJson(await staff.api.console.statistiques.$get({ query: february }));
    expect(consolidated.filed.total).toBe(1);
    expect(compared.map((row: { slug: string }) => row.slug)).toEqual(['lavaur']);
  });

  it('is refused without an EPCI staff session, and refuses a malformed period in French', async () => {
    expect((await httpClient(server, 'agglo-henin-carvin').request(`/api/console/statistiques?du=${february.du}&au=${february.au}`)).status).toBe(401);
    const staff = await consoleOf('agglo-henin-carvin', 'stats.periode@tests.example.fr');
    const malformed = await staff.api.console.statistiques.$get({ query: { du: 'hier', au: '2024-02-29' } });
    expect(malformed.status).toBe(422);
    expect((await readJson(malformed)).errors).toEqual([expect.objectContaining({ field: 'du', message: 'Une date au format AAAA-MM-JJ.' })]);
    // Year 0 has the format, and Postgres refuses it: said here, not a 500.
    const yearZero = await staff.api.console.statistiques.$get({ query: { du: '0000-01-01', au: '2024-02-29' } });
    expect(yearZero.status).toBe(422);
    expect((await readJson(yearZero)).errors).toEqual([expect.objectContaining({ field: 'du', message: 'Une date entre 2000 et 2099.' })]);
  });
});
