import { and, asc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { requests, type AgentActor, type Transaction } from '@guichet/db';
import { appendEvent } from './history.ts';

export const releasedRequestSchema = z.object({ id: z.uuid(), reference: z.string(), summary: z.string() });

/**
 * When an agent's account is disabled, the open requests they had go back to their service's
 * queue at once (nothing stays assigned to someone who cannot act), each with its history event,
 * and are returned so that the administrator sees what to reassign.
 */
export async function releaseAssignments(context: { tx: Transaction; tenantId: string; actor: AgentActor }, input: { agentId: string }) {
  const { tx, actor } = context;
  const held = await tx
    .select({ id: requests.id, reference: requests.reference, summary: requests.summary })
    .from(requests)
    .where(and(eq(requests.assigneeId, input.agentId), isNull(requests.closedAt), isNull(requests.mergedIntoId)))
    .orderBy(asc(requests.dueAt))
    .for('update');
  for (const request of held) {
    await tx.update(requests).set({ assigneeId: null, updatedAt: new Date() }).where(eq(requests.id, request.id));
    await appendEvent(tx, { tenantId: context.tenantId, requestId: request.id, kind: 'assigned', public: false, actor, payload: { from: input.agentId, to: null, reason: 'agent_disabled' } });
  }
  return held;
}
