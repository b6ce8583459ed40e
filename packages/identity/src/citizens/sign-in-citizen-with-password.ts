import { clearAttempts, countAttempts, TooManyAttempts, withTenant, type Session } from '@guichet/db';
import { verifyPassword } from '../passwords.ts';
import { accountByEmail, normalizeEmail } from './accounts.ts';
import { attemptKeys } from './attempt-rules.ts';
import { auditCitizen } from './citizen-audit.ts';
import { openCitizenSession, type OpenedSession } from './citizen-sessions.ts';
import { CitizenAuthError } from './errors.ts';
import type { PortalContext } from './portal.ts';

/**
 * Signs a citizen in by address and password on this commune's portal. An unknown address, a
 * wrong password and an account without a password get the same refusal in about the same
 * time (a hash is always computed). Attempts are counted per address and per IP before
 * anything else, outside the transaction, so that refusals count too.
 *
 * Runs its own transaction: refusals are audited, and the audit must commit with the refusal.
 */
export async function signInCitizenWithPassword(
  context: PortalContext & { replacing: Session | null },
  input: { email: string; password: string },
): Promise<OpenedSession> {
  const { db, portal, ip } = context;
  const email = normalizeEmail(input.email);
  const accountKey = attemptKeys.signInAccount(portal.epciId, email);
  const refused = await countAttempts(db, [attemptKeys.signInIp(ip), accountKey]);

  const outcome = await withTenant(db, portal.tenantId, async (tx) => {
    const account = await accountByEmail(tx, email);
    if (refused) {
      await auditCitizen(tx, portal, {
        action: refused.justBlocked ? 'account_locked' : 'sign_in_failed',
        accountId: account?.id,
        ip,
        details: { method: 'password', reason: 'locked', retryAfterSeconds: refused.retryAfterSeconds },
      });
      return { refused: new TooManyAttempts(refused.retryAfterSeconds) };
    }
    const valid = await verifyPassword(account?.passwordHash, input.password);
    if (!account || !valid) {
      await auditCitizen(tx, portal, { action: 'sign_in_failed', accountId: account?.id, ip, details: { method: 'password', reason: account ? 'wrong_password' : 'unknown_account' } });
      return { refused: new CitizenAuthError('invalid_credentials') };
    }
    if (!account.emailVerifiedAt) {
      await auditCitizen(tx, portal, { action: 'sign_in_failed', accountId: account.id, ip, details: { method: 'password', reason: 'email_not_verified' } });
      return { refused: new CitizenAuthError('email_not_verified') };
    }
    const opened = await openCitizenSession(tx, { portal, accountId: account.id, method: 'password', replacing: context.replacing });
    await auditCitizen(tx, portal, { action: 'sign_in', accountId: account.id, ip, details: { method: 'password' } });
    return { opened };
  });

  if ('refused' in outcome) throw outcome.refused;
  await clearAttempts(db, accountKey);
  return outcome.opened;
}
