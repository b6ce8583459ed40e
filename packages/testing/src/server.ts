import { createApp, type AppDependencies } from '@guichet/server';
import { createIdentityDependencies, FRANCECONNECT_CALLBACK_PATH, FRANCECONNECT_SIGNED_OUT_PATH } from '@guichet/server/identity-dependencies';
import { createAgentSignInProviders } from '@guichet/server/agent-sign-in-providers';
import { createReadinessCheck } from '@guichet/server/readiness';
import { createRequestFeed } from '@guichet/server/request-feed';
import { readEnvironment } from '@guichet/config';
import { tenants } from '@guichet/db';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSmsSink } from '@guichet/sms';
import { createLocalDiskStorage } from '@guichet/storage';
import { createJobQueue, ensureQueue } from '@guichet/jobs';
import { QUEUES, registerJobHandlers } from '@guichet/worker';
import { startFranceConnectRelay } from './franceconnect-relay.ts';
import { listen, silentLog, testDatabases } from './harness.ts';

/**
 * The real HTTP app on a random loopback port, connected as the application role, with a
 * capturing SMTP server (`mailbox`) and the local FranceConnect peer registered for every
 * demo portal on that port. With `franceconnectRelay`, FranceConnect (démo) is reached through
 * a relay that can alter its answers (`franceconnectRelay.alter`), as a configured
 * FRANCECONNECT_ISSUER would be.
 */
export async function startServer(options: { webDistDir?: string; agentSecrets?: Record<string, string>; franceconnectRelay?: boolean } = {}) {
  const databases = testDatabases();
  let handle: (request: Request) => Response | Promise<Response> = () => new Response('starting', { status: 503 });
  // Listen first: the providers' redirect URIs need the port.
  const server = await listen((request) => handle(request));
  const communes = await databases.app.select({ slug: tenants.slug }).from(tenants);
  const portals = communes.map(({ slug }) => `http://${slug}.localhost:${server.port}`);
  const relay = options.franceconnectRelay
    ? await startFranceConnectRelay(portals, { callback: FRANCECONNECT_CALLBACK_PATH, signedOut: FRANCECONNECT_SIGNED_OUT_PATH })
    : undefined;
  // TRUST_PROXY: a test client may name its address (X-Forwarded-For) to be its own machine for rate limits.
  const env = readEnvironment({ NODE_ENV: 'test', FRANCECONNECT_PEER_PORT: '0', SMTP_CAPTURE_PORT: '0', SECRET_KEY: 'test-secret-key-with-at-least-32-characters', TRUST_PROXY: 'true', ...relay?.environment });
  const identity = await createIdentityDependencies(env, portals);
  // A real pg-boss with the real handlers: mail queued by a route reaches `mailbox` over SMTP.
  const jobs = createJobQueue(databases.urls.applicationUrl, { work: true });
  await jobs.start();
  for (const queue of QUEUES) await ensureQueue(jobs, queue);
  const sms = createSmsSink();
  // Each server its own folder of stored files, on the local-disk driver as in `npm start`.
  const storageDir = await mkdtemp(path.join(tmpdir(), 'guichet-test-files-'));
  const storage = createLocalDiskStorage(storageDir);
  const portalUrl = (slug: string) => `http://${slug}.localhost:${server.port}`;
  await registerJobHandlers({ boss: jobs, db: databases.app, log: silentLog, mailer: identity.dependencies.mailer, sms, storage, portalUrl });
  // Communes with a provider and no secret in `agentSecrets` get the local ProConnect (démo), as in `npm start`.
  const agentSignIn = await createAgentSignInProviders({
    db: databases.app,
    production: false,
    secrets: options.agentSecrets ?? {},
    portals,
    demoPeerPort: 0,
    log: silentLog,
  });
  const dependencies: AppDependencies = {
    db: databases.app,
    jobs,
    log: silentLog,
    platformDomain: 'localhost',
    webDistDir: options.webDistDir,
    readiness: await createReadinessCheck(databases.app),
    identity: identity.dependencies,
    agentSignIn: agentSignIn.providers,
    requestFeed: createRequestFeed(databases.urls.applicationUrl),
    storage,
    uploadMaxBytes: env.UPLOAD_MAX_BYTES,
  };
  handle = createApp(dependencies).fetch;
  return {
    ...server,
    databases,
    dependencies,
    mailbox: identity.dependencies.mailbox!,
    sms,
    storageDir,
    franceconnectPeer: relay?.peer ?? identity.franceconnectPeer!,
    franceconnectRelay: relay,
    /** The local ProConnect (démo) serving communes whose agent provider has no secret (Carvin). */
    proconnectPeer: agentSignIn.peer,
    close: async () => {
      await server.close();
      await dependencies.requestFeed.close();
      await jobs.stop({ graceful: false });
      await identity.close();
      await relay?.close();
      await agentSignIn.close();
      await databases.close();
      await rm(storageDir, { recursive: true, force: true });
    },
  };
}

export type TestServer = Awaited<ReturnType<typeof startServer>>;
