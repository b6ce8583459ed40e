import { and, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { attachments, type Transaction } from '@guichet/db';
import { fileSize, formatLabel, type FieldDefinition, type FormDefinition, type SubmissionData, type SubmissionError } from '@guichet/forms';
import { RequestError } from '../errors.ts';
import { acceptsType } from './file-checks.ts';
import { uploadedBy, type Uploader } from './uploader.ts';

type FileField = Extract<FieldDefinition, { kind: 'file' }>;
type FileAnswer = { path: string; ids: string[]; field: FileField | null };

const isUuid = (id: string) => z.uuid().safeParse(id).success;

/**
 * Attaches the files a filing's form refers to: each must be one of the filer's own uploads,
 * attached to nothing yet, and fit its field (`accept`, `maxSizeBytes`; the count was checked
 * with the form). Called inside the filing's transaction, so a refusal stores nothing.
 */
export async function attachFormFiles(
  tx: Transaction,
  input: { requestId: string; uploader: Uploader | null; form: FormDefinition; data: SubmissionData },
): Promise<void> {
  await attachAnswers(tx, input.requestId, input.uploader, [...fileAnswers(input.form.fields, input.data, [])]);
}

/** Attaches a message's files to its request, on the same terms (the default types were checked at upload). */
export async function attachMessageFiles(tx: Transaction, input: { requestId: string; uploader: Uploader | null; ids: string[] }): Promise<void> {
  await attachAnswers(
    tx,
    input.requestId,
    input.uploader,
    input.ids.map((id, index) => ({ path: `attachmentIds/${index}`, ids: [id], field: null })),
  );
}

function* fileAnswers(fields: readonly FieldDefinition[], data: SubmissionData, path: string[]): Generator<FileAnswer> {
  for (const field of fields) {
    const value = data[field.key];
    if (field.kind === 'file' && Array.isArray(value)) yield { path: [...path, field.key].join('/'), ids: value as string[], field };
    if (field.kind === 'group' && Array.isArray(value)) {
      for (const [index, item] of (value as SubmissionData[]).entries()) {
        yield* fileAnswers(field.fields as FieldDefinition[], item, [...path, field.key, String(index)]);
      }
    }
  }
}

async function attachAnswers(tx: Transaction, requestId: string, uploader: Uploader | null, answers: FileAnswer[]): Promise<void> {
  if (answers.every((answer) => answer.ids.length === 0)) return;
  const wanted = answers.flatMap((answer) => answer.ids).filter(isUuid);
  // Locked, so that two filings racing for one upload (or the sweep) cannot both have it.
  const rows =
    uploader === null || wanted.length === 0
      ? []
      : await tx
          .select()
          .from(attachments)
          .where(and(inArray(attachments.id, wanted), isNull(attachments.requestId), uploadedBy(uploader)))
          .for('update');
  const available = new Map(rows.map((row) => [row.id, row]));
  const errors: SubmissionError[] = [];
  const seen = new Set<string>();
  for (const answer of answers) {
    for (const id of answer.ids) {
      const row = available.get(id);
      if (!row || seen.has(id)) {
        errors.push({ field: answer.path, code: 'invalid_file_reference', message: 'Pièce jointe introuvable ou déjà utilisée : déposez le fichier à nouveau.' });
      } else if (answer.field && !acceptsType(answer.field.accept, row.mediaType)) {
        const accepted = answer.field.accept.map(formatLabel).join(', ');
        errors.push({ field: answer.path, code: 'invalid_file_reference', message: `Format non accepté pour ce champ (formats acceptés : ${accepted}).` });
      } else if (answer.field && row.size > answer.field.maxSizeBytes) {
        errors.push({ field: answer.path, code: 'invalid_file_reference', message: `Fichier trop volumineux pour ce champ (${fileSize(answer.field.maxSizeBytes)} au plus).` });
      }
      seen.add(id);
    }
  }
  if (errors.length > 0) throw new RequestError({ kind: 'invalid_submission', errors });
  // Still unattached: filings written in one transaction do not wait on each other's row locks,
  // so another filing of the batch may have taken an upload since it was read.
  const attached = await tx
    .update(attachments)
    .set({ requestId })
    .where(and(inArray(attachments.id, [...seen]), isNull(attachments.requestId)))
    .returning({ id: attachments.id });
  if (attached.length < seen.size) {
    throw new RequestError({
      kind: 'invalid_submission',
      errors: answers.map((answer) => ({ field: answer.path, code: 'invalid_file_reference', message: 'Pièce jointe introuvable ou déjà utilisée : déposez le fichier à nouveau.' })),
    });
  }
}
