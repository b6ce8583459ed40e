import { citizenAccounts, enforceAttempts, withEpci, type Session } from '@guichet/db';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { verifyEmail } from '@guichet/mail';
import { hashPassword, verifyPassword } from '../passwords.ts';
import { issueLinkToken } from './account-tokens.ts';
import { accountById } from './accounts.ts';
import { attemptKeys } from './attempt-rules.ts';
import { auditCitizen } from './citizen-audit.ts';
import { endAccountSessions } from './citizen-sessions.ts';
import { CitizenAuthError } from './errors.ts';
import type { PortalContext } from './portal.ts';

/** What the API answers once the password is set. */
export const passwordSetSchema = z.object({
  confirmationSent: z.boolean().meta({
    description: 'Vrai si l’adresse n’était pas confirmée : un lien de confirmation est parti, et le mot de passe servira une fois ce lien suivi.',
  }),
});

/**
 * Sets the password of the signed-in citizen: a first one on an account opened through
 * FranceConnect, or a new one (the current one required). Changing it ends the account's
 * other sessions on every commune's portal, hence the EPCI's scope. An address FranceConnect
 * gave is not confirmed by us: a confirmation link is mailed, and the password works for
 * signing in once it is followed.
 */
export async function setCitizenPassword(
  context: PortalContext & { session: Session },
  input: { currentPassword: string | undefined; newPassword: string },
): Promise<{ confirmationSent: boolean }> {
  const { db, portal, session, ip } = context;
  const accountId = session.accountId;
  await enforceAttempts(db, [attemptKeys.passwordChange(accountId)]);
  const passwordHash = await hashPassword(input.newPassword);
  const outcome = await withEpci(db, portal.epciId, async (tx) => {
    const account = await accountById(tx, accountId);
    if (!account) return { refused: new CitizenAuthError('account_not_found') };
    if (!account.email) return { refused: new CitizenAuthError('email_required') };
    const changing = account.passwordHash !== null;
    if (changing && !(await verifyPassword(account.passwordHash, input.currentPassword ?? ''))) {
      return { refused: new CitizenAuthError('wrong_current_password') };
    }
    await tx.update(citizenAccounts).set({ passwordHash, updatedAt: new Date() }).where(eq(citizenAccounts.id, accountId));
    await auditCitizen(tx, portal, { action: 'password_changed', accountId, ip, details: { through: changing ? 'account_page' : 'first_password' } });
    if (changing) {
      const count = await endAccountSessions(tx, accountId, session.id);
      await auditCitizen(tx, portal, { action: 'sessions_revoked', accountId, ip, details: { count, reason: 'password_changed' } });
    }
    if (account.emailVerifiedAt) return { confirmationSent: false };
    const token = await issueLinkToken(tx, { epciId: portal.epciId, tenantId: portal.tenantId, purpose: 'verify_email', accountId });
    await portal.queueMail(tx, { to: account.email, ...verifyEmail({ commune: portal.brand, link: `${portal.origin}/verifier-email?jeton=${token}` }) });
    return { confirmationSent: true };
  });
  if ('refused' in outcome) throw outcome.refused;
  return outcome;
}
