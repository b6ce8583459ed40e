import { serve } from '@hono/node-server';
import pino from 'pino';
import { readEnvironment } from '@guichet/config';
import { createDatabase, prepareDatabase } from '@guichet/db';
import { createJobQueue, installJobQueue } from '@guichet/jobs';
import { loadTenants } from '@guichet/tenants';
import { registerJobHandlers } from '@guichet/worker';
import { createApp } from './app.ts';
import { createReadinessCheck } from './readiness.ts';

/** Composition root: database, tenants, job queue, HTTP. */
const env = readEnvironment();
const log = pino({ level: env.LOG_LEVEL, base: { service: 'guichet-server' } });

const database = await prepareDatabase(env, (line) => log.debug({ postgres: line }, 'postgres'));
await installJobQueue(database.ownerUrl);
const owner = createDatabase(database.ownerUrl, { max: 1 });
const loaded = await loadTenants(owner.db, env.TENANTS_DIR);
await owner.close();
log.info(loaded, 'tenants loaded');

const { db, close } = createDatabase(database.applicationUrl);
const jobs = createJobQueue(database.applicationUrl, { work: env.WORKER_IN_PROCESS });
jobs.on('error', (error) => log.error({ err: error }, 'job queue error'));
await jobs.start();
if (env.WORKER_IN_PROCESS) await registerJobHandlers({ boss: jobs, db, log });

const app = createApp({
  db,
  log,
  platformDomain: env.PLATFORM_DOMAIN,
  webDistDir: env.WEB_DIST_DIR,
  isReady: await createReadinessCheck(db),
});

const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
  log.info({ port: info.port, embeddedDatabase: database.embedded }, 'listening');
  if (env.PLATFORM_DOMAIN === 'localhost') {
    log.info(`Portails : http://libercourt.localhost:${info.port}  http://carvin.localhost:${info.port}  http://oignies.localhost:${info.port}  http://lavaur.localhost:${info.port}`);
  }
});

async function shutdown(signal: string) {
  log.info({ signal }, 'shutting down');
  server.close();
  await jobs.stop({ graceful: true, timeout: 10_000 });
  await close();
  await database.stop();
  process.exit(0);
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));
