import { countAttempts, rateKey, TooManyAttempts, type AttemptKey, type Database, type RateRule, type Session, type Transaction } from '@guichet/db';
import { SIGN_IN_RULES } from '../sign-in-rules.ts';
import { recordLockout, type LockedLimit } from './record-lockout.ts';
import type { StaffAccounts, StaffKind } from './staff-accounts.ts';
import { inStaffScope, sessionScope, type StaffScope } from './staff-scope.ts';

/**
 * Codes: five wrong codes per account lock the second factor for a quarter of an hour, which
 * leaves a guesser five chances in a million.
 */
const SECOND_FACTOR_RULE: RateRule = { attempts: 5, windowSeconds: 900, blockSeconds: 900 };

/** Password: five tries per account and thirty per address a quarter of an hour. */
export const staffAttemptKeys = {
  /** The same e-mail in two communes is two accounts, each with its own counter. */
  account: (kind: StaffKind, scope: StaffScope, email: string): AttemptKey => ({
    key: rateKey(`${kind}-password:${scope.tenantId ?? scope.epciId}`, email),
    rule: SIGN_IN_RULES.account,
  }),
  ip: (kind: StaffKind, ip: string): AttemptKey => ({ key: rateKey(`${kind}-ip`, ip), rule: SIGN_IN_RULES.ip }),
  secondFactor: (kind: StaffKind, accountId: string): AttemptKey => ({ key: rateKey(`${kind}-totp`, accountId), rule: SECOND_FACTOR_RULE }),
};

type Limit = { limit: LockedLimit; key: AttemptKey; account?: { email: string } | { id: string } };

/**
 * Counts the attempt against each limit in turn, outside any transaction so that refusals
 * count too; the first limit that refuses stops the count, writes the lock-out to the audit
 * log when this attempt crossed it, and throws.
 */
export async function enforceStaffLimits(
  context: { db: Database; accounts: StaffAccounts; scope: StaffScope; ip: string },
  limits: readonly Limit[],
): Promise<void> {
  const { db, accounts, scope, ip } = context;
  for (const { limit, key, account } of limits) {
    const refused = await countAttempts(db, [key]);
    if (!refused) continue;
    if (refused.justBlocked) {
      await inStaffScope(db, scope, (tx) => recordLockout(tx, { accounts, scope, limit, account, ip, retryAfterSeconds: refused.retryAfterSeconds }));
    }
    throw new TooManyAttempts(refused.retryAfterSeconds);
  }
}

/**
 * A code typed at the second factor (enrolment or sign-in): counted against the account's limit
 * first, then checked by `work` in the session's scope.
 */
export async function secondFactorStep<T>(
  context: { db: Database; accounts: StaffAccounts; session: Session; ip: string },
  work: (tx: Transaction) => Promise<T>,
): Promise<T> {
  const { db, accounts, session, ip } = context;
  const scope = sessionScope(session);
  await enforceStaffLimits({ db, accounts, scope, ip }, [
    { limit: 'second_factor', key: staffAttemptKeys.secondFactor(accounts.kind, session.accountId), account: { id: session.accountId } },
  ]);
  return inStaffScope(db, scope, work);
}
