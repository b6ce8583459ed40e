import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { vaultDocuments, type Transaction } from '@guichet/db';
import type { CitizenActor } from '../actor.ts';
import { expiryOf, expirySchema } from './expiry.ts';

const documentFields = {
  id: z.uuid(),
  title: z.string().meta({ example: 'Carte d’identité' }),
  filename: z.string().meta({ example: 'carte-identite.pdf' }),
  mediaType: z.string().meta({ description: 'Le type lu dans le contenu du fichier.', example: 'application/pdf' }),
  size: z.int().meta({ description: 'La taille, en octets.' }),
  expiresOn: z.iso.date().nullable().meta({ description: 'La date d’expiration du document (AAAA-MM-JJ), s’il en a une.' }),
  expiry: expirySchema,
};

/** One document of the citizen's coffre-fort (`listVaultDocuments`), as the API answers it. */
export const vaultDocumentSchema = z.object({ ...documentFields, createdAt: z.iso.datetime({ offset: true }) }).meta({ id: 'DocumentDuCoffreFort' });

/** A document just put in the coffre-fort (`addVaultDocument`). */
export const addedVaultDocumentSchema = z.object(documentFields).meta({ id: 'DocumentAjouteAuCoffreFort' });

/** The citizen's coffre-fort, newest first, each document with its expiry state. */
export async function listVaultDocuments(context: { tx: Transaction; actor: CitizenActor; now?: Date }) {
  const { tx, actor } = context;
  const now = context.now ?? new Date();
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
    .where(eq(vaultDocuments.accountId, actor.accountId))
    .orderBy(desc(vaultDocuments.createdAt));
  return rows.map((row) => ({ ...row, expiry: expiryOf(row.expiresOn, now) }));
}
