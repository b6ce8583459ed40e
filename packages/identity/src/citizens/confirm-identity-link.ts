import { citizenAccounts, clearAttempts, countAttempts, TooManyAttempts, withTenant, type Session } from '@guichet/db';
import { eq } from 'drizzle-orm';
import { verifyPassword } from '../passwords.ts';
import { codeSecret, spendToken } from './account-tokens.ts';
import { accountById, accountBySub, verifiedIdentity } from './accounts.ts';
import { attemptKeys } from './attempt-rules.ts';
import { auditCitizen } from './citizen-audit.ts';
import { openCitizenSession, type OpenedSession } from './citizen-sessions.ts';
import { canProveWithPassword } from './describe-pending-link.ts';
import { CitizenAuthError } from './errors.ts';
import { FLOW_KINDS, peekFlow, pendingLinkOf, takeFlow } from './sign-in-flows.ts';
import type { PortalContext } from './portal.ts';

export type LinkProof = { method: 'password'; password: string } | { method: 'code'; code: string };

/**
 * Links the FranceConnect identity waiting in the flow to the account with the same address,
 * once the citizen proves they own that account: its password, or the code mailed to it.
 * Guesses are counted per account and per IP like sign-ins. On success the citizen is signed
 * in through FranceConnect.
 *
 * Runs its own transactions: the attempt counters are written outside them, and a wrong
 * proof is audited.
 */
export async function confirmIdentityLink(
  context: PortalContext & { replacing: Session | null },
  input: { flowId: string | undefined; proof: LinkProof },
): Promise<{ opened: OpenedSession; returnTo: string }> {
  const { db, portal, ip } = context;
  const waiting = await withTenant(db, portal.tenantId, (tx) => peekFlow(tx, input.flowId, FLOW_KINDS.pendingLink));
  if (!waiting) throw new CitizenAuthError('link_expired');
  const { accountId } = pendingLinkOf(waiting);
  const accountKey = attemptKeys.linkAccount(accountId);
  const refused = await countAttempts(db, [attemptKeys.signInIp(ip), accountKey]);
  const method = input.proof.method;

  const outcome = await withTenant(db, portal.tenantId, async (tx) => {
    if (refused) {
      await auditCitizen(tx, portal, {
        action: refused.justBlocked ? 'account_locked' : 'sign_in_failed',
        accountId,
        ip,
        details: { method: `link_${method}`, reason: 'locked', retryAfterSeconds: refused.retryAfterSeconds },
      });
      return { refused: new TooManyAttempts(refused.retryAfterSeconds) };
    }
    const account = await accountById(tx, accountId);
    if (!account || account.franceconnectSub) return { refused: new CitizenAuthError('link_expired') };

    let proven: boolean;
    if (input.proof.method === 'password') {
      if (!canProveWithPassword(account)) return { refused: new CitizenAuthError('password_proof_unavailable') };
      proven = await verifyPassword(account.passwordHash, input.proof.password);
    } else {
      const secret = codeSecret(waiting.id, input.proof.code);
      proven = (await spendToken(tx, { tenantId: portal.tenantId, purpose: 'link_identity', secret, accountId })) !== null;
    }
    if (!proven) {
      await auditCitizen(tx, portal, { action: 'sign_in_failed', accountId, ip, details: { method: `link_${method}`, reason: 'wrong_proof' } });
      return { refused: new CitizenAuthError('wrong_proof') };
    }

    // Spent now, so that two confirmations racing each other link once.
    const flow = await takeFlow(tx, waiting.id, FLOW_KINDS.pendingLink);
    if (!flow) return { refused: new CitizenAuthError('link_expired') };
    const pending = pendingLinkOf(flow);
    const holder = await accountBySub(tx, pending.sub);
    if (holder) return { refused: new CitizenAuthError('identity_taken') };

    const now = new Date();
    await tx
      .update(citizenAccounts)
      .set({
        ...verifiedIdentity(pending.sub, pending.identity, now),
        // The code proves the address. If it had never been confirmed, the password on the
        // account was chosen by whoever signed up with it, who may not be this person: it goes.
        ...(method === 'code' && !account.emailVerifiedAt ? { emailVerifiedAt: now, passwordHash: null } : {}),
      })
      .where(eq(citizenAccounts.id, accountId));
    await auditCitizen(tx, portal, { action: 'identity_linked', accountId, ip, details: { provider: 'franceconnect', proof: method } });
    const opened = await openCitizenSession(tx, { portal, accountId, method: 'franceconnect', idToken: pending.idToken, replacing: context.replacing });
    await auditCitizen(tx, portal, { action: 'sign_in', accountId, ip, details: { method: 'franceconnect', linked: true } });
    return { opened, returnTo: flow.returnTo ?? '/' };
  });

  if ('refused' in outcome) throw outcome.refused;
  await clearAttempts(db, accountKey);
  return outcome;
}
