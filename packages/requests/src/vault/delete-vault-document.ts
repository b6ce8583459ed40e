import { and, eq } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { vaultDocuments, type Transaction } from '@guichet/db';
import { FileError } from '../attachments/file-error.ts';
import { deleteStoredFilesLater } from '../attachments/stored-file-deletion.ts';
import type { CitizenActor } from '../actor.ts';

/**
 * Removes a document from the citizen's vault, its bytes with it. Copies already attached to
 * requests stay: they are the commune's record of what was filed.
 */
export async function deleteVaultDocument(context: { tx: Transaction; jobs: PgBoss; actor: CitizenActor }, input: { documentId: string }): Promise<void> {
  const [removed] = await context.tx
    .delete(vaultDocuments)
    .where(and(eq(vaultDocuments.id, input.documentId), eq(vaultDocuments.accountId, context.actor.accountId)))
    .returning({ storageKey: vaultDocuments.storageKey });
  if (!removed) throw new FileError({ kind: 'not_found' });
  await deleteStoredFilesLater(context.jobs, context.tx, [removed.storageKey]);
}
