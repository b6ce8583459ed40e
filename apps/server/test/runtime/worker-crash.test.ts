import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailCapture, type MailCapture } from '@guichet/mail';
import {
  httpClient,
  readJson,
  spawnPlatform,
  startPlatformServer,
  type PlatformProcess,
  type PlatformServer,
} from '@guichet/testing';

/**
 * A worker killed with -9 while it holds a job: the job must go to another worker within about a
 * minute (the queues' heartbeat), not after the 15 minutes of the job's expiry.
 */
describe('a worker killed in the middle of a job', () => {
  let mail: MailCapture;
  let stall: { server: Server; connected: Promise<void>; sockets: Socket[] };
  let server: PlatformServer;
  let first: PlatformProcess;
  let second: PlatformProcess | undefined;

  beforeAll(async () => {
    mail = await startMailCapture();
    stall = await startStallingSmtp();
    server = await startPlatformServer({ WORKER_IN_PROCESS: 'false', SMTP_URL: mail.smtpUrl });
  }, 180_000);

  afterAll(async () => {
    await first?.cleanUp();
    await second?.cleanUp();
    await server?.cleanUp();
    for (const socket of stall?.sockets ?? []) socket.destroy();
    stall?.server.close();
    await mail?.close();
  });

  it('has its job retried by another worker within about a minute', async () => {
    // The first worker's mail server accepts the connection and never answers: the job hangs there.
    first = await spawnPlatform('worker', { ...server.environment, SMTP_URL: `smtp://127.0.0.1:${(stall.server.address() as { port: number }).port}` }, { dataDir: server.dataDir });
    await first.waitForLine((line) => line.msg === 'worker started');
    const filed = await readJson(
      await httpClient(server, 'libercourt').post('/api/demandes', {
        procedure: 'lettre-information',
        values: { courriel: 'relance.worker@example.fr', accord: true },
        contact: { email: 'relance.worker@example.fr' },
      }),
    );
    expect(filed.reference).toMatch(/^LIB-/);
    await stall.connected;
    first.child.kill('SIGKILL');
    await first.exited;
    const killedAt = Date.now();

    second = await spawnPlatform('worker', { ...server.environment, SMTP_URL: mail.smtpUrl }, { dataDir: server.dataDir });
    await mail.waitFor((received) => received.to.includes('relance.worker@example.fr') && received.subject.includes(filed.reference), 100_000);
    const delaySeconds = (Date.now() - killedAt) / 1000;
    console.info(`worker-crash: the killed worker's mail was delivered by another ${delaySeconds.toFixed(1)} s after the kill`);
    expect(delaySeconds).toBeLessThan(90);

    // The worker that took over stops cleanly on SIGTERM.
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(second.lines.map((line) => line.msg)).toContain('worker stopped');
  }, 150_000);
});

async function startStallingSmtp() {
  const sockets: Socket[] = [];
  let connected: () => void = () => {};
  const connectedOnce = new Promise<void>((resolve) => (connected = resolve));
  const server = createServer((socket) => {
    sockets.push(socket);
    connected();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, connected: connectedOnce, sockets };
}
