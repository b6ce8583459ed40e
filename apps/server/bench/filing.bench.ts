/**
 * Benchmark: requests filed through the HTTP API by a concurrent client, beside the raw insert
 * rate of the same database on the same machine (the ceiling). Prints figures; asserts nothing.
 *
 *   npm run bench:filing -- [--requests 2000] [--concurrency 16]
 */
import { Agent, request } from 'node:http';
import { parseArgs } from 'node:util';
import { readEnvironment } from '@guichet/config';
import { createDatabase } from '@guichet/db';
import { loadTenants } from '@guichet/tenants';
import {
  citizenSession,
  communeBySlug,
  demoTenantsDir,
  insertTestProcedure,
  listen,
  silentLog,
  startTestDatabase,
  testProcedureDefinition,
} from '@guichet/testing';
import { composeApplication } from '../src/composition.ts';

const { values: options } = parseArgs({
  options: { requests: { type: 'string', default: '2000' }, concurrency: { type: 'string', default: '16' } },
});
const total = Number(options.requests);
const concurrency = Number(options.concurrency);

const database = await startTestDatabase();
const owner = createDatabase(database.ownerUrl, { max: 2 });
await loadTenants(owner.db, demoTenantsDir);
await insertTestProcedure(owner.client, 'libercourt', 'bench-signalement', 'services-techniques', testProcedureDefinition());
const app = createDatabase(database.applicationUrl, { max: concurrency });
// The server as `npm start` composes it, without the in-process worker: only filing is measured.
const env = readEnvironment({
  NODE_ENV: 'test',
  WORKER_IN_PROCESS: 'false',
  DATABASE_POOL_SIZE: String(concurrency),
  FRANCECONNECT_PEER_PORT: '0',
  PROCONNECT_PEER_PORT: '0',
  ADDRESS_PEER_PORT: '0',
  SMTP_CAPTURE_PORT: '0',
  SECRET_KEY: 'benchmark-secret-key-of-at-least-32-chars',
});
const composition = await composeApplication({ env, log: silentLog, applicationUrl: database.applicationUrl, secrets: {} });
const server = await listen(composition.app.fetch);
const libercourt = await communeBySlug(app.db, 'libercourt');
const { cookie } = await citizenSession(app.db, libercourt, 'bench@example.fr');

const host = `libercourt.localhost:${server.port}`;
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const body = JSON.stringify({
  procedure: 'bench-signalement',
  values: { objet: 'Nid-de-poule', nature: 'voirie', lieu: { label: '1 place de la République', lat: 50.48, lon: 3.01 } },
});

function fileOne(): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const outgoing = request(
      `${server.origin}/api/demandes`,
      { method: 'POST', agent, headers: { host, origin: `http://${host}`, cookie, 'content-type': 'application/json' } },
      (incoming) => {
        incoming.resume();
        incoming.on('end', () => (incoming.statusCode === 201 ? resolve(performance.now() - started) : reject(new Error(`HTTP ${incoming.statusCode}`))));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

async function run(work: () => Promise<number>): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  let issued = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (issued < total) {
        issued += 1;
        latencies.push(await work());
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

// Warm up the pools and the JIT, then measure.
for (let index = 0; index < 50; index += 1) await fileOne();
const http = await run(fileOne);

// The ceiling: the same number of single-row inserts of a request-sized row, each its own
// transaction, by the same number of concurrent connections, as the application role.
await owner.client.unsafe(`create table bench_ceiling (tenant_id uuid not null, id uuid default gen_random_uuid(), data jsonb not null, filed_at timestamptz default now(), primary key (tenant_id, id));
  grant insert on bench_ceiling to guichet_app`);
const row = { tenant: libercourt.id, data: body };
const ceiling = await run(async () => {
  const started = performance.now();
  await app.client`insert into bench_ceiling (tenant_id, data) values (${row.tenant}, ${row.data}::jsonb)`;
  return performance.now() - started;
});

const sorted = [...http.latencies].sort((a, b) => a - b);
const format = (value: number) => value.toFixed(1).padStart(8);
console.log(`\nFiling requests through the HTTP API — ${total} requests, ${concurrency} concurrent clients, ${process.version}`);
console.log(`  throughput        ${format(total / http.seconds)} requests/s`);
console.log(`  latency p50       ${format(percentile(sorted, 50))} ms`);
console.log(`  latency p90       ${format(percentile(sorted, 90))} ms`);
console.log(`  latency p99       ${format(percentile(sorted, 99))} ms`);
console.log(`  latency max       ${format(sorted.at(-1)!)} ms`);
console.log(`Ceiling: raw single-row INSERTs on the same database, ${concurrency} connections`);
console.log(`  throughput        ${format(total / ceiling.seconds)} rows/s`);
console.log(`Filing reaches ${((100 * (total / http.seconds)) / (total / ceiling.seconds)).toFixed(1)} % of the raw insert ceiling\n`);

agent.destroy();
await server.close();
await composition.close({ graceful: false });
await app.close();
await owner.close();
await database.stop();
