import { createApp, type AppDependencies } from '@guichet/server';
import { createIdentityDependencies } from '@guichet/server/identity-dependencies';
import { createReadinessCheck } from '@guichet/server/readiness';
import { readEnvironment } from '@guichet/config';
import { tenants } from '@guichet/db';
import { createJobQueue } from '@guichet/jobs';
import { QUEUES, registerJobHandlers } from '@guichet/worker';
import { listen, silentLog, testDatabases } from './harness.ts';

/**
 * The real HTTP app on a random loopback port, connected as the application role, with a
 * capturing SMTP server (`mailbox`) and the local FranceConnect peer registered for every
 * demo portal on that port.
 */
export async function startServer(options: { webDistDir?: string } = {}) {
  const databases = testDatabases();
  let handle: (request: Request) => Response | Promise<Response> = () => new Response('starting', { status: 503 });
  // Listen first: the providers' redirect URIs need the port.
  const server = await listen((request) => handle(request));
  const communes = await databases.app.select({ slug: tenants.slug }).from(tenants);
  const portals = communes.map(({ slug }) => `http://${slug}.localhost:${server.port}`);
  const env = readEnvironment({ NODE_ENV: 'test', FRANCECONNECT_PEER_PORT: '0', SMTP_CAPTURE_PORT: '0', SECRET_KEY: 'test-secret-key-with-at-least-32-characters' });
  const identity = await createIdentityDependencies(env, portals);
  // A real pg-boss with the real handlers: mail queued by a route reaches `mailbox` over SMTP.
  const jobs = createJobQueue(databases.urls.applicationUrl, { work: true });
  await jobs.start();
  for (const queue of QUEUES) await jobs.createQueue(queue);
  await registerJobHandlers({ boss: jobs, db: databases.app, log: silentLog, mailer: identity.dependencies.mailer });
  const dependencies: AppDependencies = {
    db: databases.app,
    jobs,
    log: silentLog,
    platformDomain: 'localhost',
    webDistDir: options.webDistDir,
    isReady: await createReadinessCheck(databases.app),
    identity: identity.dependencies,
  };
  handle = createApp(dependencies).fetch;
  return {
    ...server,
    databases,
    dependencies,
    mailbox: identity.dependencies.mailbox!,
    franceconnectPeer: identity.franceconnectPeer!,
    close: async () => {
      await server.close();
      await jobs.stop({ graceful: false });
      await identity.close();
      await databases.close();
    },
  };
}

export type TestServer = Awaited<ReturnType<typeof startServer>>;
