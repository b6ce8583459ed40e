import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { createDatabase } from '@guichet/db';
import { startMailCapture, type MailCapture } from '@guichet/mail';
import {
  citizenSession,
  communeBySlug,
  embeddedClusterControl,
  httpClient,
  isRunning,
  openEventStream,
  readJson,
  spawnPlatform,
  startPlatformServer,
  type EmbeddedClusterControl,
  type HttpClient,
  type PlatformProcess,
  type PlatformServer,
} from '@guichet/testing';

/**
 * The server and a worker process, each on its own, against an embedded Postgres that the test
 * restarts, stops and starts with pg_ctl, and whose connections it terminates, as an operator
 * or a failover would. Nothing is restarted on the platform's side.
 */

/** A read that goes to the database every time (the catalogue's list is served from memory). */
const DATABASE_READ = '/api/catalogue/signalement-voirie';

describe('the server and a worker when the database goes away', () => {
  let mail: MailCapture;
  let server: PlatformServer;
  let worker: PlatformProcess;
  let cluster: EmbeddedClusterControl;
  let portal: HttpClient;

  beforeAll(async () => {
    mail = await startMailCapture();
    server = await startPlatformServer({ SMTP_URL: mail.smtpUrl, WORKER_IN_PROCESS: 'false' });
    worker = await spawnPlatform('worker', { ...server.environment, SMTP_URL: mail.smtpUrl }, { dataDir: server.dataDir });
    await worker.waitForLine((line) => line.msg === 'worker started');
    cluster = embeddedClusterControl(server.environment.EMBEDDED_POSTGRES_DIR!);
    portal = httpClient(server, 'libercourt');
  }, 180_000);

  afterAll(async () => {
    await worker?.cleanUp();
    await server?.cleanUp();
    await mail?.close();
  });

  it('keeps serving through restarts under load, with 503 but never 500 meanwhile, and serves again within seconds', async () => {
    const statuses = new Map<number | 'no answer in time', number>();
    let longestWait = 0;
    let loading = true;
    const load = Array.from({ length: 30 }, async () => {
      while (loading) {
        const sent = Date.now();
        const status = await answeredWithin(20_000, async () => {
          const response = await portal.get(DATABASE_READ);
          await response.arrayBuffer();
          return response.status;
        });
        longestWait = Math.max(longestWait, Date.now() - sent);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    });
    // A connection cut while a query is being written once crashed the postgres driver (porsager/postgres#1154):
    // several restarts under load give that moment several chances.
    const recoveries: number[] = [];
    for (const mode of ['fast', 'immediate', 'fast'] as const) {
      await new Promise((resolve) => setTimeout(resolve, 700));
      cluster.restart(mode);
      const back = Date.now();
      await waitUntil(async () => (await answeredWithin(20_000, () => portal.get(DATABASE_READ).then((response) => response.status))) === 200, 15_000);
      recoveries.push(Date.now() - back);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    loading = false;
    await Promise.all(load);
    expect(isRunning(server), server.output().slice(-2000)).toBe(true);
    expect(isRunning(worker), worker.output().slice(-2000)).toBe(true);
    expect([...statuses.keys()].filter((status) => status !== 200 && status !== 503)).toEqual([]);
    expect(statuses.get(200)).toBeGreaterThan(0);
    // The pool tries again twice a second at most: with postgres.js's own delay (up to 20 s), requests waited 10 to 20 s
    // for a connection once the database was back.
    expect(Math.max(...recoveries), `ms from each restart to the next 200: ${recoveries.join(', ')}`).toBeLessThan(3_000);
    expect(longestWait, 'the longest wait of a request, in ms').toBeLessThan(5_000);
  }, 120_000);

  it('answers a French 503 problem with Retry-After while the database is down, and readyz says why', async () => {
    cluster.stop();
    try {
      const response = await portal.get(DATABASE_READ);
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.headers.get('retry-after')).toBe('5');
      const body = await readJson(response);
      expect(body.title).toBe('Le service est momentanément indisponible.');
      expect(body.type).toMatch(/service-indisponible$/);
      const ready = await fetch(`${server.origin}/readyz`);
      expect(ready.status).toBe(503);
      expect(await readJson(ready)).toEqual({ status: 'not_ready', reason: 'database_unreachable' });
    } finally {
      cluster.start();
    }
    const back = Date.now();
    await waitUntil(async () => (await fetch(`${server.origin}/readyz`)).status === 200, 15_000);
    expect((await portal.get(DATABASE_READ)).status).toBe(200);
    expect(Date.now() - back).toBeLessThan(10_000);
    expect(isRunning(server)).toBe(true);
    expect(isRunning(worker)).toBe(true);
  });

  it('survives the termination of every one of its connections', async () => {
    const admin = postgres(cluster.superuserUrl, { max: 1, onnotice: () => {} });
    try {
      const terminated = await admin`
        select pg_terminate_backend(pid) from pg_stat_activity where usename = 'guichet_app'`;
      expect(terminated.length).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    await waitUntil(async () => (await portal.get(DATABASE_READ)).status === 200, 15_000);
    expect(isRunning(server)).toBe(true);
    expect(isRunning(worker)).toBe(true);
  });

  it('after the database came back, the worker delivers and a live page hears of changes again', async () => {
    const owner = createDatabase(cluster.ownerUrl, { max: 1 });
    let session: { cookie: string };
    try {
      session = await citizenSession(owner.db, await communeBySlug(owner.db, 'libercourt'), 'suivi.panne@example.fr');
    } finally {
      await owner.close();
    }
    const citizen = httpClient(server, 'libercourt');
    const filed = await readJson(
      await citizen.request('/api/demandes', {
        method: 'POST',
        json: { procedure: 'lettre-information', values: { courriel: 'suivi.panne@example.fr', accord: true } },
        headers: { cookie: session.cookie },
      }),
    );
    expect(filed.reference).toMatch(/^LIB-/);
    const live = await openEventStream(server, 'libercourt', `/api/demandes/${filed.id}/flux`, session.cookie);
    expect((await live.next()).event).toBe('demande');

    // Down for a while, so that the first attempts to listen again fail too.
    cluster.stop();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    cluster.start();
    // The listener's connection was cut: once it listens again, the page is told to read its request anew.
    expect((await live.next(20_000)).event).toBe('demande');
    const message = await citizen.request(`/api/demandes/${filed.id}/messages`, {
      method: 'POST',
      json: { body: 'Je précise ma demande après la coupure.' },
      headers: { cookie: session.cookie },
    });
    expect(message.status).toBe(201);
    const update = JSON.parse((await live.next(20_000)).data) as { history: { kind: string; payload: { body?: string } }[] };
    expect(update.history.at(-1)).toMatchObject({ kind: 'message', payload: { body: 'Je précise ma demande après la coupure.' } });
    live.close();

    // The acknowledgement was queued in the filing's transaction; only the worker process sends mail.
    // A job that failed while the database was away is retried after its backoff (10 s, then 20 s…).
    await mail.waitFor((received) => received.to.includes('suivi.panne@example.fr') && received.subject.includes(filed.reference), 90_000);
    expect(isRunning(worker)).toBe(true);
  }, 150_000);
});

/** The request's status, or a mark when no answer came in time (a hang is said, not waited for). */
async function answeredWithin(ms: number, send: () => Promise<number>): Promise<number | 'no answer in time'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'no answer in time'>((resolve) => (timer = setTimeout(() => resolve('no answer in time'), ms)));
  try {
    return await Promise.race([send(), late]);
  } finally {
    clearTimeout(timer);
  }
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
