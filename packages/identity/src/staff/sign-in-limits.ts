import { rateKey, SIGN_IN_RULES, type RateRule } from '../rate-limit.ts';
import type { StaffKind } from './staff-accounts.ts';

/** Where a staff account lives: a commune (agents) or an EPCI console (its staff). */
export type StaffScope = { epciId: string; tenantId: string | null };

/** The same e-mail in two communes is two accounts, each with its own counter. */
export function accountAttemptsKey(kind: StaffKind, scope: StaffScope, email: string): string {
  return rateKey(`${kind}-password:${scope.tenantId ?? scope.epciId}`, email);
}

export function ipAttemptsKey(kind: StaffKind, ip: string): string {
  return rateKey(`${kind}-ip`, ip);
}

export function secondFactorAttemptsKey(kind: StaffKind, accountId: string): string {
  return rateKey(`${kind}-totp`, accountId);
}

/**
 * Password: five tries per account and thirty per address a quarter of an hour. Codes: five
 * wrong codes per account lock the second factor for a quarter of an hour, which leaves a
 * guesser five chances in a million.
 */
export const STAFF_SIGN_IN_RULES = {
  account: SIGN_IN_RULES.account,
  ip: SIGN_IN_RULES.ip,
  secondFactor: { attempts: 5, windowSeconds: 900, blockSeconds: 900 },
} satisfies Record<string, RateRule>;
