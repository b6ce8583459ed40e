import { and, eq } from 'drizzle-orm';
import { attachments, vaultDocuments, type Transaction } from '@guichet/db';
import type { Storage } from '@guichet/storage';
import type { CitizenActor } from '../actor.ts';
import type { AttachmentSummary } from '../attachments/upload-attachment.ts';
import { FileError } from '../attachments/file-error.ts';
import { uploaderColumns } from '../attachments/uploader.ts';

/**
 * Copies a vault document into the commune as the citizen's upload, ready to be attached like
 * one. A copy, not a link: the commune keeps what was filed even if the citizen later deletes
 * or replaces the document in their vault.
 */
export async function attachVaultDocument(
  context: { tx: Transaction; storage: Storage; tenantId: string; actor: CitizenActor },
  input: { documentId: string },
): Promise<AttachmentSummary> {
  const { tx, storage, tenantId } = context;
  const { accountId } = context.actor;
  const { documentId } = input;
  const [document] = await tx
    .select()
    .from(vaultDocuments)
    .where(and(eq(vaultDocuments.id, documentId), eq(vaultDocuments.accountId, accountId)));
  if (!document) throw new FileError({ kind: 'not_found' });
  const stored = await storage.get(document.storageKey);
  if (!stored) throw new Error('a vault document row has no stored bytes');
  const id = crypto.randomUUID();
  const storageKey = `communes/${tenantId}/pieces-jointes/${id}`;
  await storage.put(storageKey, stored.body, { contentType: document.mediaType, size: stored.size });
  try {
    await tx.insert(attachments).values({
      tenantId,
      id,
      ...uploaderColumns({ kind: 'citizen', accountId }),
      filename: document.filename,
      mediaType: document.mediaType,
      size: document.size,
      sha256: document.sha256,
      storageKey,
    });
  } catch (error) {
    await storage.delete(storageKey);
    throw error;
  }
  return { id, filename: document.filename, mediaType: document.mediaType, size: document.size };
}
