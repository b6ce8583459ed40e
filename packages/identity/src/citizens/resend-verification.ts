import { withTenant, type Database } from '@guichet/db';
import { verifyEmail } from '@guichet/mail';
import { issueLinkToken } from './account-tokens.ts';
import { accountByEmail, normalizeEmail } from './accounts.ts';
import { attemptKeys, enforceAttempts } from './attempt-rules.ts';
import type { CitizenPortal } from './portal.ts';

/** Mails a new confirmation link if the address has an unconfirmed account; silent otherwise. */
export async function resendVerification(input: { db: Database; portal: CitizenPortal; email: string; ip: string }): Promise<void> {
  const { db, portal } = input;
  const email = normalizeEmail(input.email);
  await enforceAttempts(db, [attemptKeys.mailIp(input.ip), attemptKeys.mailAddress(portal.epciId, email)]);
  await withTenant(db, portal.tenantId, async (tx) => {
    const account = await accountByEmail(tx, email);
    if (!account || account.emailVerifiedAt || !account.email) return;
    const token = await issueLinkToken(tx, { epciId: portal.epciId, tenantId: portal.tenantId, purpose: 'verify_email', accountId: account.id });
    await portal.queueMail(tx, { to: account.email, ...verifyEmail({ commune: portal.brand, link: `${portal.origin}/verifier-email?jeton=${token}` }) });
  });
}
