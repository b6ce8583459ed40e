import { desc, eq } from 'drizzle-orm';
import { vaultDocuments, type Transaction } from '@guichet/db';
import { expiryOf } from './expiry.ts';

/** The citizen's coffre-fort, newest first, each document with its expiry state. */
export async function listVaultDocuments(tx: Transaction, accountId: string, now = new Date()) {
  const rows = await tx
    .select({
      id: vaultDocuments.id,
      title: vaultDocuments.title,
      filename: vaultDocuments.filename,
      mediaType: vaultDocuments.mediaType,
      size: vaultDocuments.size,
      expiresOn: vaultDocuments.expiresOn,
      createdAt: vaultDocuments.createdAt,
    })
    .from(vaultDocuments)
    .where(eq(vaultDocuments.accountId, accountId))
    .orderBy(desc(vaultDocuments.createdAt));
  return rows.map((row) => ({ ...row, expiry: expiryOf(row.expiresOn, now) }));
}
