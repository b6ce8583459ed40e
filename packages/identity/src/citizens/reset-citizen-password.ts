import { citizenAccounts, clearAttempts, enforceAttempts, withEpci } from '@guichet/db';
import { eq } from 'drizzle-orm';
import { hashPassword } from '../passwords.ts';
import { spendToken } from './account-tokens.ts';
import { accountById } from './accounts.ts';
import { attemptKeys } from './attempt-rules.ts';
import { auditCitizen } from './citizen-audit.ts';
import { endAccountSessions, openCitizenSession, type OpenedSession } from './citizen-sessions.ts';
import { CitizenAuthError } from './errors.ts';
import type { PortalContext } from './portal.ts';

/**
 * Sets a new password with a mailed reset link. Whoever had the old password (maybe the
 * reason for the reset) loses every session on every commune's portal, hence the EPCI's scope;
 * this browser is signed in afresh. Following the link proves the address, so it also counts
 * as confirming it.
 */
export async function resetCitizenPassword(context: PortalContext, input: { token: string; password: string }): Promise<OpenedSession> {
  const { db, portal, ip } = context;
  await enforceAttempts(db, [attemptKeys.tokenIp(ip)]);
  const passwordHash = await hashPassword(input.password);
  const outcome = await withEpci(db, portal.epciId, async (tx) => {
    const spent = await spendToken(tx, { tenantId: portal.tenantId, purpose: 'reset_password', secret: input.token });
    const account = spent && (await accountById(tx, spent.accountId));
    if (!account) return null;
    const now = new Date();
    await tx
      .update(citizenAccounts)
      .set({ passwordHash, emailVerifiedAt: account.emailVerifiedAt ?? now, updatedAt: now })
      .where(eq(citizenAccounts.id, account.id));
    const revoked = await endAccountSessions(tx, account.id);
    await auditCitizen(tx, portal, { action: 'password_changed', accountId: account.id, ip, details: { through: 'reset_link' } });
    await auditCitizen(tx, portal, { action: 'sessions_revoked', accountId: account.id, ip, details: { count: revoked, reason: 'password_reset' } });
    const opened = await openCitizenSession(tx, { portal, accountId: account.id, method: 'password', replacing: null });
    await auditCitizen(tx, portal, { action: 'sign_in', accountId: account.id, ip, details: { method: 'password', through: 'reset_link' } });
    return { opened, email: account.email };
  });
  if (!outcome) throw new CitizenAuthError('invalid_token');
  // The owner has just proved themselves: a lock-out left by someone guessing ends here.
  if (outcome.email) await clearAttempts(db, attemptKeys.signInAccount(portal.epciId, outcome.email));
  return outcome.opened;
}
