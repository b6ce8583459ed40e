import { enforceAttempts, withTenant } from '@guichet/db';
import { resetPassword } from '@guichet/mail';
import { issueLinkToken } from './account-tokens.ts';
import { accountByEmail, normalizeEmail } from './accounts.ts';
import { attemptKeys } from './attempt-rules.ts';
import { auditCitizen } from './citizen-audit.ts';
import type { PortalContext } from './portal.ts';

/**
 * Mails a reset link (valid one hour) if the address has an account; the caller answers the
 * same either way. A FranceConnect-only account can choose its first password this way.
 */
export async function requestPasswordReset(context: PortalContext, input: { email: string }): Promise<void> {
  const { db, portal, ip } = context;
  const email = normalizeEmail(input.email);
  await enforceAttempts(db, [attemptKeys.mailIp(ip), attemptKeys.mailAddress(portal.epciId, email)]);
  await withTenant(db, portal.tenantId, async (tx) => {
    const account = await accountByEmail(tx, email);
    if (!account?.email) return;
    const token = await issueLinkToken(tx, { epciId: portal.epciId, tenantId: portal.tenantId, purpose: 'reset_password', accountId: account.id });
    await portal.queueMail(tx, {
      to: account.email,
      ...resetPassword({ commune: portal.brand, link: `${portal.origin}/reinitialiser-mot-de-passe?jeton=${token}` }),
    });
    await auditCitizen(tx, portal, { action: 'password_reset_requested', accountId: account.id, ip });
  });
}
