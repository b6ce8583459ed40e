import { eq, isNull, lt, sql } from 'drizzle-orm';
import { deliveries, inBatch, type Database } from '@guichet/db';

/** One notification to one recipient on one channel, named by a Message-ID that never changes. */
export type Delivery = { messageId: string; channel: 'email' | 'sms' };

/**
 * Sends a delivery unless the SMTP server or SMS provider already accepted it. The attempt is
 * committed before sending and the acceptance right after it, each on its own: `db` is never a
 * job's transaction, so a later step that fails (an SMS, the history line) cannot take the record
 * of an accepted e-mail back with it. One window stays, as in every system that talks to SMTP:
 * a process that dies after the server accepted and before that commit sends the same message
 * again on retry, with the same Message-ID, which mail clients show once. True when sent now.
 */
export async function deliverOnce(db: Database, delivery: Delivery, send: () => Promise<unknown>): Promise<boolean> {
  const attempt = await db
    .insert(deliveries)
    .values(delivery)
    .onConflictDoUpdate({
      target: deliveries.messageId,
      set: { attempts: sql`${deliveries.attempts} + 1`, lastAttemptAt: sql`now()` },
      setWhere: isNull(deliveries.acceptedAt),
    })
    .returning({ messageId: deliveries.messageId });
  if (attempt.length === 0) return false;
  await send();
  await db.update(deliveries).set({ acceptedAt: sql`now()` }).where(eq(deliveries.messageId, delivery.messageId));
  return true;
}

/**
 * How long a delivery is remembered: far past the last retry of its job (about 40 minutes), so
 * that a job run again by hand within a quarter still sends no second copy.
 */
const DELIVERY_RETENTION_MS = 90 * 24 * 3600_000;

/** One batch of deliveries past their retention, at most `limit`. The number removed. */
export async function forgetOldDeliveries(db: Database, input: { now: Date; limit: number }): Promise<number> {
  const old = db
    .select({ messageId: deliveries.messageId })
    .from(deliveries)
    .where(lt(deliveries.lastAttemptAt, new Date(input.now.getTime() - DELIVERY_RETENTION_MS)))
    .limit(input.limit)
    .for('update', { skipLocked: true });
  const removed = await db.delete(deliveries).where(inBatch(deliveries.messageId, old)).returning({ messageId: deliveries.messageId });
  return removed.length;
}
