import { and, eq, sql } from 'drizzle-orm';
import { accountTokens, citizenAccounts, clearAttempts, enforceAttempts, withEpci, type Session, type Transaction } from '@guichet/db';
import { accountDeletedMail, accountDeletionCode } from '@guichet/mail';
import { verifyPassword } from '../passwords.ts';
import { codeSecret, issueCode, spendToken } from './account-tokens.ts';
import { accountById } from './accounts.ts';
import { attemptKeys } from './attempt-rules.ts';
import { auditCitizen } from './citizen-audit.ts';
import { endAccountSessions } from './citizen-sessions.ts';
import { canProveWithPassword } from './describe-pending-link.ts';
import { CitizenAuthError } from './errors.ts';
import type { LinkProof } from './confirm-identity-link.ts';
import type { PortalContext } from './portal.ts';

/**
 * What proves the account is the citizen's: its password, the mailed code, or a sign-in anew at
 * FranceConnect as its identity (`sub` from a verified round trip, never from the client).
 */
export type DeletionProof = LinkProof | { method: 'franceconnect'; sub: string };

/** Erases what the account holds besides itself (its coffre-fort, its exports), in the deletion's transaction. */
export type EraseAccountData = (tx: Transaction, accountId: string) => Promise<{ vaultDocuments: number }>;

/**
 * Mails a six-digit code (15 minutes) that confirms the account's deletion, for the citizen who
 * cannot prove it with a password (an account opened with FranceConnect, or never confirmed).
 */
export async function sendDeletionCode(context: PortalContext & { session: Session }): Promise<void> {
  const { db, portal, session, ip } = context;
  await enforceAttempts(db, [attemptKeys.mailIp(ip), attemptKeys.mailAccount(session.accountId)]);
  await withEpci(db, portal.epciId, async (tx) => {
    const account = await accountById(tx, session.accountId);
    if (!account) throw new CitizenAuthError('account_not_found');
    if (!account.email) throw new CitizenAuthError('email_required');
    const code = await issueCode(tx, { epciId: portal.epciId, tenantId: portal.tenantId, accountId: account.id, purpose: 'delete_account', scope: account.id });
    await portal.queueMail(tx, { to: account.email, ...accountDeletionCode({ commune: portal.brand, code }) });
  });
}

/**
 * Deletes the signed-in citizen's account once they prove it is theirs again (`DeletionProof`),
 * in one transaction of the EPCI's scope: its requests in every commune are
 * detached and kept by the communes (`detach_citizen_account`, which also drops its drafts), its
 * coffre-fort and exports go (`eraseData`: rows now, bytes by a job), every session ends, and a
 * last e-mail says so.
 * Guesses are counted per account; the audit names the account by id only.
 */
export async function deleteCitizenAccount(
  context: PortalContext & { session: Session; eraseData: EraseAccountData },
  input: { proof: DeletionProof },
): Promise<{ detachedRequests: number }> {
  const { db, portal, session, ip } = context;
  const accountId = session.accountId;
  const accountKey = attemptKeys.accountDeletion(accountId);
  await enforceAttempts(db, [accountKey]);
  const outcome = await withEpci(db, portal.epciId, async (tx) => {
    const account = await accountById(tx, accountId);
    if (!account) return { refused: new CitizenAuthError('account_not_found') };
    let proven: boolean;
    if (input.proof.method === 'password') {
      if (!canProveWithPassword(account)) return { refused: new CitizenAuthError('password_proof_unavailable') };
      proven = await verifyPassword(account.passwordHash, input.proof.password);
    } else if (input.proof.method === 'franceconnect') {
      proven = account.franceconnectSub !== null && account.franceconnectSub === input.proof.sub;
    } else {
      const secret = codeSecret(accountId, input.proof.code);
      proven = (await spendToken(tx, { tenantId: portal.tenantId, purpose: 'delete_account', secret, accountId })) !== null;
    }
    if (!proven) return { refused: new CitizenAuthError('wrong_proof') };

    const [{ detached } = { detached: 0 }] = await tx.execute<{ detached: number }>(sql`select detach_citizen_account(${accountId}) as detached`);
    const erased = await context.eraseData(tx, accountId);
    const sessionsEnded = await endAccountSessions(tx, accountId);
    await tx.delete(accountTokens).where(and(eq(accountTokens.accountKind, 'citizen'), eq(accountTokens.accountId, accountId)));
    await tx.delete(citizenAccounts).where(eq(citizenAccounts.id, accountId));
    await auditCitizen(tx, portal, {
      action: 'account_deleted',
      accountId,
      ip,
      details: { proof: input.proof.method, detachedRequests: detached, vaultDocuments: erased.vaultDocuments, sessionsEnded },
    });
    if (account.email) await portal.queueMail(tx, { to: account.email, ...accountDeletedMail({ commune: portal.brand, detachedRequests: detached }) });
    return { detachedRequests: detached };
  });
  if ('refused' in outcome) throw outcome.refused;
  await clearAttempts(db, accountKey);
  return outcome;
}
