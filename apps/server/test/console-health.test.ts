import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizenAccounts, withEpci, withTenant, type Tenant } from '@guichet/db';
import { createJobQueue, ensureQueue } from '@guichet/jobs';
import { fileRequest } from '@guichet/requests';
import { communeBySlug, epciStaffSession, httpClient, insertTestEpci, insertTestProcedure, readJson, startServer, testProcedureDefinition, type TestServer } from '@guichet/testing';
import { as } from './catalogue-sessions.ts';

/*
 * A commune made from the console in an EPCI of this file's own, so that every count is this
 * file's: two requests filed 30 and 2 days ago (one past its 10-day delay), two jobs of a queue no
 * worker takes (one failed), each naming the commune and carrying an address.
 */
let server: TestServer;
let jobs: PgBoss;
let staff: ReturnType<typeof as>;
let commune: Tenant;
const QUEUE = 'test.sante';
const SECRET = 'adresse.privee@example.fr';

beforeAll(async () => {
  server = await startServer();
  const epciId = await insertTestEpci(server.databases.owner, 'essai-sante', '200000174');
  staff = as(httpClient(server, 'essai-sante'), await epciStaffSession(server.databases.app, epciId, 'sante@essai.example.fr'));
  const created = await staff.api.console.communes.$post({
    json: {
      slug: 'sante-sur-essai',
      name: 'Santé-sur-Essai',
      inseeCode: '62901',
      hostnames: [],
      branding: { primaryColor: '#1d4f91', secondaryColor: '#eef3fa', textOnPrimary: '#ffffff' },
      contact: { address: 'Place de la Mairie', postalCode: '62000', city: 'Santé-sur-Essai' },
      administrator: { email: 'admin@sante-sur-essai.example.fr', displayName: 'Paul Martin' },
    },
  });
  expect(created.status).toBe(201);
  commune = await communeBySlug(server.databases.app, 'sante-sur-essai');
  await insertTestProcedure(server.databases.ownerClient, 'sante-sur-essai', 'test-sante', 'accueil', testProcedureDefinition({ routing: [], delayDays: 10 }));
  jobs = createJobQueue(server.databases.urls.applicationUrl, { work: false });
  await jobs.start();
  for (const daysAgo of [30, 2]) {
    await withTenant(server.databases.app, commune.id, (tx) =>
      fileRequest(
        { tx, jobs, tenant: commune, actor: { kind: 'system' }, now: new Date(Date.now() - daysAgo * 86_400_000) },
        { procedure: 'test-sante', channel: 'portal', values: { objet: 'Banc cassé', nature: 'voirie' }, contact: { email: SECRET } },
      ),
    );
  }
  await ensureQueue(jobs, QUEUE);
  await jobs.send(QUEUE, { tenantId: commune.id, to: SECRET }, { retryLimit: 0 });
  await jobs.send(QUEUE, { tenantId: commune.id, to: SECRET }, { retryLimit: 0 });
  // Taken by a worker that gives up on it.
  const [taken] = await jobs.fetch(QUEUE);
  await jobs.fail(QUEUE, taken!.id);
});
afterAll(async () => {
  await jobs.stop({ graceful: false });
  await server.close();
});

describe('GET /api/console/statistiques, the accounts', () => {
  it('counts the EPCI’s citizen accounts and those linked to FranceConnect', async () => {
    const epciId = commune.epciId;
    await withEpci(server.databases.app, epciId, (tx) =>
      tx.insert(citizenAccounts).values([
        { epciId, email: 'un@sante.example.fr', franceconnectSub: 'sub-sante-un' },
        { epciId, email: 'deux@sante.example.fr' },
        { epciId, email: 'trois@sante.example.fr' },
      ]),
    );
    const { accounts } = await readJson(await staff.api.console.statistiques.$get({ query: { du: '2026-01-01', au: '2026-01-31' } }));
    expect(accounts).toEqual({ total: 3, franceconnect: 1, franceconnectShare: 1 / 3 });
  });
});

describe('GET /api/console/sante', () => {
  it('counts each member commune’s open and overdue requests and its waiting and failed jobs, and nothing of a job but its count', async () => {
    const response = await staff.api.console.sante.$get();
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain(SECRET);
    const { communes } = JSON.parse(text) as { communes: { slug: string; open: number; overdue: number; oldestOpenDays: number | null; queues: { queue: string }[] }[] };
    expect(communes).toHaveLength(1);
    const [health] = communes;
    expect(health).toMatchObject({ slug: 'sante-sur-essai', open: 2, overdue: 1, oldestOpenDays: 30 });
    expect(health!.queues.find((queue) => queue.queue === QUEUE)).toEqual({ queue: QUEUE, waiting: 1, active: 0, failed: 1 });
  });

  it('shows another EPCI its own communes only', async () => {
    const lavaur = await communeBySlug(server.databases.app, 'lavaur');
    const tarn = as(httpClient(server, 'tarn-agout'), await epciStaffSession(server.databases.app, lavaur.epciId, 'sante@tarn.example.fr'));
    const { communes } = await readJson(await tarn.api.console.sante.$get());
    expect(communes.map((row: { slug: string }) => row.slug)).toEqual(['lavaur']);
    expect(JSON.stringify(communes)).not.toContain('sante-sur-essai');
  });
});
