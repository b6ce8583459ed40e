import { existsSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '@guichet/db';
import {
  citizenSession,
  communeBySlug,
  embeddedClusterControl,
  httpClient,
  openEventStream,
  readJson,
  startPlatformServer,
  type PlatformServer,
} from '@guichet/testing';

/**
 * SIGTERM as an orchestrator sends it: to the server process alone, while a citizen's filing
 * is still arriving and a page follows a request live. Then the same folder starts again.
 */
describe('the server on SIGTERM and on Ctrl-C', () => {
  let server: PlatformServer;
  let cookie: string;

  beforeAll(async () => {
    server = await startPlatformServer({});
    const cluster = embeddedClusterControl(server.environment.EMBEDDED_POSTGRES_DIR!);
    const owner = createDatabase(cluster.ownerUrl, { max: 1 });
    try {
      cookie = (await citizenSession(owner.db, await communeBySlug(owner.db, 'libercourt'), 'arret.propre@example.fr')).cookie;
    } finally {
      await owner.close();
    }
  }, 180_000);

  afterAll(async () => {
    await server?.cleanUp();
  });

  it('finishes the request in flight, ends live streams, stops Postgres last and exits 0, then restarts clean', async () => {
    const citizen = httpClient(server, 'libercourt');
    const first = await readJson(
      await citizen.request('/api/demandes', {
        method: 'POST',
        json: { procedure: 'lettre-information', values: { courriel: 'arret.propre@example.fr', accord: true } },
        headers: { cookie },
      }),
    );
    const live = await openEventStream(server, 'libercourt', `/api/demandes/${first.id}/flux`, cookie);
    await live.next();

    // A filing whose body is still on its way when the signal comes.
    const body = JSON.stringify({ procedure: 'lettre-information', values: { courriel: 'arret.propre@example.fr', accord: true } });
    const inFlight = slowPost(server, '/api/demandes', body, { cookie, origin: citizen.origin, host: citizen.host });
    await inFlight.headersSent;
    server.child.kill('SIGTERM');
    await server.waitForLine((line) => line.msg === 'shutting down');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const answer = await inFlight.finish();
    expect(answer.status).toBe(201);
    const filed = JSON.parse(answer.body) as { reference: string };
    expect(filed.reference).toMatch(/^LIB-/);

    await live.ended;
    expect(await server.exited).toBe(0);
    expect(server.lines.map((line) => line.msg)).toContain('stopped');
    // Everything ended on its own, streams included: nothing had to be cut at the 10 s bound.
    expect(server.lines.find((line) => line.msg === 'HTTP server closed')?.http).toBe('drained');
    // Postgres was stopped by the platform, not left behind: no postmaster.pid, no process.
    expect(existsSync(path.join(server.environment.EMBEDDED_POSTGRES_DIR!, 'postmaster.pid'))).toBe(false);

    // The same folder starts again, and the request answered during the shutdown is there.
    const again = await startPlatformServer(server.environment, { dataDir: server.dataDir });
    try {
      const list = await readJson(await httpClient(again, 'libercourt').request('/api/demandes', { headers: { cookie } }));
      expect(list.requests.map((request: { reference: string }) => request.reference)).toContain(filed.reference);

      // Ctrl-C in the terminal of `npm start` reaches the whole process group, yet Postgres
      // (in a group of its own) stays up until the filing in flight is answered.
      const citizenAgain = httpClient(again, 'libercourt');
      const lastOne = slowPost(again, '/api/demandes', body, { cookie, origin: citizenAgain.origin, host: citizenAgain.host });
      await lastOne.headersSent;
      again.interrupt();
      await again.waitForLine((line) => line.msg === 'shutting down');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect((await lastOne.finish()).status).toBe(201);
      expect(await again.exited).toBe(0);
      expect(existsSync(path.join(server.environment.EMBEDDED_POSTGRES_DIR!, 'postmaster.pid'))).toBe(false);
    } finally {
      await again.cleanUp();
    }
  }, 120_000);
});

/** A POST whose headers go now and whose body goes on `finish()`: a request in flight. */
function slowPost(server: Pick<PlatformServer, 'origin'>, urlPath: string, body: string, headers: { cookie: string; origin: string; host: string }) {
  let answered: (value: { status: number; body: string }) => void;
  let failed: (error: Error) => void;
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    answered = resolve;
    failed = reject;
  });
  const outgoing = httpRequest(`${server.origin}${urlPath}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
  });
  outgoing.on('response', (incoming) => {
    let text = '';
    incoming.setEncoding('utf8');
    incoming.on('data', (chunk: string) => (text += chunk));
    incoming.on('end', () => answered({ status: incoming.statusCode ?? 0, body: text }));
  });
  outgoing.on('error', (error) => failed(error));
  outgoing.flushHeaders();
  const half = Math.floor(body.length / 2);
  outgoing.write(body.slice(0, half));
  return {
    headersSent: new Promise((resolve) => setTimeout(resolve, 300)),
    finish: () => {
      outgoing.end(body.slice(half));
      return answer;
    },
  };
}
