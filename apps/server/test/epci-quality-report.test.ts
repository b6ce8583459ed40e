import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant, type Tenant } from '@guichet/db';
import { createJobQueue } from '@guichet/jobs';
import { fileRequest, transitionRequest } from '@guichet/requests';
import { refreshRequestFacts } from '@guichet/statistics';
import { communeBySlug, epciStaffSession, httpClient, insertTestProcedure, readJson, startServer, testProcedureDefinition, type TestServer } from '@guichet/testing';
import { as } from './catalogue-sessions.ts';

/*
 * The second quarter of 2023, a period no other file of the run files in: Libercourt and Carvin
 * (Hénin-Carvin) 3 requests each, all answered the day they were filed; Lavaur (Tarn-Agout) 4.
 * A commune alone has too few to publish (under 5); the EPCI's report, consolidated, has 6.
 */
let server: TestServer;
let jobs: PgBoss;
const communes: Record<string, Tenant> = {};
const quarter = '2023-T2';

beforeAll(async () => {
  server = await startServer();
  jobs = createJobQueue(server.databases.urls.applicationUrl, { work: false });
  await jobs.start();
  for (const [slug, count] of [['libercourt', 3], ['carvin', 3], ['lavaur', 4]] as const) {
    await insertTestProcedure(server.databases.ownerClient, slug, 'test-qualite-epci', 'services-techniques', testProcedureDefinition({ title: 'Qualité intercommunale', routing: [] }));
    const commune = await communeBySlug(server.databases.app, slug);
    communes[slug] = commune;
    for (let index = 0; index < count; index += 1) {
      const day = `2023-05-${String(2 + index).padStart(2, '0')}`;
      await withTenant(server.databases.app, commune.id, async (tx) => {
        const filed = await fileRequest(
          { tx, jobs, tenant: commune, actor: { kind: 'system' }, now: new Date(`${day}T09:00:00+02:00`) },
          { procedure: 'test-qualite-epci', channel: 'portal', values: { objet: 'Banc cassé', nature: 'voirie' }, contact: { email: `qualite.${slug}@example.fr` } },
        );
        await transitionRequest(
          { tx, jobs, tenantId: commune.id, actor: { kind: 'agent', agentId: crypto.randomUUID(), role: 'commune_admin', serviceIds: [] }, now: new Date(`${day}T16:00:00+02:00`) },
          { requestId: filed.id, status: 'done' },
        );
      });
    }
    while ((await withTenant(server.databases.app, commune.id, (tx) => refreshRequestFacts({ tx }))).more);
  }
});
afterAll(async () => {
  await jobs.stop({ graceful: false });
  await server.close();
});

async function consoleOf(epci: 'agglo-henin-carvin' | 'tarn-agout', email: string) {
  const commune = epci === 'agglo-henin-carvin' ? communes.libercourt! : communes.lavaur!;
  return as(httpClient(server, epci), await epciStaffSession(server.databases.app, commune.epciId, email));
}

type Report = { figures: { period: { key: string }; filed: number | null; closed: number | null; withinDelay: { share: number | null }; procedures: { title: string; closed: number }[] } };
const quarterOf = (reports: Report[]) => reports.find((report) => report.figures.period.key === quarter);

describe('the EPCI’s consolidated quality report', () => {
  it('is published by the EPCI’s staff across its member communes only, and read by anyone on the EPCI’s site', async () => {
    const staff = await consoleOf('agglo-henin-carvin', 'qualite.epci@agglo-henin-carvin.example.fr');
    const published = await staff.api.console.qualite.$post({ json: { periode: quarter } });
    expect(published.status).toBe(201);
    const { figures } = await readJson(published);
    // 3 + 3, not Lavaur's 4: a commune alone would publish none of it.
    expect(figures).toMatchObject({ filed: 6, closed: 6, withinDelay: { onTime: 6, share: 1 } });
    expect(figures.procedures).toEqual([{ title: 'Qualité intercommunale', delayDays: expect.any(Number), closed: 6, withinDelay: 1 }]);

    const site = httpClient(server, 'agglo-henin-carvin');
    const { reports } = await readJson(await site.api.qualite.$get());
    expect(quarterOf(reports)?.figures).toMatchObject({ filed: 6, closed: 6 });
    const csv = await (await site.request('/api/qualite/donnees.csv')).text();
    expect(csv).toContain(`${quarter};demandes_deposees;;6\r\n`);
    // A commune's portal shows the commune's own report, not the EPCI's.
    expect(quarterOf((await readJson(await httpClient(server, 'libercourt').api.qualite.$get())).reports)).toBeUndefined();

    const journal = await readJson(await staff.api.console.journal.$get({ query: {} }));
    expect(journal.entries).toContainEqual(expect.objectContaining({ action: 'quality_report_published', details: { period: quarter } }));
  });

  it('withholds under 5 for Tarn-Agout, whose one commune has 4, and shows it on Tarn-Agout’s site only', async () => {
    const staff = await consoleOf('tarn-agout', 'qualite.epci@tarn-agout.example.fr');
    const { figures } = await readJson(await staff.api.console.qualite.$post({ json: { periode: quarter } }));
    expect(figures).toMatchObject({ filed: null, closed: null, withinDelay: { share: null }, procedures: [] });
    expect(quarterOf((await readJson(await httpClient(server, 'tarn-agout').api.qualite.$get())).reports)?.figures.filed).toBeNull();
    expect(quarterOf((await readJson(await httpClient(server, 'agglo-henin-carvin').api.qualite.$get())).reports)?.figures.filed).toBe(6);
  });

  it('refuses a period not ended in French, anyone but the EPCI’s staff, and withdraws a period once', async () => {
    const staff = await consoleOf('agglo-henin-carvin', 'retrait.qualite@agglo-henin-carvin.example.fr');
    const running = await staff.api.console.qualite.$post({ json: { periode: String(new Date().getFullYear()) } });
    expect(running.status).toBe(422);
    expect((await readJson(running)).errors).toEqual([expect.objectContaining({ field: 'periode', message: expect.stringContaining('n’est pas terminée') })]);
    expect((await httpClient(server, 'agglo-henin-carvin').api.console.qualite.$post({ json: { periode: quarter } })).status).toBe(401);

    expect((await staff.api.console.qualite[':periode'].$delete({ param: { periode: quarter } })).status).toBe(204);
    expect((await staff.api.console.qualite[':periode'].$delete({ param: { periode: quarter } })).status).toBe(404);
    expect(quarterOf((await readJson(await httpClient(server, 'agglo-henin-carvin').api.qualite.$get())).reports)).toBeUndefined();
  });
});
