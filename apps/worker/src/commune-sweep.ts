import type { PgBoss } from 'pg-boss';
import { tenants, type Database, type Transaction } from '@guichet/db';
import { ensureQueue, workTenantJobs } from '@guichet/jobs';

export type CommuneSweep = {
  /** The scheduled queue; one job per commune goes to `${name}.commune`. */
  name: string;
  cron: string;
  handle: (tx: Transaction, tenantId: string) => Promise<unknown>;
};

/**
 * A periodic task run commune by commune: the schedule only reads the public registry of
 * communes, and each commune's work runs inside its own tenant transaction, in its own job
 * (a commune's failure is retried alone and never blocks the others).
 */
export async function workCommuneSweep(boss: PgBoss, db: Database, sweep: CommuneSweep): Promise<void> {
  const perCommune = `${sweep.name}.commune`;
  await ensureQueue(boss, sweep.name);
  await boss.schedule(sweep.name, sweep.cron, {}, { tz: 'Europe/Paris' });
  await boss.work(sweep.name, async () => {
    const communes = await db.select({ id: tenants.id }).from(tenants);
    for (const commune of communes) {
      await boss.send(perCommune, { tenantId: commune.id }, { singletonKey: commune.id, singletonSeconds: 60 });
    }
  });
  await workTenantJobs<{ tenantId: string }>(boss, db, perCommune, (tx, job) => sweep.handle(tx, job.data.tenantId).then(() => {}));
}
