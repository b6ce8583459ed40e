import { clearAttempts, type Database, type Session } from '@guichet/db';
import { recordAudit } from '../audit.ts';
import { verifyPassword } from '../passwords.ts';
import { createSession } from '../sessions.ts';
import { enforceStaffLimits, staffAttemptKeys } from './sign-in-limits.ts';
import type { StaffAccounts } from './staff-accounts.ts';
import { inStaffScope, type StaffScope } from './staff-scope.ts';

export type PasswordSignIn =
  /** The password is right: a session that still needs the second factor (enrolled or to enrol). */
  | { outcome: 'second_factor'; token: string; session: Session; enrolled: boolean }
  /** Unknown account, wrong password, disabled or not yet activated: the caller cannot tell which. */
  | { outcome: 'refused' };

/**
 * First step of a staff sign-in. Every refusal looks and takes the same (a hash is computed even
 * for an unknown e-mail), so that the answer does not tell which addresses have an account; it
 * is a returned outcome because its audit entry must commit.
 *
 * Two counters, whose numbers are in `SIGN_IN_RULES`:
 * - the account's, counted before the password is checked, so that guesses sent at once are all
 *   counted, and cleared by the right password: past its limit the account is refused even its
 *   right password (`TooManyAttempts`), and only that account;
 * - the address's on this commune, counted only once a password is found wrong: colleagues behind
 *   one public address never stop each other by signing in, and a right password is never
 *   refused by its address. Past its limit, each failure is answered `TooManyAttempts` with a
 *   growing wait instead of the ordinary refusal.
 */
export async function signInWithPassword(
  context: { db: Database; accounts: StaffAccounts; scope: StaffScope; ip: string },
  input: { email: string; password: string },
): Promise<PasswordSignIn> {
  const { db, accounts, scope, ip } = context;
  const email = input.email.trim().toLowerCase();
  const accountKey = staffAttemptKeys.account(accounts.kind, scope, email);
  await enforceStaffLimits(context, [{ limit: 'account', key: accountKey, account: { email } }]);
  const signIn = await inStaffScope(db, scope, async (tx): Promise<PasswordSignIn> => {
    const account = await accounts.findByEmail(tx, email);
    const passwordMatches = await verifyPassword(account?.passwordHash, input.password);
    const audit = { epciId: scope.epciId, tenantId: scope.tenantId, ip };
    if (!account || !passwordMatches || account.disabledAt) {
      await recordAudit(tx, {
        ...audit,
        action: 'sign_in_failed',
        subject: account ? { kind: accounts.kind, id: account.id } : undefined,
        details: { method: 'password', reason: !account ? 'unknown_account' : !passwordMatches ? 'wrong_password' : 'disabled' },
      });
      return { outcome: 'refused' } as const;
    }
    await clearAttempts(tx, accountKey);
    const { token, session } = await createSession(tx, {
      epciId: scope.epciId,
      tenantId: scope.tenantId,
      accountKind: accounts.kind,
      accountId: account.id,
      authMethod: 'password',
      secondFactorVerified: false,
    });
    return { outcome: 'second_factor', token, session, enrolled: account.totpEnabledAt !== null } as const;
  });
  if (signIn.outcome === 'refused') await enforceStaffLimits(context, [{ limit: 'ip', key: staffAttemptKeys.address(accounts.kind, scope, ip) }]);
  return signIn;
}
