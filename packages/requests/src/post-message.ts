import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { requestEvents, requests } from '@guichet/db';
import { isFinal } from '@guichet/workflow';
import { isCitizenSide } from './actor.ts';
import { attachMessageFiles } from './attachments/attach-files.ts';
import { uploaderOf } from './attachments/uploader.ts';
import { RequestError } from './errors.ts';
import { appendEvent } from './history.ts';
import { loadRequestFor } from './load-request.ts';
import { notifyCitizen, notifyService } from './notifications.ts';
import { transitionRequest, type ChangeContext } from './transition-request.ts';

export const messageInputSchema = z.strictObject({
  body: z.string().trim().min(1, 'Le message est vide.').max(10_000),
  attachmentIds: z.array(z.uuid()).max(10).default([]),
});
export type MessageInput = z.infer<typeof messageInputSchema>;

/**
 * A message between the commune and the citizen, kept in the history. An agent's message is
 * sent to the citizen; the citizen's answer to a request waiting for them resumes it.
 */
export async function postMessage(context: ChangeContext, input: { requestId: string } & MessageInput) {
  const { tx, actor } = context;
  const { request } = await loadRequestFor(tx, actor, input.requestId);
  if (isCitizenSide(actor) && isFinal(request.status)) {
    throw new RequestError({ kind: 'conflict', message: 'Cette demande est close : déposez une nouvelle demande si besoin.' });
  }
  await attachMessageFiles(tx, { requestId: request.id, uploader: uploaderOf(actor), ids: input.attachmentIds });
  const eventId = await appendEvent(tx, {
    tenantId: context.tenantId,
    requestId: request.id,
    kind: 'message',
    public: true,
    actor,
    payload: { body: input.body, attachmentIds: input.attachmentIds },
  });
  await tx.update(requests).set({ updatedAt: new Date() }).where(eq(requests.id, request.id));
  const notification = { tenantId: context.tenantId, requestId: request.id, eventId };
  if (actor.kind === 'agent') {
    await notifyCitizen(context.jobs, tx, [notification]);
    return;
  }
  await notifyService(context.jobs, tx, [notification]);
  if (request.status === 'waiting_citizen') {
    await transitionRequest({ ...context, actor: { kind: 'system' } }, { requestId: request.id, status: 'in_progress' });
  }
}

export const noteInputSchema = z.strictObject({ body: z.string().trim().min(1, 'La note est vide.').max(10_000) });

/** An internal note: never shown to the citizen. */
export async function addNote(context: ChangeContext, input: { requestId: string } & z.infer<typeof noteInputSchema>) {
  const { tx, actor } = context;
  const { request } = await loadRequestFor(tx, actor, input.requestId);
  await appendEvent(tx, { tenantId: context.tenantId, requestId: request.id, kind: 'note', public: false, actor, payload: { body: input.body } });
}

export const ratingInputSchema = z.strictObject({
  rating: z.int().min(1, 'Une note de 1 à 5.').max(5, 'Une note de 1 à 5.'),
  comment: z.string().trim().max(2000).optional(),
});

/**
 * The citizen's satisfaction once the request is closed: once per closure, so a reopened
 * request is rated again after its next closure. The request keeps the latest rating; the
 * history keeps every one.
 */
export async function rateRequest(context: ChangeContext, input: { requestId: string } & z.infer<typeof ratingInputSchema>) {
  const { tx, actor } = context;
  const { request } = await loadRequestFor(tx, actor, input.requestId);
  if (!isFinal(request.status)) throw new RequestError({ kind: 'conflict', message: 'Vous pourrez donner votre avis une fois la demande close.' });
  // A rating can only be given while closed, so one after the last reopening is this closure's.
  const [last] = await tx
    .select({
      rated: sql<number | null>`max(${requestEvents.id}) filter (where ${requestEvents.kind} = 'rated')`,
      reopened: sql<number | null>`max(${requestEvents.id}) filter (where ${requestEvents.kind} = 'reopened')`,
    })
    .from(requestEvents)
    .where(eq(requestEvents.requestId, request.id));
  if (last?.rated != null && (last.reopened == null || Number(last.rated) > Number(last.reopened))) {
    throw new RequestError({ kind: 'conflict', message: 'Vous avez déjà donné votre avis sur cette demande.' });
  }
  await tx
    .update(requests)
    .set({ satisfactionRating: input.rating, satisfactionComment: input.comment ?? null })
    .where(eq(requests.id, request.id));
  await appendEvent(tx, {
    tenantId: context.tenantId,
    requestId: request.id,
    kind: 'rated',
    public: true,
    actor,
    payload: { rating: input.rating, ...(input.comment ? { comment: input.comment } : {}) },
  });
}
