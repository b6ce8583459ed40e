import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import pino from 'pino';
import { portalUrlFor, readEnvironment } from '@guichet/config';
import { createDatabase, prepareDatabase, tenants } from '@guichet/db';
import { createJobQueue, ensureQueue, installJobQueue, reportQueueErrors } from '@guichet/jobs';
import { drainHttpServer, onShutdownSignals } from '@guichet/runtime';
import { createSmsSink } from '@guichet/sms';
import { storageFromEnvironment } from '@guichet/storage';
import { loadCatalogue } from '@guichet/catalogue';
import { loadTenants } from '@guichet/tenants';
import { QUEUES, registerJobHandlers } from '@guichet/worker';
import { createAgentSignInProviders } from './agent-sign-in-providers.ts';
import { createApp } from './app.ts';
import { DEMO_STAFF_PASSWORD, giveDemoPasswords } from './demo-accounts.ts';
import { createIdentityDependencies } from './identity-dependencies.ts';
import { createReadinessCheck } from './readiness.ts';
import { createRequestFeed } from './request-feed.ts';

/** Composition root: database, tenants, job queue, HTTP. */
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
await owner.close();
log.info({ ...loaded, catalogue }, 'tenants loaded');

const { db, close } = createDatabase(database.applicationUrl);
const requestFeed = createRequestFeed(database.applicationUrl);
const jobs = createJobQueue(database.applicationUrl, { work: env.WORKER_IN_PROCESS });
reportQueueErrors(jobs, log);
await jobs.start();

const communes = await db.select({ slug: tenants.slug }).from(tenants);
const portals = communes.map(({ slug }) => `http://${slug}.${env.PLATFORM_DOMAIN}:${env.PORT}`);
const identity = await createIdentityDependencies(env, portals);
if (identity.franceconnectPeer) log.info({ issuer: identity.franceconnectPeer.issuer }, 'FranceConnect (démo) started');
if (identity.dependencies.mailbox) log.info('outgoing mail is captured locally: see /dev/courriels on any portal');

const agentSignIn = await createAgentSignInProviders({
  db,
  production: env.NODE_ENV === 'production',
  secrets: process.env,
  portals,
  demoPeerPort: env.PROCONNECT_PEER_PORT,
  log,
});
if (database.embedded && env.NODE_ENV !== 'production') {
  await giveDemoPasswords(db);
  log.info(`Comptes agents et intercommunaux de démonstration (tenants/) : mot de passe « ${DEMO_STAFF_PASSWORD} », application d'authentification associée à la première connexion`);
}

for (const queue of QUEUES) await ensureQueue(jobs, queue);
// No SMS provider is wired yet: messages go to a sink that keeps them in memory.
const sms = createSmsSink();
const storage = storageFromEnvironment(env);
if (env.WORKER_IN_PROCESS) {
  await registerJobHandlers({ boss: jobs, db, log, mailer: identity.dependencies.mailer, sms, storage, portalUrl: portalUrlFor(env) });
}

const readiness = await createReadinessCheck(db);
const app = createApp({
  db,
  jobs,
  log,
  platformDomain: env.PLATFORM_DOMAIN,
  webDistDir: env.WEB_DIST_DIR,
  readiness,
  identity: identity.dependencies,
  agentSignIn: agentSignIn.providers,
  requestFeed,
  storage,
  uploadMaxBytes: env.UPLOAD_MAX_BYTES,
});

const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
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
  readiness.markStopping();
  await requestFeed.close();
  const http = await drainHttpServer(server as Server, 10_000);
  log.info({ http }, 'HTTP server closed');
  await jobs.stop({ graceful: true, timeout: 10_000 });
  await identity.close();
  await agentSignIn.close();
  await close();
  await database.stop();
  log.info('stopped');
});
