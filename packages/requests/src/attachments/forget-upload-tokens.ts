import { and, isNotNull } from 'drizzle-orm';
import { attachments, inBatch, type Transaction } from '@guichet/db';

/**
 * One batch, at most `limit`, of the commune's filed attachments whose anonymous uploader's token
 * hash is forgotten. The hash only proves, before filing, that the upload is this browser's; once
 * the file belongs to a request, kept, it would only tie the browser's other filings together.
 * Rows a filing holds at that moment are skipped, left for the next run. The number cleared.
 */
export async function forgetFiledUploadTokens(context: { tx: Transaction; limit: number }): Promise<number> {
  const { tx, limit } = context;
  const filed = tx
    .select({ id: attachments.id })
    .from(attachments)
    .where(and(isNotNull(attachments.requestId), isNotNull(attachments.uploadTokenHash)))
    .limit(limit)
    .for('update', { skipLocked: true });
  const cleared = await tx.update(attachments).set({ uploadTokenHash: null }).where(inBatch(attachments.id, filed)).returning({ id: attachments.id });
  return cleared.length;
}
