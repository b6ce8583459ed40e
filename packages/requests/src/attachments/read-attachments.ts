import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { attachments, procedures, requests, type Transaction } from '@guichet/db';
import type { Storage } from '@guichet/storage';
import type { Actor } from '@guichet/db';
import { RequestError } from '../errors.ts';
import { mayAccess } from '../load-request.ts';

/** The files of a request the actor may see (the citizen who filed it, its commune's agents). */
export async function listAttachments(context: { tx: Transaction; actor: Actor }, input: { requestId: string }) {
  const { tx, actor } = context;
  const { requestId } = input;
  await checkAccess(tx, actor, requestId);
  return tx
    .select({
      id: attachments.id,
      filename: attachments.filename,
      mediaType: attachments.mediaType,
      size: attachments.size,
      uploadedByKind: attachments.uploadedByKind,
      createdAt: attachments.createdAt,
    })
    .from(attachments)
    .where(eq(attachments.requestId, requestId))
    .orderBy(asc(attachments.createdAt));
}

/** One file of a request (`listAttachments`), as the API answers it. */
export const requestAttachmentSchema = z
  .object({
    id: z.uuid(),
    filename: z.string().meta({ example: 'photo-nid-de-poule.jpg' }),
    mediaType: z.string().meta({ example: 'image/jpeg' }),
    size: z.int().meta({ description: 'La taille, en octets.' }),
    uploadedByKind: z.string().meta({ description: 'Qui l’a déposé : `citizen`, `anonymous` (usager sans compte) ou `agent`.' }),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'PieceJointe' });

/**
 * One file of a request, with its bytes, for whoever may see the request; anyone else gets the
 * same "not found" as for a file that does not exist.
 */
export async function openAttachment(context: { tx: Transaction; storage: Storage; actor: Actor }, input: { requestId: string; attachmentId: string }) {
  const { requestId, attachmentId } = input;
  await checkAccess(context.tx, context.actor, requestId);
  const [attachment] = await context.tx
    .select()
    .from(attachments)
    .where(and(eq(attachments.id, attachmentId), eq(attachments.requestId, requestId)));
  if (!attachment) throw new RequestError({ kind: 'not_found' });
  const stored = await context.storage.get(attachment.storageKey);
  if (!stored) throw new Error('an attachment row has no stored bytes');
  return { filename: attachment.filename, mediaType: attachment.mediaType, size: stored.size, body: stored.body };
}

async function checkAccess(tx: Transaction, actor: Actor, requestId: string): Promise<void> {
  const [row] = await tx
    .select({ request: requests, procedure: procedures })
    .from(requests)
    .innerJoin(procedures, and(eq(procedures.tenantId, requests.tenantId), eq(procedures.id, requests.procedureId)))
    .where(eq(requests.id, requestId));
  if (!row || !mayAccess(actor, row)) throw new RequestError({ kind: 'not_found' });
}
