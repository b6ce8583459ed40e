import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { requests } from '@guichet/db';
import { RequestError } from './errors.ts';
import { appendEvent } from './history.ts';
import { loadRequestFor } from './load-request.ts';
import { notifyCitizen } from './notifications.ts';
import type { ChangeContext } from './transition-request.ts';

export const mergeInputSchema = z.strictObject({ into: z.uuid() });
export const mergeResultSchema = z.object({ into: z.string().meta({ description: 'La référence de la demande qui continue.', example: 'LIB-2026-000042' }) });

/**
 * Merges a duplicate (`requestId`) into the request that carries on (`into`): the duplicate is
 * closed, points to the other, and both histories say so. Nothing is deleted; the citizen is
 * told which reference to follow.
 */
export async function mergeRequest(context: ChangeContext, input: { requestId: string } & z.infer<typeof mergeInputSchema>) {
  const { tx, actor } = context;
  const duplicateId = input.requestId;
  if (duplicateId === input.into) throw new RequestError({ kind: 'conflict', message: 'Une demande ne peut pas être fusionnée avec elle-même.' });
  const now = context.now ?? new Date();
  const target = await loadRequestFor(tx, actor, input.into);
  const duplicate = await loadRequestFor(tx, actor, duplicateId);
  if (duplicate.request.closedAt) throw new RequestError({ kind: 'conflict', message: 'Cette demande est déjà close.' });
  await tx
    .update(requests)
    .set({ mergedIntoId: target.request.id, status: 'closed_without_action', closedAt: now, updatedAt: now })
    .where(eq(requests.id, duplicate.request.id));
  const eventId = await appendEvent(tx, {
    tenantId: context.tenantId,
    requestId: duplicate.request.id,
    kind: 'merged',
    public: true,
    actor,
    payload: { into: target.request.reference, to: 'closed_without_action', comment: `Votre demande est suivie sous la référence ${target.request.reference}.` },
  });
  await appendEvent(tx, {
    tenantId: context.tenantId,
    requestId: target.request.id,
    kind: 'merged',
    public: false,
    actor,
    payload: { from: duplicate.request.reference },
  });
  await notifyCitizen(context.jobs, tx, [{ tenantId: context.tenantId, requestId: duplicate.request.id, eventId }]);
  return { into: target.request.reference };
}
