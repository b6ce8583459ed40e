import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { deliveries, inBatch, type Database } from '@guichet/db';

/** One notification to one recipient on one channel, named by a Message-ID that never changes. */
export type Delivery = { messageId: string; channel: 'email' | 'sms' };

/** A run of the same job has held this delivery for longer than a claim lasts: this run retries later. */
class DeliveryUnderWay extends Error {
  override name = 'DeliveryUnderWay';
}

/**
 * How long an attempt holds its delivery. A worker that dies while sending leaves its claim; its
 * job comes back to another worker some 20 to 35 s later (the queues' heartbeat), which must find
 * the claim lapsed soon after, or the crash would delay the notification by minutes. A living
 * worker's job is never handed back: a second run meanwhile is a job run again by hand, or a
 * worker cut off from the database for longer than the claim.
 */
const CLAIM_SECONDS = 30;

/** Claims the delivery for this attempt unless it was accepted or another attempt holds it. */
async function claim(db: Database, delivery: Delivery): Promise<boolean> {
  const until = sql`now() + make_interval(secs => ${CLAIM_SECONDS})`;
  const claimed = await db
    .insert(deliveries)
    .values({ ...delivery, claimedUntil: until })
    .onConflictDoUpdate({
      target: deliveries.messageId,
      set: { attempts: sql`${deliveries.attempts} + 1`, lastAttemptAt: sql`now()`, claimedUntil: until },
      setWhere: and(isNull(deliveries.acceptedAt), or(isNull(deliveries.claimedUntil), lt(deliveries.claimedUntil, sql`now()`))),
    })
    .returning({ messageId: deliveries.messageId });
  return claimed.length === 1;
}

/**
 * Sends a delivery unless the SMTP server or SMS provider already accepted it. The attempt claims
 * the delivery and is committed before sending, the acceptance right after it, each on its own:
 * `db` is never a job's transaction, so a later step that fails (an SMS, the history line) cannot
 * take the record of an accepted e-mail back with it, and a second run of the same job (a job run
 * again by hand, a job handed back from a worker that died or lost the database while sending)
 * waits for the first to finish, or for its claim to lapse, instead of sending too. One window
 * stays, as in every system that talks to SMTP: when the acceptance cannot be recorded (the
 * process dies, the database goes away, between the server's answer and that commit), the retry
 * sends the same message again, with the same Message-ID. True when sent now.
 */
export async function deliverOnce(db: Database, delivery: Delivery, send: () => Promise<unknown>): Promise<boolean> {
  for (let second = 0; !(await claim(db, delivery)); second += 1) {
    const [held] = await db.select({ acceptedAt: deliveries.acceptedAt }).from(deliveries).where(eq(deliveries.messageId, delivery.messageId));
    if (held?.acceptedAt) return false;
    // Another run holds it: wait for it to finish, or for its claim to lapse if it died.
    if (second >= CLAIM_SECONDS + 10) throw new DeliveryUnderWay(`delivery ${delivery.channel} still under way in another run`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  try {
    await send();
  } catch (failure) {
    // Refused or unreachable: the claim goes, so that the job's retry may try again at once.
    await db.update(deliveries).set({ claimedUntil: null }).where(eq(deliveries.messageId, delivery.messageId));
    throw failure;
  }
  await db.update(deliveries).set({ acceptedAt: sql`now()`, claimedUntil: null }).where(eq(deliveries.messageId, delivery.messageId));
  return true;
}

/**
 * Tries every delivery of a notification, one failing not stopping the next (an agent's mailbox
 * refusing must not keep the others from hearing), then fails with all the failures if any: the
 * job's retry sends only what was not accepted.
 */
export async function deliverEach(attempts: (() => Promise<unknown>)[]): Promise<void> {
  const failures: unknown[] = [];
  for (const attempt of attempts) {
    try {
      await attempt();
    } catch (failure) {
      failures.push(failure);
    }
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateError(failures, `${failures.length} deliveries failed`);
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
