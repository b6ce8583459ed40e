import { serve } from '@hono/node-server';
import pino from 'pino';
import { portalUrlFor, readEnvironment } from '@guichet/config';
import { createDatabase, prepareDatabase, tenants } from '@guichet/db';
import { createJobQueue, installJobQueue } from '@guichet/jobs';
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
await installJobQueue(database.ownerUrl);
const owner = createDatabase(database.ownerUrl, { max: 1 });
const loaded = await loadTenants(owner.db, env.TENANTS_DIR);
const catalogue = await loadCatalogue(owner.db, env.TENANTS_DIR);
await owner.close();
log.info({ ...loaded, catalogue }, 'tenants loaded');

const { db, client, close } = createDatabase(database.applicationUrl);
const requestFeed = createRequestFeed(client);
const jobs = createJobQueue(database.applicationUrl, { work: env.WORKER_IN_PROCESS });
jobs.on('error', (error) => log.error({ err: error }, 'job queue error'));
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

for (const queue of QUEUES) await jobs.createQueue(queue);
// No SMS provider is wired yet: messages go to a sink that keeps them in memory.
const sms = createSmsSink();
const storage = storageFromEnvironment(env);
if (env.WORKER_IN_PROCESS) {
  await registerJobHandlers({ boss: jobs, db, log, mailer: identity.dependencies.mailer, sms, storage, portalUrl: portalUrlFor(env) });
}

const app = createApp({
  db,
  jobs,
  log,
  platformDomain: env.PLATFORM_DOMAIN,
  webDistDir: env.WEB_DIST_DIR,
  isReady: await createReadinessCheck(db),
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

async function shutdown(signal: string) {
  log.info({ signal }, 'shutting down');
  server.close();
  await jobs.stop({ graceful: true, timeout: 10_000 });
  await identity.close();
  await agentSignIn.close();
  await requestFeed.close();
  await close();
  await database.stop();
  process.exit(0);
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));
