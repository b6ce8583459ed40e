import { rotateSession } from '../sessions.ts';
import { recordAudit } from '../audit.ts';
import { clearAttempts, type Session, type Transaction } from '@guichet/db';
import { staffAttemptKeys } from './sign-in-limits.ts';
import { sessionScope } from './staff-scope.ts';
import type { StaffAccount, StaffAccounts } from './staff-accounts.ts';

/**
 * The sign-in is complete: the session of the password step gives way to a new one (new id, new
 * cookie), counters are reset and the sign-in is audited.
 */
export async function completeSecondFactor(input: {
  tx: Transaction;
  accounts: StaffAccounts;
  account: StaffAccount;
  session: Session;
  ip: string;
}): Promise<{ token: string; session: Session }> {
  const { tx, accounts, account, session } = input;
  const scope = sessionScope(session);
  const signedIn = await rotateSession(tx, session, { secondFactorVerified: true });
  await clearAttempts(tx, staffAttemptKeys.secondFactor(accounts.kind, account.id));
  await clearAttempts(tx, staffAttemptKeys.account(accounts.kind, scope, account.email));
  await recordAudit(tx, {
    ...scope,
    action: 'sign_in',
    actor: { kind: accounts.kind, id: account.id },
    subject: { kind: accounts.kind, id: account.id },
    ip: input.ip,
    details: { method: `${session.authMethod}+totp` },
  });
  return signedIn;
}
