import { and, asc, eq, gt, ne } from 'drizzle-orm';
import { agents, requestPresence, type Transaction } from '@guichet/db';

/** A desk renews its presence every 15 s; one silent for 45 s has gone (closed without a word, or its server died). */
export const PRESENCE_HEARTBEAT_MS = 15_000;
const PRESENCE_TIMEOUT_MS = 45_000;

/** The agent has the request's desk open: a first call announces the arrival, later ones renew it. */
export async function markPresent(tx: Transaction, input: { tenantId: string; requestId: string; agentId: string; now?: Date }): Promise<void> {
  const seenAt = input.now ?? new Date();
  await tx
    .insert(requestPresence)
    .values({ tenantId: input.tenantId, requestId: input.requestId, agentId: input.agentId, seenAt })
    .onConflictDoUpdate({ target: [requestPresence.tenantId, requestPresence.requestId, requestPresence.agentId], set: { seenAt } });
}

/** The desk closed: its departure is announced at once rather than after the silence. */
export async function markAbsent(tx: Transaction, input: { requestId: string; agentId: string }): Promise<void> {
  await tx.delete(requestPresence).where(and(eq(requestPresence.requestId, input.requestId), eq(requestPresence.agentId, input.agentId)));
}

/** The other agents who have the request open right now, by name. */
export async function otherAgentsPresent(tx: Transaction, input: { requestId: string; agentId: string; now?: Date }) {
  const since = new Date((input.now ?? new Date()).getTime() - PRESENCE_TIMEOUT_MS);
  return tx
    .select({ id: agents.id, name: agents.displayName })
    .from(requestPresence)
    .innerJoin(agents, and(eq(agents.tenantId, requestPresence.tenantId), eq(agents.id, requestPresence.agentId)))
    .where(and(eq(requestPresence.requestId, input.requestId), ne(requestPresence.agentId, input.agentId), gt(requestPresence.seenAt, since)))
    .orderBy(asc(agents.displayName));
}
