import type { TestProject } from 'vitest/node';
import { createDatabase } from '@guichet/db';
import { loadCatalogue } from '@guichet/catalogue';
import { loadTenants } from '@guichet/tenants';
import { createJobQueue, ensureQueue } from '@guichet/jobs';
import { QUEUES } from '@guichet/worker';
import { demoTenantsDir } from './paths.ts';
import './provided-context.ts';
import { startTestDatabase } from './test-database.ts';


/** One database for the whole run, seeded with the demo communes (two EPCIs, four communes). */
export default async function setup(project: TestProject) {
  const database = await startTestDatabase();
  const owner = createDatabase(database.ownerUrl, { max: 1 });
  await loadTenants(owner.db, demoTenantsDir);
  await loadCatalogue(owner.db, demoTenantsDir);
  await owner.close();
  // The queues exist as they do once a server has started: a file that only sends jobs passes alone.
  const boss = createJobQueue(database.applicationUrl, { work: false });
  await boss.start();
  for (const queue of QUEUES) await ensureQueue(boss, queue);
  await boss.stop({ graceful: false });
  project.provide('database', { ownerUrl: database.ownerUrl, applicationUrl: database.applicationUrl });
  return async () => {
    await database.stop();
  };
}
