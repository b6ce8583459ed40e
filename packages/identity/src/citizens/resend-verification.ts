import { enforceAttempts, withTenant } from '@guichet/db';
import { verifyEmail } from '@guichet/mail';
import { issueLinkToken } from './account-tokens.ts';
import { accountByEmail, normalizeEmail } from './accounts.ts';
import { attemptKeys } from './attempt-rules.ts';
import type { PortalContext } from './portal.ts';

/** Mails a new confirmation link if the address has an unconfirmed account; silent otherwise. */
export async function resendVerification(context: PortalContext, input: { email: string }): Promise<void> {
  const { db, portal, ip } = context;
  const email = normalizeEmail(input.email);
  await enforceAttempts(db, [attemptKeys.mailIp(ip), attemptKeys.mailAddress(portal.epciId, email)]);
  await withTenant(db, portal.tenantId, async (tx) => {
    const account = await accountByEmail(tx, email);
    if (!account || account.emailVerifiedAt || !account.email) return;
    const token = await issueLinkToken(tx, { epciId: portal.epciId, tenantId: portal.tenantId, purpose: 'verify_email', accountId: account.id });
    await portal.queueMail(tx, { to: account.email, ...verifyEmail({ commune: portal.brand, link: `${portal.origin}/verifier-email?jeton=${token}` }) });
  });
}
