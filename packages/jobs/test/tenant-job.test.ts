import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { services } from '@guichet/db';
import { createJobQueue, workTenantJobs } from '@guichet/jobs';
import { communeBySlug, testDatabases } from '@guichet/testing';

const databases = testDatabases();
const boss = createJobQueue(databases.urls.applicationUrl, { work: true });

beforeAll(async () => {
  await boss.start();
});
afterAll(async () => {
  await boss.stop({ graceful: false });
  await databases.close();
});

describe('a tenant job', () => {
  it("runs as the application role inside its commune, seeing that commune's rows only", async () => {
    const carvin = await communeBySlug(databases.app, 'carvin');
    let report: (communes: string[]) => void = () => {};
    const seen = new Promise<string[]>((resolve) => {
      report = resolve;
    });
    await workTenantJobs<{ tenantId: string }>(boss, databases.app, 'test.count-services', async (tx) => {
      const rows = await tx.select({ tenantId: services.tenantId }).from(services);
      report([...new Set(rows.map((row) => row.tenantId))]);
    });
    await boss.send('test.count-services', { tenantId: carvin.id });
    expect(await seen).toEqual([carvin.id]);
  });
});
