import { createApp } from '@guichet/server';
import { createReadinessCheck } from '@guichet/server/readiness';
import { listen, silentLog, testDatabases } from './harness.ts';

/** The real HTTP app on a random loopback port, connected as the application role. */
export async function startServer(options: { webDistDir?: string } = {}) {
  const databases = testDatabases();
  const app = createApp({
    db: databases.app,
    log: silentLog,
    platformDomain: 'localhost',
    webDistDir: options.webDistDir,
    isReady: await createReadinessCheck(databases.app),
  });
  const server = await listen(app.fetch);
  return {
    ...server,
    databases,
    close: async () => {
      await server.close();
      await databases.close();
    },
  };
}

export type TestServer = Awaited<ReturnType<typeof startServer>>;
