import { consumeAttempt, rateKey, SIGN_IN_RULES, type RateRule } from '../rate-limit.ts';
import type { Database } from '@guichet/db';
import { TooManyAttempts } from './errors.ts';

/**
 * Mail-sending endpoints (sign-up, resend, reset, link code): a few per address, so that
 * nobody can flood someone's inbox through the portal, and a few dozen per IP address.
 */
const MAIL_RULES = {
  address: { attempts: 3, windowSeconds: 3600, blockSeconds: 3600 },
  ip: { attempts: 20, windowSeconds: 3600, blockSeconds: 3600 },
} satisfies Record<string, RateRule>;

/** Spending a reset link: its token cannot be guessed, this only slows down scanners. */
const TOKEN_RULE: RateRule = { attempts: 30, windowSeconds: 900, blockSeconds: 900 };

export type AttemptKey = { key: string; rule: RateRule };

export const attemptKeys = {
  signInIp: (ip: string): AttemptKey => ({ key: rateKey('citizen-sign-in:ip', ip), rule: SIGN_IN_RULES.ip }),
  /** By EPCI and address: the account is the EPCI's, and an unknown address is limited alike. */
  signInAccount: (epciId: string, email: string): AttemptKey => ({
    key: rateKey('citizen-sign-in:account', `${epciId}:${email}`),
    rule: SIGN_IN_RULES.account,
  }),
  linkAccount: (accountId: string): AttemptKey => ({ key: rateKey('citizen-link:account', accountId), rule: SIGN_IN_RULES.account }),
  passwordChange: (accountId: string): AttemptKey => ({ key: rateKey('citizen-password:account', accountId), rule: SIGN_IN_RULES.account }),
  mailIp: (ip: string): AttemptKey => ({ key: rateKey('citizen-mail:ip', ip), rule: MAIL_RULES.ip }),
  mailAddress: (epciId: string, email: string): AttemptKey => ({ key: rateKey('citizen-mail:address', `${epciId}:${email}`), rule: MAIL_RULES.address }),
  mailAccount: (accountId: string): AttemptKey => ({ key: rateKey('citizen-mail:account', accountId), rule: MAIL_RULES.address }),
  tokenIp: (ip: string): AttemptKey => ({ key: rateKey('citizen-token:ip', ip), rule: TOKEN_RULE }),
};

/**
 * Counts one attempt under every key (each is counted even when another already refuses) and
 * says how long to wait if any refuses, and whether this very attempt crossed a limit (the
 * moment of a lock-out, as opposed to attempts refused during it). Uses `db` outside any
 * transaction on purpose: a refused or rolled-back attempt must still count.
 */
export async function countAttempts(db: Database, keys: AttemptKey[]): Promise<{ retryAfterSeconds: number; justBlocked: boolean } | null> {
  const refusals: { retryAfterSeconds: number; justBlocked: boolean }[] = [];
  for (const { key, rule } of keys) {
    const outcome = await consumeAttempt(db, key, rule);
    if (!outcome.allowed) refusals.push(outcome);
  }
  if (refusals.length === 0) return null;
  return {
    retryAfterSeconds: Math.max(...refusals.map((refusal) => refusal.retryAfterSeconds)),
    justBlocked: refusals.some((refusal) => refusal.justBlocked),
  };
}

/** For endpoints whose refusal needs no audit: counts, and throws when over the limit. */
export async function enforceAttempts(db: Database, keys: AttemptKey[]): Promise<void> {
  const refused = await countAttempts(db, keys);
  if (refused) throw new TooManyAttempts(refused.retryAfterSeconds);
}
