import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Database } from '@guichet/db';
import { consumeAttempt, type RateRule } from '@guichet/identity';
import type { AppEnv } from '../env.ts';
import { tooManyAttemptsProblem } from '../problems/domain-errors.ts';

/**
 * Counts an attempt against `rule` under the key `keyOf` gives (none: not counted) and answers
 * 429 with Retry-After once the limit is reached. The count is committed on its own, before the
 * handler's transaction, so that a refused attempt still counts. `onLocked` runs once, when
 * the limit is crossed (to write the lock-out in the audit log).
 */
export function limitAttempts<E extends AppEnv>(
  db: Database,
  rule: RateRule,
  keyOf: (c: Context<E>) => string | undefined | Promise<string | undefined>,
  onLocked?: (c: Context<E>, retryAfterSeconds: number) => Promise<void>,
) {
  return createMiddleware<E>(async (c, next) => {
    const key = await keyOf(c);
    if (key === undefined) return next();
    const attempt = await consumeAttempt(db, key, rule);
    if (attempt.allowed) return next();
    if (attempt.justBlocked && onLocked) await onLocked(c, attempt.retryAfterSeconds);
    return tooManyAttemptsProblem(c, attempt.retryAfterSeconds);
  });
}

/** The `email` field of a JSON body, read before validation (the body is parsed once and cached). */
export async function bodyEmail(c: Context): Promise<string | undefined> {
  const body: unknown = await c.req.json().catch(() => undefined);
  const email = typeof body === 'object' && body !== null ? (body as { email?: unknown }).email : undefined;
  return typeof email === 'string' && email.length <= 254 ? email.trim().toLowerCase() : undefined;
}
