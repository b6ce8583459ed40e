import type { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import { deleteStaleAttempts, epcis, tenants, withEpci, withTenant, type Database } from '@guichet/db';
import { deleteExpiredSignIns } from '@guichet/identity';
import { ensureQueue } from '@guichet/jobs';
import { forgetFiledUploadTokens, forgetIdempotencyKeys } from '@guichet/requests';
import { forgetOldDeliveries } from './delivery.ts';

export const PRUNE_EXPIRED = 'platform.prune-expired';

/** Small enough that each batch's transaction holds its row locks for milliseconds. */
const BATCH_SIZE = 500;

export type PrunedRows = { sessions: number; signInFlows: number; accountTokens: number; rateLimits: number; uploadTokens: number; idempotencyKeys: number; deliveries: number };

/**
 * Removes what has expired and would otherwise stay for ever: sessions, sign-in flows, mailed
 * links and codes (in each EPCI's scope, which sees its console's and every commune's rows),
 * upload-token hashes of filed attachments and `Idempotency-Key`s past their 24 hours (in each
 * commune's), attempt counters and deliveries past their 90 days (platform rows keyed by hashes
 * and Message-IDs). Batch after batch, each its own short transaction, so that no lock is
 * held long and a run cut short keeps what it did; the next run goes on from there.
 */
export async function pruneExpired(context: { db: Database; now?: Date; batchSize?: number }): Promise<PrunedRows> {
  const { db } = context;
  const now = context.now ?? new Date();
  const limit = context.batchSize ?? BATCH_SIZE;
  const pruned: PrunedRows = { sessions: 0, signInFlows: 0, accountTokens: 0, rateLimits: 0, uploadTokens: 0, idempotencyKeys: 0, deliveries: 0 };

  for (const epci of await db.select({ id: epcis.id }).from(epcis)) {
    await drain(pruned, limit, () => withEpci(db, epci.id, (tx) => deleteExpiredSignIns({ tx, now, limit })));
  }
  for (const commune of await db.select({ id: tenants.id }).from(tenants)) {
    await drain(pruned, limit, async () => ({ uploadTokens: await withTenant(db, commune.id, (tx) => forgetFiledUploadTokens({ tx, limit })) }));
    await drain(pruned, limit, async () => ({ idempotencyKeys: await withTenant(db, commune.id, (tx) => forgetIdempotencyKeys({ tx, now, limit })) }));
  }
  await drain(pruned, limit, async () => ({ rateLimits: await deleteStaleAttempts(db, { now, limit }) }));
  await drain(pruned, limit, async () => ({ deliveries: await forgetOldDeliveries(db, { now, limit }) }));
  return pruned;
}

/** Runs `batch` again while any of its counts comes back full, adding them up into `pruned`. */
async function drain(pruned: PrunedRows, limit: number, batch: () => Promise<Partial<PrunedRows>>): Promise<void> {
  for (;;) {
    const counts = Object.entries(await batch()) as [keyof PrunedRows, number][];
    for (const [kind, count] of counts) pruned[kind] += count;
    if (counts.every(([, count]) => count < limit)) return;
  }
}

/**
 * Every hour, at a minute of its own (the other hourly sweeps run at :10 and :20). The log gives
 * counts only, never whose rows they were.
 */
export async function workPruneExpired(boss: PgBoss, db: Database, log: Logger): Promise<void> {
  await ensureQueue(boss, PRUNE_EXPIRED);
  await boss.schedule(PRUNE_EXPIRED, '40 * * * *', {}, { tz: 'Europe/Paris' });
  await boss.work(PRUNE_EXPIRED, () => pruneAndReport(db, log));
}

/** One run of the job: its log line gives how many rows of each kind went, nothing of whose. */
export async function pruneAndReport(db: Database, log: Logger): Promise<void> {
  log.info(await pruneExpired({ db }), 'expired rows pruned');
}
