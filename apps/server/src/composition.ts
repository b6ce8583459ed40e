import { startAddressSearchPeer } from '@guichet/addresses';
import { portalUrlFor, type Environment } from '@guichet/config';
import { createDatabase, tenants } from '@guichet/db';
import { createJobQueue, ensureQueue, reportQueueErrors } from '@guichet/jobs';
import { createSmsSink } from '@guichet/sms';
import { storageFromEnvironment } from '@guichet/storage';
import { QUEUES, registerJobHandlers } from '@guichet/worker';
import type { Logger } from 'pino';
import { createAgentSignInProviders } from './agent-sign-in-providers.ts';
import { createSessionLookups } from '@guichet/identity';
import { createFilingQueue } from '@guichet/requests';
import { createApp, type AppDependencies } from './app.ts';
import { createIdentityDependencies } from './identity-dependencies.ts';
import { createReadinessCheck } from './readiness.ts';
import { createCatalogueCache } from './catalogue-cache.ts';
import { createRequestFeed } from './request-feed.ts';
import { createSiteResolver } from './site-resolver.ts';

export type CompositionInput = {
  env: Environment;
  log: Logger;
  /** The application role's connection (RLS applies); the database is migrated and its communes loaded. */
  applicationUrl: string;
  /** Where agents' identity providers' client secrets are read, by the names the tenant files give. */
  secrets: Record<string, string | undefined>;
};

/**
 * The one place the HTTP application's dependencies are built, from the environment: `npm start`,
 * the tests' servers and the benchmarks all run the application composed here.
 */
export async function composeApplication({ env, log, applicationUrl, secrets }: CompositionInput) {
  const { db, close: closeDatabase } = createDatabase(applicationUrl, { max: env.DATABASE_POOL_SIZE });
  const requestFeed = createRequestFeed(applicationUrl);
  const catalogueCache = createCatalogueCache(requestFeed.listening);
  requestFeed.watchCatalogue(catalogueCache.forget);
  const jobs = createJobQueue(applicationUrl, { work: env.WORKER_IN_PROCESS });
  reportQueueErrors(jobs, log);
  await jobs.start();
  for (const queue of QUEUES) await ensureQueue(jobs, queue);

  const portalUrl = portalUrlFor(env);
  const communes = await db.select({ slug: tenants.slug }).from(tenants);
  const portals = communes.map(({ slug }) => portalUrl(slug));
  const identity = await createIdentityDependencies(env, portals);
  const agentSignIn = await createAgentSignInProviders({
    db,
    production: env.NODE_ENV === 'production',
    secrets,
    portals,
    demoPeerPort: env.PROCONNECT_PEER_PORT,
    log,
  });
  // No SMS provider is wired yet: messages go to a sink that keeps them in memory.
  const sms = createSmsSink();
  const storage = storageFromEnvironment(env);
  const addressSearch = await addressSearchFor(env);
  if (env.WORKER_IN_PROCESS) {
    await registerJobHandlers({ boss: jobs, db, log, mailer: identity.dependencies.mailer, sms, storage, portalUrl });
  }

  const dependencies: AppDependencies = {
    db,
    jobs,
    filings: createFilingQueue({ db, jobs }),
    sessionLookups: createSessionLookups(db),
    log,
    platformDomain: env.PLATFORM_DOMAIN,
    sites: createSiteResolver(db, env.PLATFORM_DOMAIN),
    webDistDir: env.WEB_DIST_DIR,
    readiness: await createReadinessCheck(db),
    identity: identity.dependencies,
    agentSignIn: agentSignIn.providers,
    requestFeed,
    catalogueCache,
    storage,
    uploadMaxBytes: env.UPLOAD_MAX_BYTES,
    addressSearchUrl: addressSearch.url,
    mapTiles: env.MAP_TILE_URL ? { url: env.MAP_TILE_URL, attribution: env.MAP_TILE_ATTRIBUTION } : null,
  };
  return {
    app: createApp(dependencies),
    dependencies,
    sms,
    /** The local FranceConnect (démo), when no FRANCECONNECT_ISSUER is configured. */
    franceconnectPeer: identity.franceconnectPeer,
    /** The local ProConnect (démo) serving communes whose agent provider has no secret. */
    proconnectPeer: agentSignIn.peer,
    /** The Base Adresse Nationale's address, or the local peer's that stands in for it. */
    addressSearchUrl: addressSearch.url,
    /**
     * After the HTTP server has drained: workers finish or hand back their jobs (10 s), then the
     * identity peers and the database connections close.
     */
    close: async (options: { graceful: boolean } = { graceful: true }) => {
      await requestFeed.close();
      await jobs.stop({ graceful: options.graceful, timeout: 10_000 });
      await identity.close();
      await agentSignIn.close();
      await addressSearch.close();
      await closeDatabase();
    },
  };
}

/** The configured address search, the national service in production, else the local peer. */
async function addressSearchFor(env: Environment): Promise<{ url: string; close: () => Promise<void> }> {
  if (env.ADDRESS_SEARCH_URL) return { url: env.ADDRESS_SEARCH_URL.replace(/\/$/, ''), close: async () => {} };
  if (env.NODE_ENV === 'production') return { url: 'https://api-adresse.data.gouv.fr', close: async () => {} };
  return startAddressSearchPeer({ port: env.ADDRESS_PEER_PORT });
}

export type Composition = Awaited<ReturnType<typeof composeApplication>>;
