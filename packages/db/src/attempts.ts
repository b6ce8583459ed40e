import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Database, Transaction } from './client.ts';
import { rateLimits } from './schema/index.ts';

/** So many attempts per window, then a wait of `blockSeconds`. */
export type RateRule = { attempts: number; windowSeconds: number; blockSeconds: number };

/** One counter: its key (see `rateKey`) and the rule it is held to. */
export type AttemptKey = { key: string; rule: RateRule };

/** Refused because a limit is reached: the caller waits `retryAfterSeconds`. */
export class TooManyAttempts extends Error {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    super('too_many_attempts');
    this.name = 'TooManyAttempts';
    this.retryAfterSeconds = retryAfterSeconds;
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
