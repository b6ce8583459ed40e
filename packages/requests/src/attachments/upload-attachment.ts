import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { attachments, enforceAttempts, procedures, rateKey, withTenant, type Actor, type Database, type RateRule, type Transaction } from '@guichet/db';
import { formSchema, type FieldDefinition, type FormDefinition } from '@guichet/forms';
import type { Storage } from '@guichet/storage';
import { RequestError } from '../errors.ts';
import { checkFile, DEFAULT_ACCEPTED_TYPES, type IncomingFile, type UploadRules } from './file-checks.ts';
import { FileError } from './file-error.ts';
import { uploaderColumns, uploaderOf } from './uploader.ts';

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

/** Anonymous uploads per address: enough for any honest filing, a bound on using the portal as a file host. */
const ANONYMOUS_UPLOADS: RateRule = { attempts: 30, windowSeconds: 3600, blockSeconds: 3600 };

/**
 * The rules an upload is held to before its bytes are read: the named file field's own
 * (`accept`, `maxSizeBytes`), or the platform's defaults (`defaultMaxBytes`). Anonymous uploads
 * (the `system` actor: nobody signed in) are counted per address (`TooManyAttempts` beyond 30
 * an hour, refusals included) and taken only for a procedure that can be filed anonymously, so
 * the portal is no free file host.
 */
export async function uploadRules(
  context: { db: Database; tenantId: string; actor: Actor; ip: string; defaultMaxBytes: number },
  target: UploadTarget,
): Promise<UploadRules> {
  const anonymous = context.actor.kind === 'system';
  if (anonymous) await enforceAttempts(context.db, [{ key: rateKey('depot-anonyme', context.ip), rule: ANONYMOUS_UPLOADS }]);
  const defaults: UploadRules = { accept: DEFAULT_ACCEPTED_TYPES, maxBytes: context.defaultMaxBytes };
  if (target.procedure === undefined) {
    if (anonymous) throw new FileError({ kind: 'anonymous_not_allowed' });
    return defaults;
  }
  const procedure = target.procedure;
  const [published] = await withTenant(context.db, context.tenantId, (tx) =>
    tx
      .select({ definition: procedures.definition })
      .from(procedures)
      .where(and(eq(procedures.slug, procedure), eq(procedures.published, true))),
  );
  if (!published) throw new RequestError({ kind: 'not_found' });
  if (anonymous && !published.definition.anonymousAllowed) throw new FileError({ kind: 'anonymous_not_allowed' });
  if (target.field === undefined) return defaults;
  const form = formSchema.parse(published.definition.form) as FormDefinition;
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
 * Keeps an uploaded file for the commune, not yet attached to anything: its bytes are checked
 * against `rules` (`uploadRules`), stored under a key made of ids only, and recorded as the
 * uploader's: the actor, or for an anonymous filer the browser holding `uploadToken`. Filing or a
 * message then attaches it; unattached, it is swept after a day.
 */
export async function storeAttachment(
  context: { tx: Transaction; storage: Storage; tenantId: string; actor: Actor; uploadToken?: string | undefined },
  input: { file: IncomingFile; rules: UploadRules },
): Promise<AttachmentSummary> {
  const { tx, storage, tenantId } = context;
  const { file, rules } = input;
  const uploader = uploaderOf(context.actor, context.uploadToken);
  if (!uploader) throw new FileError({ kind: 'anonymous_not_allowed' });
  const checked = checkFile(file, rules.accept);
  const id = crypto.randomUUID();
  const storageKey = `communes/${tenantId}/pieces-jointes/${id}`;
  const { size, sha256 } = file.received;
  await storage.put(storageKey, file.received.open(), { contentType: checked.mediaType, size });
  try {
    await tx.insert(attachments).values({ tenantId, id, ...uploaderColumns(uploader), ...checked, size, sha256, storageKey });
  } catch (error) {
    await storage.delete(storageKey);
    throw error;
  }
  return { id, filename: checked.filename, mediaType: checked.mediaType, size };
}
