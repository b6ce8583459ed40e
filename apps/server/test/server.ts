import { listen, silentLog, testDatabases } from '@guichet/testing';
import { createApp } from '../src/app.ts';
import { createReadinessCheck } from '../src/readiness.ts';

/** The real HTTP app on a random port, connected as the application role. */
export async function startServer() {
  const databases = testDatabases();
  const app = createApp({
    db: databases.app,
    log: silentLog,
    platformDomain: 'localhost',
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
