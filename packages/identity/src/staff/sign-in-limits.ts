import { countAttempts, rateKey, TooManyAttempts, type AttemptKey, type Database, type Session, type Transaction } from '@guichet/db';
import { SIGN_IN_RULES } from '../sign-in-rules.ts';
import { holdSession } from '../sessions.ts';
import { recordLockout, type LockedLimit } from './record-lockout.ts';
import type { StaffAccounts, StaffKind } from './staff-accounts.ts';
import { inStaffScope, sessionScope, type StaffScope } from './staff-scope.ts';

/** The counters of staff sign-in; their numbers are in `SIGN_IN_RULES`. */
export const staffAttemptKeys = {
  /** The same e-mail in two communes is two accounts, each with its own counter. */
  account: (kind: StaffKind, scope: StaffScope, email: string): AttemptKey => ({
    key: rateKey(`${kind}-password:${scope.tenantId ?? scope.epciId}`, email),
    rule: SIGN_IN_RULES.account,
  }),
  /** Wrong passwords from one address, per commune (or console): one commune's failures do not slow its neighbours'. */
  address: (kind: StaffKind, scope: StaffScope, ip: string): AttemptKey => ({
    key: rateKey(`${kind}-address:${scope.tenantId ?? scope.epciId}`, ip),
    rule: SIGN_IN_RULES.staffAddress,
  }),
  /** Invitation links read or spent from one address, against scanning; sign-in does not count here. */
  invitationIp: (ip: string): AttemptKey => ({ key: rateKey('agent-ip', ip), rule: SIGN_IN_RULES.ip }),
  secondFactor: (kind: StaffKind, accountId: string): AttemptKey => ({ key: rateKey(`${kind}-totp`, accountId), rule: SIGN_IN_RULES.secondFactor }),
};

type Limit = { limit: LockedLimit; key: AttemptKey; account?: { email: string } | { id: string } };

/** Whose attempts a refusal names, so that its message says whether the right password would pass. */
const COUNTED: Record<LockedLimit, TooManyAttempts['counted']> = { account: 'account', ip: 'address', second_factor: undefined };

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
    throw new TooManyAttempts(refused.retryAfterSeconds, COUNTED[limit]);
  }
}

/** The session of the password step ended while its code was being checked (signed out, revoked). */
export type SessionEnded = { outcome: 'session_ended' };

/**
 * A code typed at the second factor (enrolment or sign-in): counted against the account's limit
 * first, then checked by `work` in the session's scope, the session held meanwhile: a session
 * revoked between the password and the code is not signed in by the code.
 */
export async function secondFactorStep<T>(
  context: { db: Database; accounts: StaffAccounts; session: Session; ip: string },
  work: (tx: Transaction) => Promise<T>,
): Promise<T | SessionEnded> {
  const { db, accounts, session, ip } = context;
  const scope = sessionScope(session);
  await enforceStaffLimits({ db, accounts, scope, ip }, [
    { limit: 'second_factor', key: staffAttemptKeys.secondFactor(accounts.kind, session.accountId), account: { id: session.accountId } },
  ]);
  return inStaffScope(db, scope, async (tx) => ((await holdSession(tx, session.id)) ? work(tx) : ({ outcome: 'session_ended' } as const)));
}
