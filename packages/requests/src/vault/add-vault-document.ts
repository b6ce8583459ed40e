import { count, eq } from 'drizzle-orm';
import { vaultDocuments, type Transaction } from '@guichet/db';
import type { Storage } from '@guichet/storage';
import type { CitizenActor } from '../actor.ts';
import { checkFile, DEFAULT_ACCEPTED_TYPES, type IncomingFile } from '../attachments/file-checks.ts';
import { FileError } from '../attachments/file-error.ts';
import { expiryOf } from './expiry.ts';
import type { VaultDocumentInput } from './vault-document-input.ts';

/** Enough for a household's papers; a bound, so that an account cannot fill the storage. */
const VAULT_DOCUMENT_LIMIT = 100;

/**
 * Puts a document in the citizen's coffre-fort, kept for the EPCI (every commune portal of the
 * EPCI shows the same vault), its bytes checked like any upload.
 */
export async function addVaultDocument(
  context: { tx: Transaction; storage: Storage; epciId: string; actor: CitizenActor; now?: Date },
  input: { file: IncomingFile } & VaultDocumentInput,
) {
  const { tx, storage, epciId } = context;
  const { accountId } = context.actor;
  const { file } = input;
  const checked = checkFile(file, DEFAULT_ACCEPTED_TYPES);
  const [held] = await tx.select({ documents: count() }).from(vaultDocuments).where(eq(vaultDocuments.accountId, accountId));
  if (held!.documents >= VAULT_DOCUMENT_LIMIT) throw new FileError({ kind: 'vault_full', limit: VAULT_DOCUMENT_LIMIT });
  const id = crypto.randomUUID();
  const storageKey = `epci/${epciId}/coffre-fort/${id}`;
  const { size, sha256 } = file.received;
  await storage.put(storageKey, file.received.open(), { contentType: checked.mediaType, size });
  try {
    await tx.insert(vaultDocuments).values({
      epciId,
      id,
      accountId,
      title: input.title,
      ...checked,
      size,
      sha256,
      storageKey,
      expiresOn: input.expiresOn ?? null,
    });
  } catch (error) {
    await storage.delete(storageKey);
    throw error;
  }
  const expiresOn = input.expiresOn ?? null;
  return { id, title: input.title, ...checked, size, expiresOn, expiry: expiryOf(expiresOn, context.now ?? new Date()) };
}
