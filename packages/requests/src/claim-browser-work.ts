import { and, eq, isNull } from 'drizzle-orm';
import { attachments, type Transaction } from '@guichet/db';
import { hashUploadToken } from './attachments/uploader.ts';
import { claimBrowserDrafts } from './drafts.ts';

/**
 * A citizen signs in on a browser that began work signed out: its drafts and the files uploaded
 * for them become the account's, so the filing goes on where it stopped. Only what is not yet a
 * request moves; requests filed anonymously stay anonymous (the account cannot prove they are its).
 */
export async function claimBrowserWork(context: { tx: Transaction; now?: Date }, input: { uploadToken: string; accountId: string }) {
  const { tx } = context;
  const drafts = await claimBrowserDrafts(context, input);
  const uploads = await tx
    .update(attachments)
    .set({ uploadedByKind: 'citizen', uploadedById: input.accountId, uploadTokenHash: null })
    .where(
      and(isNull(attachments.requestId), eq(attachments.uploadedByKind, 'anonymous'), eq(attachments.uploadTokenHash, hashUploadToken(input.uploadToken))),
    )
    .returning({ id: attachments.id });
  return { drafts, uploads: uploads.length };
}
