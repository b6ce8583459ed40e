import { eq } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { vaultDocuments, type Transaction } from '@guichet/db';
import { deleteStoredFilesLater } from '../attachments/stored-file-deletion.ts';
import { dropAccountExports } from './account-export.ts';

/**
 * What a deleted account leaves to erase besides itself: its coffre-fort and its data exports,
 * rows now, bytes by a job once the transaction commits. Runs in the EPCI's scope.
 */
export async function eraseCitizenData(context: { tx: Transaction; jobs: PgBoss }, input: { accountId: string }): Promise<{ vaultDocuments: number }> {
  const { tx } = context;
  const documents = await tx.delete(vaultDocuments).where(eq(vaultDocuments.accountId, input.accountId)).returning({ storageKey: vaultDocuments.storageKey });
  const exportFiles = await dropAccountExports(tx, input.accountId);
  await deleteStoredFilesLater(context.jobs, tx, [...documents.map((document) => document.storageKey), ...exportFiles]);
  return { vaultDocuments: documents.length };
}
