import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Database, Transaction } from './client.ts';
import { rateLimits } from './schema/index.ts';

/**
 * So many attempts per window, then a wait of `blockSeconds`. With `maxBlockSeconds`, the wait
 * grows instead: each attempt past the limit doubles it, up to that ceiling, and attempts made
 * while waiting lengthen it too (a brake that tightens, rather than one fixed lock-out).
 */
export type RateRule = { attempts: number; windowSeconds: number; blockSeconds: number; maxBlockSeconds?: number };

/** One counter: its key (see `rateKey`) and the rule it is held to. */
export type AttemptKey = { key: string; rule: RateRule };

/**
 * Refused because a limit is reached: the caller waits `retryAfterSeconds`. `counted` says whose
 * attempts reached it when the answer must tell (one account's, or the failures of one network
 * address), so that the person refused knows whether the right password would pass.
 */
export class TooManyAttempts extends Error {
  readonly retryAfterSeconds: number;
  readonly counted: 'account' | 'address' | undefined;
  constructor(retryAfterSeconds: number, counted?: 'account' | 'address') {
    super('too_many_attempts');
    this.name = 'TooManyAttempts';
    this.retryAfterSeconds = retryAfterSeconds;
    this.counted = counted;
  }
}

/** Keys are hashed so that the table holds no e-mail address or IP address. */
export function rateKey(scope: string, value: string): string {
  return `${scope}:${createHash('sha256').update(value.trim().toLowerCase()).digest('hex')}`;
}

type AttemptOutcome = { allowed: true } | { allowed: false; retryAfterSeconds: number; justBlocked: boolean };

/**
 * Counts one attempt and says whether it may proceed, atomically in Postgres so that the
 * limit holds across every server process.
 */
async function consumeAttempt(db: Database, { key, rule }: AttemptKey): Promise<AttemptOutcome> {
  // A counter starts again once its window has passed, unless it is still blocked.
  const startsAgain = sql`rate_limits.window_started_at < now() - make_interval(secs => ${rule.windowSeconds})
    and (rate_limits.blocked_until is null or rate_limits.blocked_until < now())`;
  const overLimit = sql`not (${startsAgain}) and rate_limits.attempts + 1 > ${rule.attempts}`;
  // The n-th attempt past the limit waits blockSeconds × 2^(n−1), up to the ceiling (the exponent
  // is capped so that a counter left to climb never overflows).
  const growingBlock =
    rule.maxBlockSeconds === undefined
      ? sql``
      : sql`when ${overLimit} then greatest(rate_limits.blocked_until, now() + make_interval(secs =>
          least(${rule.blockSeconds} * power(2, least(rate_limits.attempts - ${rule.attempts}, 30)), ${rule.maxBlockSeconds})))`;
  const [row] = await db.execute<{ attempts: number; blocked_until: string | null }>(sql`
    insert into rate_limits (key, window_started_at, attempts, blocked_until)
    values (${key}, now(), 1, null)
    on conflict (key) do update set
      window_started_at = case when ${startsAgain} then now() else rate_limits.window_started_at end,
      attempts = case when ${startsAgain} then 1 else rate_limits.attempts + 1 end,
      blocked_until = case
        ${growingBlock}
        when rate_limits.blocked_until > now() then rate_limits.blocked_until
        when ${overLimit} then now() + make_interval(secs => ${rule.blockSeconds})
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

export type AttemptsRefusal = { retryAfterSeconds: number; justBlocked: boolean };

/**
 * Counts one attempt under every key (each is counted even when another already refuses) and
 * says how long to wait if any refuses, and whether this very attempt crossed a limit (the
 * moment of a lock-out, as opposed to attempts refused during it). Takes `db`, never a
 * transaction: a refused or rolled-back attempt must still count.
 */
export async function countAttempts(db: Database, keys: readonly AttemptKey[]): Promise<AttemptsRefusal | null> {
  const refusals: AttemptsRefusal[] = [];
  for (const key of keys) {
    const outcome = await consumeAttempt(db, key);
    if (!outcome.allowed) refusals.push(outcome);
  }
  if (refusals.length === 0) return null;
  return {
    retryAfterSeconds: Math.max(...refusals.map((refusal) => refusal.retryAfterSeconds)),
    justBlocked: refusals.some((refusal) => refusal.justBlocked),
  };
}

/** For verbs whose refusal needs no audit: counts, and throws when over the limit. */
export async function enforceAttempts(db: Database, keys: readonly AttemptKey[]): Promise<void> {
  const refused = await countAttempts(db, keys);
  if (refused) throw new TooManyAttempts(refused.retryAfterSeconds);
}

/** A success clears the counter of what succeeded (an account's, never an address's). */
export async function clearAttempts(db: Database | Transaction, key: AttemptKey): Promise<void> {
  await db.delete(rateLimits).where(eq(rateLimits.key, key.key));
}
