import { parisDay } from '@guichet/deadlines';
import type { AnswerFieldDefinition, FieldDefinition, GroupChildDefinition, GroupFieldDefinition } from './field-definitions.ts';
import { readAnswer, type AnswerErrorCode, type AnswerValue } from './field-values.ts';
import type { FormDefinition } from './form-definition.ts';
import { minOccurrences } from './occurrences.ts';
import { isEmptyAnswer, isVisible } from './visibility.ts';

export type SubmissionData = { [key: string]: AnswerValue | SubmissionData[] };

export type SubmissionErrorCode =
  | AnswerErrorCode
  | 'required'
  | 'unknown_field'
  | 'too_few_items'
  | 'too_many_items';

export interface SubmissionError {
  /** Slash-separated path of the answer, e.g. `enfants/1/prenom`; empty for the whole submission. */
  field: string;
  code: SubmissionErrorCode;
  /** French, for the citizen or the agent who typed the answer. */
  message: string;
}

export type SubmissionResult = { ok: true; data: SubmissionData } | { ok: false; errors: SubmissionError[] };

export interface ValidateSubmissionOptions {
  /** The instant of submission: relative date bounds ("not in the future") use its Paris day. */
  now?: Date;
}

interface Reading {
  today: string;
  errors: SubmissionError[];
}

type Path = readonly string[];

/**
 * Checks a submission against its form: one error per wrong answer, answers to unknown fields
 * refused, answers to hidden fields dropped, and the kept answers normalised (trimmed text,
 * E.164 phone numbers, numbers as numbers…), in the order of the form.
 */
export function validateSubmission(
  form: FormDefinition,
  values: unknown,
  { now = new Date() }: ValidateSubmissionOptions = {},
): SubmissionResult {
  const reading: Reading = { today: parisDay(now), errors: [] };
  const data = readScope(form.fields, values, [], {}, reading);
  return reading.errors.length > 0 ? { ok: false, errors: reading.errors } : { ok: true, data };
}

function report(reading: Reading, path: Path, code: SubmissionErrorCode, message: string) {
  reading.errors.push({ field: path.join('/'), code, message });
}

function readScope(
  fields: readonly (FieldDefinition | GroupChildDefinition)[],
  values: unknown,
  path: Path,
  outer: SubmissionData,
  reading: Reading,
): SubmissionData {
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    report(reading, path, 'invalid_type', path.length === 0 ? 'Les réponses doivent être un objet.' : 'Ce bloc de réponses est invalide.');
    return {};
  }
  const answers = values as Record<string, unknown>;
  const answerable = new Set(fields.filter((field) => field.kind !== 'heading').map((field) => field.key));
  for (const key of Object.keys(answers)) {
    if (!answerable.has(key)) report(reading, [...path, key], 'unknown_field', 'Ce champ ne fait pas partie du formulaire.');
  }
  const data: SubmissionData = {};
  for (const field of fields) {
    if (field.kind === 'heading') continue;
    // Conditions see the answers kept so far, so a field depending on a hidden one is hidden too.
    const scope = { ...outer, ...data };
    if (!isVisible(field, scope)) continue;
    const raw = Object.hasOwn(answers, field.key) ? answers[field.key] : undefined;
    const fieldPath = [...path, field.key];
    const value =
      field.kind === 'group' ? readGroup(field, raw, fieldPath, scope, reading) : readField(field, raw, fieldPath, reading);
    if (value !== undefined) data[field.key] = value;
  }
  return data;
}

function readField(field: AnswerFieldDefinition, raw: unknown, path: Path, reading: Reading): AnswerValue | undefined {
  if (isEmptyAnswer(raw)) {
    if (field.kind === 'consent' && field.required) {
      report(reading, path, 'consent_required', 'Vous devez donner votre accord pour continuer.');
    } else if (field.required || (field.kind === 'multichoice' && field.minSelected > 0)) {
      report(reading, path, 'required', 'Ce champ est obligatoire.');
    }
    return undefined;
  }
  const outcome = readAnswer(field, raw, reading.today);
  if ('value' in outcome) return outcome.value;
  report(reading, path, outcome.error.code, outcome.error.message);
  return undefined;
}

function readGroup(
  group: GroupFieldDefinition,
  raw: unknown,
  path: Path,
  scope: SubmissionData,
  reading: Reading,
): SubmissionData[] | undefined {
  const minimum = minOccurrences(group);
  if (isEmptyAnswer(raw)) {
    if (minimum > 0) report(reading, path, 'required', 'Ce champ est obligatoire.');
    return undefined;
  }
  if (!Array.isArray(raw)) {
    report(reading, path, 'invalid_type', 'Les réponses de ce groupe sont invalides.');
    return undefined;
  }
  // Refused before reading the blocks, so an oversized submission costs nothing to reject.
  if (raw.length > group.maxItems) {
    report(reading, path, 'too_many_items', `Ce groupe comporte au plus ${blocks(group.maxItems)}.`);
    return undefined;
  }
  if (raw.length < minimum) report(reading, path, 'too_few_items', `Ce groupe comporte au moins ${blocks(minimum)}.`);
  return raw.map((item, index) => readScope(group.fields, item, [...path, String(index)], scope, reading));
}

const blocks = (count: number) => (count > 1 ? `${count} éléments` : `${count} élément`);
