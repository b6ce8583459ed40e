/**
 * Benchmark: filing through the HTTP API beside the raw insert rate of the same database (its
 * ceiling), and the catalogue read, with and without a citizen's session, beside a bare Hono
 * answer (its ceiling), all in one run on this machine. Prints figures; asserts nothing.
 *
 *   npm run bench -- [--filings 2000] [--reads 20000] [--runs 3]
 */
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { Hono } from 'hono';
import { loadCatalogue } from '@guichet/catalogue';
import { readEnvironment } from '@guichet/config';
import { createDatabase } from '@guichet/db';
import { loadTenants } from '@guichet/tenants';
import { citizenSession, communeBySlug, demoTenantsDir, insertTestProcedure, listen, silentLog, startTestDatabase, testProcedureDefinition } from '@guichet/testing';
import { composeApplication } from '../src/composition.ts';
import type { LoadPlan, LoadResult } from './load-client.ts';

const { values: options } = parseArgs({
  options: { filings: { type: 'string', default: '2000' }, reads: { type: 'string', default: '20000' }, runs: { type: 'string', default: '3' } },
});
const FILING_CLIENTS = 16;
const READ_CONNECTIONS = 64;
const runs = Number(options.runs);

const database = await startTestDatabase();
const owner = createDatabase(database.ownerUrl, { max: 2 });
await loadTenants(owner.db, demoTenantsDir);
await loadCatalogue(owner.db, demoTenantsDir);
await insertTestProcedure(owner.client, 'libercourt', 'bench-signalement', 'services-techniques', testProcedureDefinition());
const app = createDatabase(database.applicationUrl, { max: FILING_CLIENTS });
// The server as `npm start` composes it, without the in-process worker: only the API is measured.
const env = readEnvironment({
  NODE_ENV: 'test',
  WORKER_IN_PROCESS: 'false',
  DATABASE_POOL_SIZE: String(FILING_CLIENTS),
  FRANCECONNECT_PEER_PORT: '0',
  PROCONNECT_PEER_PORT: '0',
  ADDRESS_PEER_PORT: '0',
  SMTP_CAPTURE_PORT: '0',
  SECRET_KEY: 'benchmark-secret-key-of-at-least-32-chars',
});
const composition = await composeApplication({ env, log: silentLog, applicationUrl: database.applicationUrl, secrets: {} });
const server = await listen(composition.app.fetch);
// The read ceiling: the smallest Hono answer on the same server adapter.
const bare = await listen(new Hono().get('/', (c) => c.json({ ok: true })).fetch);
const libercourt = await communeBySlug(app.db, 'libercourt');
const { cookie } = await citizenSession(app.db, libercourt, 'bench@example.fr');
const host = `libercourt.localhost:${server.port}`;

function load(plan: LoadPlan): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./load-client.ts', import.meta.url), { workerData: plan });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

type Figure = { perSecond: number; p50: number; p99: number };

function figure({ latencies, seconds }: LoadResult): Figure {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  return { perSecond: latencies.length / seconds, p50: at(50), p99: at(99) };
}

/** The median run of `runs`, by rate. */
async function median(measure: () => Promise<Figure>): Promise<Figure> {
  const figures: Figure[] = [];
  for (let run = 0; run < runs; run += 1) figures.push(await measure());
  return figures.sort((a, b) => a.perSecond - b.perSecond)[Math.floor(figures.length / 2)]!;
}

const filingBody = JSON.stringify({
  procedure: 'bench-signalement',
  values: { objet: 'Nid-de-poule', nature: 'voirie', lieu: { label: '1 place de la République', lat: 50.48, lon: 3.01 } },
});
const filing = (total: number): Promise<LoadResult> =>
  load({
    url: `${server.origin}/api/demandes`,
    method: 'POST',
    headers: { host, origin: `http://${host}`, cookie, 'content-type': 'application/json' },
    body: filingBody,
    total,
    connections: FILING_CLIENTS,
    expectStatus: 201,
  });
const catalogue = (headers: Record<string, string>) =>
  load({ url: `${server.origin}/api/catalogue`, method: 'GET', headers: { host, ...headers }, total: Number(options.reads), connections: READ_CONNECTIONS, expectStatus: 200 });

// The ceiling of filing: single-row inserts of a request-sized row, each its own transaction,
// by as many concurrent connections, as the application role.
await owner.client.unsafe(`create table bench_ceiling (tenant_id uuid not null, id uuid default gen_random_uuid(), data jsonb not null, filed_at timestamptz default now(), primary key (tenant_id, id));
  grant insert on bench_ceiling to guichet_app`);
async function insertCeiling(): Promise<Figure> {
  const latencies: number[] = [];
  let issued = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: FILING_CLIENTS }, async () => {
      while (issued < Number(options.filings)) {
        issued += 1;
        const at = performance.now();
        await app.client`insert into bench_ceiling (tenant_id, data) values (${libercourt.id}, ${filingBody}::jsonb)`;
        latencies.push(performance.now() - at);
      }
    }),
  );
  return figure({ latencies, seconds: (performance.now() - started) / 1000 });
}

// Warm up the pools, the JIT and the caches, then measure.
await filing(200);
await catalogue({});
const filed = await median(async () => figure(await filing(Number(options.filings))));
const inserts = await median(insertCeiling);
const anonymous = await median(async () => figure(await catalogue({})));
const signedIn = await median(async () => figure(await catalogue({ cookie })));
const bareHono = await median(async () =>
  figure(await load({ url: bare.origin, method: 'GET', headers: {}, total: Number(options.reads), connections: READ_CONNECTIONS, expectStatus: 200 })),
);

const row = (label: string, { perSecond, p50, p99 }: Figure) =>
  console.log(`  ${label.padEnd(44)} ${perSecond.toFixed(0).padStart(7)} /s   p50 ${p50.toFixed(1).padStart(6)} ms   p99 ${p99.toFixed(1).padStart(6)} ms`);
const share = (part: Figure, whole: Figure) => `${((100 * part.perSecond) / whole.perSecond).toFixed(1)} %`;
console.log(`\nMedians of ${runs} runs each, ${process.version}, on this machine`);
console.log(`Filing (POST /api/demandes, signed-in citizen, ${FILING_CLIENTS} clients, one commune)`);
row('filing through the HTTP API', filed);
row('ceiling: raw single-row INSERTs', inserts);
console.log(`  → filing reaches ${share(filed, inserts)} of the raw insert ceiling (required ≥ 10 %, aim 25 %; p99 required < 100 ms)`);
console.log(`Catalogue (GET /api/catalogue, ${READ_CONNECTIONS} connections)`);
row('visitor without a session', anonymous);
row('citizen with a session cookie', signedIn);
row('ceiling: bare Hono answer', bareHono);
console.log(`  → without a session ${share(anonymous, bareHono)} of bare Hono (required ≥ 25 %); with a session ${share(signedIn, bareHono)} (required ≥ 10 %)\n`);

await bare.close();
await server.close();
await composition.close({ graceful: false });
await app.close();
await owner.close();
await database.stop();
