import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import pino from 'pino';
import { readEnvironment } from '@guichet/config';
import { createDatabase, prepareDatabase } from '@guichet/db';
import { installJobQueue } from '@guichet/jobs';
import { drainHttpServer, onShutdownSignals } from '@guichet/runtime';
import { loadCatalogue } from '@guichet/catalogue';
import { generateActivity } from '@guichet/statistics';
import { loadTenants } from '@guichet/tenants';
import { composeApplication } from './composition.ts';
import { DEMO_STAFF_PASSWORD, giveDemoPasswords } from './demo-accounts.ts';

/** `npm start`: the database prepared and its communes loaded, then the composed application on HTTP. */
const env = readEnvironment();
const log = pino({ level: env.LOG_LEVEL, base: { service: 'guichet-server' } });

const database = await prepareDatabase(env, (line) => log.debug({ postgres: line }, 'postgres'));
if (database.leftoverStopped !== null) {
  log.warn({ pid: database.leftoverStopped }, 'an embedded Postgres left running by an earlier start (killed?) was stopped, then started again');
}
await installJobQueue(database.ownerUrl);
const owner = createDatabase(database.ownerUrl, { max: 1 });
const loaded = await loadTenants(owner.db, env.TENANTS_DIR);
const catalogue = await loadCatalogue(owner.db, env.TENANTS_DIR);
log.info({ ...loaded, catalogue }, 'tenants loaded');
if (database.embedded && env.NODE_ENV !== 'production' && env.DEMO_ACTIVITY) {
  // The demonstration's dashboards show two years of a commune's life from the first start.
  const demo = await generateActivity(owner.db, { requests: 1_500, years: 2, onlyEmpty: true });
  if (demo.requests > 0) log.info({ ...demo, seconds: Math.round(demo.seconds * 10) / 10 }, 'demo activity generated');
}
await owner.close();

const composition = await composeApplication({ env, log, applicationUrl: database.applicationUrl, secrets: process.env });
const { dependencies } = composition;
if (composition.franceconnectPeer) log.info({ issuer: composition.franceconnectPeer.issuer }, 'FranceConnect (démo) started');
if (dependencies.identity.mailbox) log.info('outgoing mail is captured locally: see /dev/courriels on any portal');
if (database.embedded && env.NODE_ENV !== 'production') {
  await giveDemoPasswords(dependencies.db);
  log.info(`Comptes agents et intercommunaux de démonstration (tenants/) : mot de passe « ${DEMO_STAFF_PASSWORD} », application d'authentification associée à la première connexion`);
}

const server = serve({ fetch: composition.app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
  log.info({ port: info.port, embeddedDatabase: database.embedded }, 'listening');
  if (env.PLATFORM_DOMAIN === 'localhost') {
    log.info(`Portails : http://libercourt.localhost:${info.port}  http://carvin.localhost:${info.port}  http://oignies.localhost:${info.port}  http://lavaur.localhost:${info.port}`);
  }
});

/**
 * Graceful: readiness says "stopping", the listener closes, requests in flight get 10 s to
 * finish, event streams end (their browsers reconnect elsewhere), workers finish or hand back
 * their jobs, and the embedded Postgres stops last, with nothing left open on it.
 */
onShutdownSignals(log, async (signal) => {
  log.info({ signal }, 'shutting down');
  dependencies.readiness.markStopping();
  await dependencies.requestFeed.close();
  const http = await drainHttpServer(server as Server, 10_000);
  log.info({ http }, 'HTTP server closed');
  await composition.close();
  await database.stop();
  log.info('stopped');
});
