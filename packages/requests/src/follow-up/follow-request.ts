import type { Transaction } from '@guichet/db';
import type { Storage } from '@guichet/storage';
import { listAttachments, openAttachment } from '../attachments/read-attachments.ts';
import { requestDetail } from '../request-views.ts';
import { proveFollowUpToken } from './follow-up-tokens.ts';

/**
 * An anonymous filer's request, opened through its private follow-up link: the same public view
 * a signed-in citizen gets of their own request (status, public history, the commune's messages).
 */
export async function followRequest(context: { tx: Transaction }, input: { token: string }) {
  const actor = await proveFollowUpToken(context.tx, input.token);
  return requestDetail({ tx: context.tx, actor }, { requestId: actor.requestId });
}

/** The files of a request followed through its link: the filer's own and those the commune sent. */
export async function followedAttachments(context: { tx: Transaction }, input: { token: string }) {
  const actor = await proveFollowUpToken(context.tx, input.token);
  return listAttachments({ tx: context.tx, actor }, { requestId: actor.requestId });
}

/** One of those files, with its bytes. */
export async function openFollowedAttachment(context: { tx: Transaction; storage: Storage }, input: { token: string; attachmentId: string }) {
  const actor = await proveFollowUpToken(context.tx, input.token);
  return openAttachment({ tx: context.tx, storage: context.storage, actor }, { requestId: actor.requestId, attachmentId: input.attachmentId });
}
