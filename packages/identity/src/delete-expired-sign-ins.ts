import { lt } from 'drizzle-orm';
import { accountTokens, inBatch, signInFlows, type Transaction } from '@guichet/db';
import { deleteExpiredSessions } from './sessions.ts';

export type ExpiredSignIns = { sessions: number; signInFlows: number; accountTokens: number };

/**
 * One batch, at most `limit` rows of each kind, of what sign-ins leave behind once it can no
 * longer be used: expired sessions, OpenID flows abandoned at the provider, and mailed links and
 * codes past their time (used or not: an expired token is refused like an unknown one). Run in an
 * EPCI's transaction (`withEpci`), which sees the rows of the console and of every commune's
 * portal. Rows a request holds at that moment are skipped, left for the next run.
 */
export async function deleteExpiredSignIns(context: { tx: Transaction; now: Date; limit: number }): Promise<ExpiredSignIns> {
  const { tx, now, limit } = context;
  const flows = tx.select({ id: signInFlows.id }).from(signInFlows).where(lt(signInFlows.expiresAt, now)).limit(limit).for('update', { skipLocked: true });
  const tokens = tx
    .select({ tokenHash: accountTokens.tokenHash })
    .from(accountTokens)
    .where(lt(accountTokens.expiresAt, now))
    .limit(limit)
    .for('update', { skipLocked: true });
  const removedFlows = await tx.delete(signInFlows).where(inBatch(signInFlows.id, flows)).returning({ id: signInFlows.id });
  const removedTokens = await tx.delete(accountTokens).where(inBatch(accountTokens.tokenHash, tokens)).returning({ tokenHash: accountTokens.tokenHash });
  return { sessions: await deleteExpiredSessions(tx, { now, limit }), signInFlows: removedFlows.length, accountTokens: removedTokens.length };
}
