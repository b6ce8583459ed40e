import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { rateLimits, type Database, type Transaction } from '@guichet/db';

export type RateRule = { attempts: number; windowSeconds: number; blockSeconds: number };

/** Five tries per quarter of an hour per account, thirty per IP, then a quarter of an hour's wait. */
export const SIGN_IN_RULES = {
  account: { attempts: 5, windowSeconds: 900, blockSeconds: 900 },
  ip: { attempts: 30, windowSeconds: 900, blockSeconds: 900 },
} satisfies Record<string, RateRule>;

/** Keys are hashed so that the table holds no e-mail address or IP address. */
export function rateKey(scope: string, value: string): string {
  return `${scope}:${createHash('sha256').update(value.trim().toLowerCase()).digest('hex')}`;
}

/**
 * Counts one attempt and says whether it may proceed, atomically in Postgres so that the
 * limit holds across every server process. Runs outside tenant transactions on purpose: a
 * rolled-back sign-in must still count.
 */
export async function consumeAttempt(
  db: Database,
  key: string,
  rule: RateRule,
): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number; justBlocked: boolean }> {
  const [row] = await db.execute<{ attempts: number; blocked_until: string | null }>(sql`
    insert into rate_limits (key, window_started_at, attempts, blocked_until)
    values (${key}, now(), 1, null)
    on conflict (key) do update set
      window_started_at = case when rate_limits.window_started_at < now() - make_interval(secs => ${rule.windowSeconds})
        and (rate_limits.blocked_until is null or rate_limits.blocked_until < now()) then now() else rate_limits.window_started_at end,
      attempts = case when rate_limits.window_started_at < now() - make_interval(secs => ${rule.windowSeconds})
        and (rate_limits.blocked_until is null or rate_limits.blocked_until < now()) then 1 else rate_limits.attempts + 1 end,
      blocked_until = case
        when rate_limits.blocked_until > now() then rate_limits.blocked_until
        when rate_limits.window_started_at >= now() - make_interval(secs => ${rule.windowSeconds})
          and rate_limits.attempts + 1 > ${rule.attempts} then now() + make_interval(secs => ${rule.blockSeconds})
        else null end
    returning attempts, blocked_until`);
  const blockedUntil = row?.blocked_until ? new Date(row.blocked_until) : null;
  if (blockedUntil && blockedUntil.getTime() > Date.now()) {
    return {
      allowed: false,
      retryAfterSeconds: Math.ceil((blockedUntil.getTime() - Date.now()) / 1000),
      // The attempt that crossed the limit, as opposed to the ones refused during the block:
      // what a lock-out audit event is written for.
      justBlocked: Number(row?.attempts) === rule.attempts + 1,
    };
  }
  return { allowed: true };
}

/** A successful sign-in clears the account's counter (not the IP's). */
export async function clearAttempts(db: Database | Transaction, key: string): Promise<void> {
  await db.delete(rateLimits).where(eq(rateLimits.key, key));
}
