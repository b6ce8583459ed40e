import type { Session, Transaction } from '@guichet/db';
import { recordAudit } from '../audit.ts';
import { verifyPassword } from '../passwords.ts';
import { clearAttempts } from '../rate-limit.ts';
import { createSession } from '../sessions.ts';
import { accountAttemptsKey, type StaffScope } from './sign-in-limits.ts';
import type { StaffAccounts } from './staff-accounts.ts';

export type PasswordSignIn =
  /** The password is right: a session that still needs the second factor (enrolled or to enrol). */
  | { outcome: 'second_factor'; token: string; session: Session; enrolled: boolean }
  /** Unknown account, wrong password, disabled or not yet activated: the caller cannot tell which. */
  | { outcome: 'refused' };

/**
 * First step of a staff sign-in. Every refusal looks and takes the same (a hash is computed even
 * for an unknown e-mail), so that the answer does not tell which addresses have an account.
 */
export async function signInWithPassword(input: {
  tx: Transaction;
  accounts: StaffAccounts;
  scope: StaffScope;
  email: string;
  password: string;
  ip: string;
}): Promise<PasswordSignIn> {
  const { tx, accounts, scope } = input;
  const account = await accounts.findByEmail(tx, input.email);
  const passwordMatches = await verifyPassword(account?.passwordHash, input.password);
  const audit = { epciId: scope.epciId, tenantId: scope.tenantId, ip: input.ip };
  if (!account || !passwordMatches || account.disabledAt) {
    await recordAudit(tx, {
      ...audit,
      action: 'sign_in_failed',
      subject: account ? { kind: accounts.kind, id: account.id } : undefined,
      details: { method: 'password', reason: !account ? 'unknown_account' : !passwordMatches ? 'wrong_password' : 'disabled' },
    });
    return { outcome: 'refused' };
  }
  await clearAttempts(tx, accountAttemptsKey(accounts.kind, scope, input.email));
  const { token, session } = await createSession(tx, {
    epciId: scope.epciId,
    tenantId: scope.tenantId,
    accountKind: accounts.kind,
    accountId: account.id,
    authMethod: 'password',
    secondFactorVerified: false,
  });
  return { outcome: 'second_factor', token, session, enrolled: account.totpEnabledAt !== null };
}
