import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { attachments, procedures, type Transaction } from '@guichet/db';
import { formSchema, type FieldDefinition, type FormDefinition } from '@guichet/forms';
import type { Storage } from '@guichet/storage';
import { RequestError } from '../errors.ts';
import { checkFile, DEFAULT_ACCEPTED_TYPES, type IncomingFile, type UploadRules } from './file-checks.ts';
import { FileError } from './file-error.ts';
import { uploaderColumns, type Uploader } from './uploader.ts';

/** The form field an upload is meant for: `field` is its key, `group/key` inside a repeatable group. */
export type UploadTarget = { procedure?: string | undefined; field?: string | undefined };

/** A file kept for the commune, not yet attached (`storeAttachment`, `attachVaultDocument`), as the API answers it. */
export const attachmentSummarySchema = z
  .object({
    id: z.uuid().meta({ description: 'À placer dans la valeur d’un champ fichier ou dans `attachmentIds` d’un message.' }),
    filename: z.string().meta({ example: 'justificatif-domicile.pdf' }),
    mediaType: z.string().meta({ description: 'Le type lu dans le contenu du fichier.', example: 'application/pdf' }),
    size: z.int().meta({ description: 'La taille, en octets.' }),
  })
  .meta({ id: 'PieceJointeDeposee' });

export type AttachmentSummary = z.infer<typeof attachmentSummarySchema>;

/**
 * The rules an upload is held to before its bytes are read: the named file field's own
 * (`accept`, `maxSizeBytes`), or the platform's defaults. Anonymous uploads are taken only for a
 * procedure that can be filed anonymously, so the portal is no free file host.
 */
export async function uploadRules(
  tx: Transaction,
  target: UploadTarget,
  options: { anonymous: boolean; defaultMaxBytes: number },
): Promise<UploadRules> {
  const defaults: UploadRules = { accept: DEFAULT_ACCEPTED_TYPES, maxBytes: options.defaultMaxBytes };
  if (target.procedure === undefined) {
    if (options.anonymous) throw new FileError({ kind: 'anonymous_not_allowed' });
    return defaults;
  }
  const [procedure] = await tx
    .select({ definition: procedures.definition })
    .from(procedures)
    .where(and(eq(procedures.slug, target.procedure), eq(procedures.published, true)));
  if (!procedure) throw new RequestError({ kind: 'not_found' });
  if (options.anonymous && !procedure.definition.anonymousAllowed) throw new FileError({ kind: 'anonymous_not_allowed' });
  if (target.field === undefined) return defaults;
  const form = formSchema.parse(procedure.definition.form) as FormDefinition;
  const field = fileFieldAt(form.fields, target.field.split('/'));
  if (!field) throw new RequestError({ kind: 'not_found' });
  return { accept: field.accept, maxBytes: field.maxSizeBytes };
}

type FileField = Extract<FieldDefinition, { kind: 'file' }>;

function fileFieldAt(fields: readonly FieldDefinition[], path: readonly string[]): FileField | undefined {
  const [key, ...rest] = path;
  const field = fields.find((candidate) => candidate.key === key);
  if (field?.kind === 'file' && rest.length === 0) return field;
  if (field?.kind === 'group' && rest.length > 0) return fileFieldAt(field.fields as FieldDefinition[], rest);
  return undefined;
}

/**
 * Keeps an uploaded file for the commune, not yet attached to anything: its bytes are checked,
 * stored under a key made of ids only, and recorded as the uploader's. Filing or a message then
 * attaches it; unattached, it is swept after a day.
 */
export async function storeAttachment(
  context: { tx: Transaction; storage: Storage; tenantId: string; uploader: Uploader },
  file: IncomingFile,
  rules: UploadRules,
): Promise<AttachmentSummary> {
  const { tx, storage, tenantId } = context;
  const checked = checkFile(file, rules.accept);
  const id = crypto.randomUUID();
  const storageKey = `communes/${tenantId}/pieces-jointes/${id}`;
  const { size, sha256 } = file.received;
  await storage.put(storageKey, file.received.open(), { contentType: checked.mediaType, size });
  try {
    await tx.insert(attachments).values({ tenantId, id, ...uploaderColumns(context.uploader), ...checked, size, sha256, storageKey });
  } catch (error) {
    await storage.delete(storageKey);
    throw error;
  }
  return { id, filename: checked.filename, mediaType: checked.mediaType, size };
}
