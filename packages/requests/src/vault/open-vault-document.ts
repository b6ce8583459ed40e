import { and, eq } from 'drizzle-orm';
import { vaultDocuments, type Transaction } from '@guichet/db';
import type { Storage } from '@guichet/storage';
import type { CitizenActor } from '../actor.ts';
import { FileError } from '../attachments/file-error.ts';

/** One of the citizen's own vault documents, with its bytes. */
export async function openVaultDocument(context: { tx: Transaction; storage: Storage; actor: CitizenActor }, input: { documentId: string }) {
  const [document] = await context.tx
    .select()
    .from(vaultDocuments)
    .where(and(eq(vaultDocuments.id, input.documentId), eq(vaultDocuments.accountId, context.actor.accountId)));
  if (!document) throw new FileError({ kind: 'not_found' });
  const stored = await context.storage.get(document.storageKey);
  if (!stored) throw new Error('a vault document row has no stored bytes');
  return { document, body: stored.body, size: stored.size };
}
