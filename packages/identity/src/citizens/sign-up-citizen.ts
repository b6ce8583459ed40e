import { citizenAccounts, enforceAttempts, withTenant } from '@guichet/db';
import { verifyEmail } from '@guichet/mail';
import { hashPassword } from '../passwords.ts';
import { issueLinkToken } from './account-tokens.ts';
import { accountByEmail, normalizeEmail } from './accounts.ts';
import { attemptKeys } from './attempt-rules.ts';
import { accountAlreadyExists } from './messages.ts';
import type { PortalContext } from './portal.ts';

/**
 * Creates an account that cannot sign in until its address is confirmed through the mailed
 * link. When the address already has an account, its owner gets a mail saying so instead: the
 * answer to the caller is the same, so sign-up does not tell who has an account.
 */
export async function signUpCitizen(context: PortalContext, input: { email: string; password: string }): Promise<void> {
  const { db, portal, ip } = context;
  const email = normalizeEmail(input.email);
  await enforceAttempts(db, [attemptKeys.mailIp(ip), attemptKeys.mailAddress(portal.epciId, email)]);
  // Hashed in both cases, so that the time taken does not tell either.
  const passwordHash = await hashPassword(input.password);
  await withTenant(db, portal.tenantId, async (tx) => {
    const existing = await accountByEmail(tx, email);
    const [created] = existing
      ? []
      : await tx.insert(citizenAccounts).values({ epciId: portal.epciId, email, passwordHash }).onConflictDoNothing().returning({ id: citizenAccounts.id });
    if (!created) {
      const mail = accountAlreadyExists({
        commune: portal.brand,
        signInLink: `${portal.origin}/connexion`,
        resetLink: `${portal.origin}/mot-de-passe-oublie`,
      });
      await portal.queueMail(tx, { to: email, ...mail });
      return;
    }
    const token = await issueLinkToken(tx, { epciId: portal.epciId, tenantId: portal.tenantId, purpose: 'verify_email', accountId: created.id });
    await portal.queueMail(tx, { to: email, ...verifyEmail({ commune: portal.brand, link: `${portal.origin}/verifier-email?jeton=${token}` }) });
  });
}
