import { and, eq, ne } from 'drizzle-orm';
import { sessions, type Session, type Transaction } from '@guichet/db';
import { createSession, invalidateSession } from '../sessions.ts';
import type { CitizenPortal } from './portal.ts';

export type OpenedSession = { token: string; session: Session };

/**
 * A new session on this commune's host. The one the browser had before (another account, or
 * the same one) ends, so that a session id is never carried across a sign-in (fixation).
 */
export async function openCitizenSession(
  tx: Transaction,
  input: { portal: CitizenPortal; accountId: string; method: 'password' | 'franceconnect'; idToken?: string; replacing: Session | null },
): Promise<OpenedSession> {
  if (input.replacing) await invalidateSession(tx, input.replacing.id);
  return createSession(tx, {
    epciId: input.portal.epciId,
    tenantId: input.portal.tenantId,
    accountKind: 'citizen',
    accountId: input.accountId,
    authMethod: input.method,
    // Citizens have no second factor: FranceConnect's eIDAS level or the password is the proof.
    secondFactorVerified: false,
    idToken: input.idToken ?? null,
  });
}

/**
 * Ends the account's sessions, but `keep`. Run in the EPCI's scope (`withEpci`) to reach the
 * sessions opened on every commune's portal; in a commune's transaction it would only see
 * that commune's.
 */
export async function endAccountSessions(tx: Transaction, accountId: string, keep?: string): Promise<number> {
  const removed = await tx
    .delete(sessions)
    .where(
      and(eq(sessions.accountKind, 'citizen'), eq(sessions.accountId, accountId), keep === undefined ? undefined : ne(sessions.id, keep)),
    )
    .returning({ id: sessions.id });
  return removed.length;
}
