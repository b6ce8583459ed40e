import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { and, eq, lt } from 'drizzle-orm';
import { inBatch, sessions, type AccountKind, type Session, type Transaction } from '@guichet/db';
import type { SessionLookups, SessionSite, SiteSession } from './session-lookups.ts';

/**
 * Server-side sessions after Lucia's published design (the `lucia` package is deprecated):
 * the cookie carries `<id>.<secret>`, the table the id and the SHA-256 of the secret, compared
 * in constant time. Expiry slides: a session used in the second half of its life is renewed.
 */
export const SESSION_LIFETIME_MS: Record<AccountKind, number> = {
  citizen: 30 * 24 * 3600_000,
  // Staff sessions are short: a shared counter computer must not stay signed in for days.
  agent: 12 * 3600_000,
  epci_staff: 12 * 3600_000,
};

export type NewSession = {
  epciId: string;
  tenantId: string | null;
  accountKind: AccountKind;
  accountId: string;
  authMethod: string;
  secondFactorVerified: boolean;
  idToken?: string | null;
};

export function generateSecret(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

export function hashSecret(secret: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(secret)));
}

/** Returns the token for the cookie; the token itself is never stored. */
export async function createSession(tx: Transaction, input: NewSession, now = new Date()): Promise<{ token: string; session: Session }> {
  const id = generateSecret();
  const secret = generateSecret();
  const [session] = await tx
    .insert(sessions)
    .values({
      ...input,
      idToken: input.idToken ?? null,
      id,
      secretHash: hashSecret(secret),
      createdAt: now,
      lastUsedAt: now,
      expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS[input.accountKind]),
    })
    .returning();
  return { token: `${id}.${secret}`, session: session! };
}

/** Where the rare writes of a check go: a transaction in the site's scope. */
type InSite = <T>(work: (tx: Transaction) => Promise<T>) => Promise<T>;

/**
 * After a renewal, the cookie goes with every answer for a sixteenth of the session's life: the
 * browser keeps the expiry it was last given, so one lost answer (a request abandoned, a file
 * streamed) would otherwise sign an active user out while their session is still valid.
 */
const COOKIE_RESEND_SHARE = 1 / 16;

/**
 * The session a token designates on this site, renewed if it is past half its life
 * (`cookieDue`: its cookie is to be sent, renewed now or lately); null when
 * the token is malformed, unknown, wrong, expired (an expired one is deleted) or opened on
 * another site. Read outside any transaction, with the checks that arrive at the same moment
 * (`SessionLookups`); renewals and deletions, rare, go through `inSite`.
 */
export async function validateSessionToken(
  context: { lookups: SessionLookups; inSite: InSite },
  token: string,
  site: SessionSite,
  now = new Date(),
): Promise<(SiteSession & { cookieDue: boolean }) | null> {
  const [id, secret] = token.split('.');
  if (!id || !secret || token.split('.').length !== 2) return null;
  const found = await context.lookups.find(id, site);
  if (!found) return null;
  const { session } = found;
  const expected = new TextEncoder().encode(session.secretHash);
  const given = new TextEncoder().encode(hashSecret(secret));
  if (!constantTimeEqual(expected, given)) return null;
  if (session.expiresAt.getTime() <= now.getTime()) {
    await context.inSite((tx) => tx.delete(sessions).where(eq(sessions.id, id)));
    return null;
  }
  const lifetime = SESSION_LIFETIME_MS[session.accountKind];
  if (session.expiresAt.getTime() - now.getTime() < lifetime / 2) {
    const expiresAt = new Date(now.getTime() + lifetime);
    await context.inSite((tx) => tx.update(sessions).set({ expiresAt, lastUsedAt: now }).where(eq(sessions.id, id)));
    return { ...found, session: { ...session, expiresAt, lastUsedAt: now }, cookieDue: true };
  }
  const renewedOnce = session.expiresAt.getTime() - lifetime > session.createdAt.getTime();
  const renewedLately = session.expiresAt.getTime() - now.getTime() > lifetime * (1 - COOKIE_RESEND_SHARE);
  return { ...found, cookieDue: renewedOnce && renewedLately };
}

export async function invalidateSession(tx: Transaction, sessionId: string): Promise<void> {
  await tx.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Sign out everywhere: every session of the account visible in this transaction's scope. */
export async function invalidateAccountSessions(tx: Transaction, accountKind: AccountKind, accountId: string): Promise<number> {
  const removed = await tx
    .delete(sessions)
    .where(and(eq(sessions.accountKind, accountKind), eq(sessions.accountId, accountId)))
    .returning({ id: sessions.id });
  return removed.length;
}

/**
 * Locks the session's row until the transaction ends; false when the session has ended since it
 * was read (signed out, revoked, its account disabled), so that what is about to be granted to
 * it is not granted to a session that no longer exists.
 */
export async function holdSession(tx: Transaction, sessionId: string): Promise<boolean> {
  const [held] = await tx.select({ id: sessions.id }).from(sessions).where(eq(sessions.id, sessionId)).for('update');
  return held !== undefined;
}

/**
 * Replaces a session that gains privilege (the second factor passed, an identity verified) by a
 * new one, with a new id and secret, carrying the same sign-in with `changes`: a token seen or
 * planted before (fixation, a shoulder read before the code was typed) opens nothing after.
 */
export async function rotateSession(
  tx: Transaction,
  session: Session,
  changes: Partial<Pick<NewSession, 'secondFactorVerified' | 'idToken'>>,
): Promise<{ token: string; session: Session }> {
  await invalidateSession(tx, session.id);
  const { epciId, tenantId, accountKind, accountId, authMethod, secondFactorVerified, idToken } = session;
  return createSession(tx, { epciId, tenantId, accountKind, accountId, authMethod, secondFactorVerified, idToken, ...changes });
}

/**
 * One batch of expired sessions, at most `limit`, that no request holds at the moment: the rows
 * are locked only as long as this short transaction lasts. The number removed.
 */
export async function deleteExpiredSessions(tx: Transaction, input: { now: Date; limit: number }): Promise<number> {
  const expired = tx
    .select({ id: sessions.id })
    .from(sessions)
    .where(lt(sessions.expiresAt, input.now))
    .limit(input.limit)
    .for('update', { skipLocked: true });
  const removed = await tx.delete(sessions).where(inBatch(sessions.id, expired)).returning({ id: sessions.id });
  return removed.length;
}
