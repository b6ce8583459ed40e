import { composeApplication } from '@guichet/server/composition';
import { FRANCECONNECT_CALLBACK_PATH, FRANCECONNECT_SIGNED_OUT_PATH } from '@guichet/server/identity-dependencies';
import { readEnvironment } from '@guichet/config';
import { tenants } from '@guichet/db';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startFranceConnectRelay } from './franceconnect-relay.ts';
import { listen, silentLog, testDatabases } from './harness.ts';

/**
 * The real HTTP app on a random loopback port, connected as the application role, with a
 * capturing SMTP server (`mailbox`) and the local FranceConnect peer registered for every
 * demo portal on that port. With `franceconnectRelay`, FranceConnect (démo) is reached through
 * a relay that can alter its answers (`franceconnectRelay.alter`), as a configured
 * FRANCECONNECT_ISSUER would be.
 */
export async function startServer(
  options: { webDistDir?: string; agentSecrets?: Record<string, string>; franceconnectRelay?: boolean; environment?: Record<string, string> } = {},
) {
  const databases = testDatabases();
  // The run shares one job queue: what earlier files queued and left waiting (filings made without
  // a worker, retries) is theirs, and would have this server send hundreds of mails to their agents.
  await databases.appClient`delete from pgboss.job where state in ('created', 'retry') and name not like '\\_\\_pgboss%'`;
  let handle: (request: Request) => Response | Promise<Response> = () => new Response('starting', { status: 503 });
  // Listen first: the providers' redirect URIs need the port.
  const server = await listen((request) => handle(request));
  const communes = await databases.app.select({ slug: tenants.slug }).from(tenants);
  const portals = communes.map(({ slug }) => `http://${slug}.localhost:${server.port}`);
  const relay = options.franceconnectRelay
    ? await startFranceConnectRelay(portals, { callback: FRANCECONNECT_CALLBACK_PATH, signedOut: FRANCECONNECT_SIGNED_OUT_PATH })
    : undefined;
  // Each server its own folder of stored files, on the local-disk driver as in `npm start`.
  const storageDir = await mkdtemp(path.join(tmpdir(), 'guichet-test-files-'));
  // As `npm start` composes it, with every peer on a free port; TRUST_PROXY: a test client may
  // name its address (X-Forwarded-For) to be its own machine for rate limits.
  const env = readEnvironment({
    NODE_ENV: 'test',
    PORT: String(server.port),
    FRANCECONNECT_PEER_PORT: '0',
    PROCONNECT_PEER_PORT: '0',
    SMTP_CAPTURE_PORT: '0',
    // A file's own mail, however much, stays in its capture.
    SMTP_CAPTURE_KEEP: '20000',
    ADDRESS_PEER_PORT: '0',
    SECRET_KEY: 'test-secret-key-with-at-least-32-characters',
    TRUST_PROXY: 'true',
    STORAGE_DIR: storageDir,
    // Without a built web app given, a folder that does not exist: the server then serves the API only.
    WEB_DIST_DIR: options.webDistDir ?? path.join(storageDir, 'no-web-app'),
    ...relay?.environment,
    ...options.environment,
  });
  // A real pg-boss with the real handlers: mail queued by a route reaches `mailbox` over SMTP;
  // communes with a provider and no secret in `agentSecrets` get the local ProConnect (démo).
  const composition = await composeApplication({ env, log: silentLog, applicationUrl: databases.urls.applicationUrl, secrets: options.agentSecrets ?? {} });
  const { dependencies } = composition;
  handle = composition.app.fetch;
  return {
    ...server,
    databases,
    dependencies,
    mailbox: dependencies.identity.mailbox!,
    sms: composition.sms,
    storageDir,
    franceconnectPeer: relay?.peer ?? composition.franceconnectPeer!,
    franceconnectRelay: relay,
    /** The local ProConnect (démo) serving communes whose agent provider has no secret (Carvin). */
    proconnectPeer: composition.proconnectPeer,
    close: async () => {
      await server.close();
      await composition.close({ graceful: false });
      await relay?.close();
      await databases.close();
      await rm(storageDir, { recursive: true, force: true });
    },
  };
}

export type TestServer = Awaited<ReturnType<typeof startServer>>;
