import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  embeddedClusterControl,
  httpClient,
  readJson,
  startPlatformServer,
  type PlatformServer,
} from '@guichet/testing';

/**
 * `kill -9` leaves the embedded Postgres child running on the data folder and its port. The next
 * start on that folder stops it cleanly, says so, and serves what was acknowledged before.
 */
describe('npm start after the server was killed with -9', () => {
  let killed: PlatformServer;

  beforeAll(async () => {
    killed = await startPlatformServer({});
  }, 180_000);

  afterAll(async () => {
    await killed?.cleanUp();
  });

  it('refuses to share the data folder of a server that still runs', async () => {
    await expect(startPlatformServer(killed.environment, { dataDir: killed.dataDir })).rejects.toThrow(
      /in use by a running process \(pid \d+\): is another 'npm start' running\?/,
    );
  }, 120_000);

  it('stops the leftover cluster, says so, and serves the request acknowledged before the kill', async () => {
    const filed = await readJson(
      await httpClient(killed, 'libercourt').post('/api/demandes', {
        procedure: 'lettre-information',
        values: { courriel: 'avant.kill@example.fr', accord: true },
        contact: { email: 'avant.kill@example.fr' },
      }),
    );
    expect(filed.reference).toMatch(/^LIB-/);
    killed.child.kill('SIGKILL');
    await killed.exited;
    const postgresDir = killed.environment.EMBEDDED_POSTGRES_DIR!;
    expect(existsSync(path.join(postgresDir, 'postmaster.pid'))).toBe(true);

    const restarted = await startPlatformServer(killed.environment, { dataDir: killed.dataDir });
    try {
      const notice = restarted.lines.find((line) => line.msg?.includes('left running by an earlier start'));
      expect(notice?.pid).toEqual(expect.any(Number));
      const cluster = embeddedClusterControl(postgresDir);
      const postgres = (await import('postgres')).default(cluster.ownerUrl, { max: 1, onnotice: () => {} });
      try {
        // Row-level security binds the owner too: the commune is set as the platform sets it.
        const [row] = await postgres.begin(async (tx) => {
          await tx`select set_config('app.tenant_id', (select id::text from tenants where slug = 'libercourt'), true)`;
          return tx`select reference from requests where reference = ${filed.reference as string}`;
        });
        expect(row?.reference).toBe(filed.reference);
      } finally {
        await postgres.end();
      }
    } finally {
      restarted.child.kill('SIGTERM');
      expect(await restarted.exited).toBe(0);
    }
  }, 120_000);
});
