import { createSignal } from 'solid-js';
import { createStore, produce, reconcile } from 'solid-js/store';
import type { FieldDefinition, GroupChildDefinition } from '@guichet/forms';
import { compilePattern, isEmptyAnswer, isVisible, minOccurrences } from '@guichet/forms/rendering';
import type { CommuneProfile } from '../../api.ts';
import type { VaultAccess } from './vault-picker.tsx';

/** Where a commune's map opens and its tile server, as `GET /api/commune` gives it. */
export type CommuneMap = NonNullable<CommuneProfile['map']>;
/** The address search of the commune's forms, as `GET /api/commune` gives it. */
type AddressSearch = CommuneProfile['addressSearch'];

/** A field of the form or of a repeatable group, as the procedure's definition gives it. */
export type Field = FieldDefinition | GroupChildDefinition;
export type Answers = Record<string, unknown>;
/** Where an answer lives: `['enfants', 1, 'prenom']`, written `enfants/1/prenom` by the server. */
export type FieldPath = readonly (string | number)[];
/** A file already uploaded: the answer keeps it whole for display, the submission sends its id. */
export type UploadedFile = { id: string; filename: string; mediaType: string; size: number };
/** `field` is a slash path, as in the server's 422 problem. */
export type FieldError = { field: string; message: string };

const pathKey = (path: FieldPath): string => path.join('/');

export interface FormStateOptions {
  /** Prefix of every control's id, so that two forms of one page never collide. */
  idPrefix?: string;
  /**
   * Where a file field's uploads go, given the field's path without block numbers
   * (`enfants/piece`): the citizen's and the agent's upload endpoints differ.
   */
  uploadUrl: (fieldPath: string) => string;
  /** The signed-in citizen's coffre-fort, offered beside every file field. */
  vault?: VaultAccess | undefined;
  /**
   * The Base Adresse Nationale's search (or its local peer) that address fields call as the citizen
   * types, and the commune's centre its addresses are searched around first.
   */
  addressSearch?: AddressSearch | undefined;
  /** The commune's map, where address fields let a point be placed; none without a tile server. */
  map?: CommuneMap | null | undefined;
}

/**
 * The answers of one rendered form, its errors (the server's or the browser's, by path) and its
 * uploads in progress. It knows nothing of steps, pages or who fills it in: the citizen's filing
 * page and the agent's intake screen each drive one.
 */
export function createFormState(options: FormStateOptions) {
  const [answers, setAnswers] = createStore<Answers>({});
  const [errors, setErrors] = createSignal<FieldError[]>([]);
  const [uploading, setUploading] = createSignal(0);
  const prefix = options.idPrefix ?? 'champ';

  function clearErrors(path: FieldPath) {
    const key = pathKey(path);
    setErrors((current) => current.filter((error) => error.field !== key && !error.field.startsWith(`${key}/`)));
  }

  return {
    answers,
    answer: (path: FieldPath): unknown => valueAt(answers, path),
    /** Puts back answers kept earlier (a draft), replacing the current ones. */
    load(values: Answers) {
      setAnswers(reconcile(values));
      setErrors([]);
    },
    setAnswer(path: FieldPath, value: unknown) {
      setAnswers(produce((draft) => assign(draft, path, value)));
      clearErrors(path);
    },
    addOccurrence(path: FieldPath) {
      setAnswers(
        produce((draft) => {
          const blocks = valueAt(draft, path) as Answers[] | undefined;
          if (blocks) blocks.push({});
          else assign(draft, path, [{}]);
        }),
      );
      // Block numbers shift: errors of the group no longer point at the right block.
      clearErrors(path);
    },
    removeOccurrence(path: FieldPath, index: number) {
      setAnswers(produce((draft) => (valueAt(draft, path) as Answers[]).splice(index, 1)));
      clearErrors(path);
    },
    errors,
    setErrors,
    clearErrors,
    errorAt: (path: FieldPath) => errors().find((error) => error.field === pathKey(path))?.message,
    /** The id of the control an error links to: `champ-enfants-1-prenom`. */
    idOf: (path: FieldPath) => `${prefix}-${path.join('-')}`,
    uploadUrl: options.uploadUrl,
    vault: options.vault,
    addressSearch: options.addressSearch,
    map: options.map ?? undefined,
    uploading,
    uploadStarted: () => setUploading((count) => count + 1),
    uploadEnded: () => setUploading((count) => count - 1),
  };
}

export type FormState = ReturnType<typeof createFormState>;

function valueAt(root: unknown, path: FieldPath): unknown {
  let current = root;
  for (const step of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[step];
  }
  return current;
}

function assign(root: Answers, path: FieldPath, value: unknown) {
  let current: Record<string | number, unknown> = root;
  path.slice(0, -1).forEach((step, index) => {
    if (current[step] === undefined || current[step] === null) current[step] = typeof path[index + 1] === 'number' ? [] : {};
    current = current[step] as Record<string | number, unknown>;
  });
  current[path[path.length - 1]!] = value;
}

/**
 * Which fields of a scope are shown, by the rules the server validates with: in form order, a
 * condition sees only the answers kept so far, so a field that depends on a hidden one is hidden
 * too. `kept` is the scope the fields of a group see around their own block.
 */
export function shownFields(fields: readonly Field[], answers: Answers | undefined, outer: Answers = {}) {
  const kept: Answers = {};
  const shown = new Set<string>();
  for (const field of fields) {
    if (!isVisible(field, { ...outer, ...kept })) continue;
    shown.add(field.key);
    if (field.kind === 'heading') continue;
    const value = comparedValue(field, answers?.[field.key]);
    if (!isEmptyAnswer(value)) kept[field.key] = value;
  }
  return { shown, kept: { ...outer, ...kept } };
}

/** An answer as the server compares it after reading it: trimmed text, numbers as numbers, file ids. */
function comparedValue(field: Field, raw: unknown): unknown {
  if (field.kind === 'number' && typeof raw === 'string') {
    const text = raw.replace(/[\s\u202f]/g, '').replace(',', '.');
    return text === '' || !Number.isFinite(Number(text)) ? raw : Number(text);
  }
  if (field.kind === 'file') return ((raw as UploadedFile[] | undefined) ?? []).map((file) => file.id);
  if (field.kind === 'address') return isAddressGiven(raw) ? raw : undefined;
  return typeof raw === 'string' ? raw.trim() : raw;
}

type Address = { label?: string; lat?: number; lon?: number };

function isAddressGiven(raw: unknown): boolean {
  const address = raw as Address | undefined;
  return Boolean(address?.label?.trim()) || address?.lat !== undefined;
}

/** Whether the citizen answered: text typed, an option chosen, a box ticked, a file attached. */
export function isAnswered(field: Field, raw: unknown): boolean {
  if (field.kind === 'address') return isAddressGiven(raw);
  if (field.kind === 'consent') return raw === true;
  return !isEmptyAnswer(comparedValue(field, raw));
}

/**
 * The answers to send, in the server's shape: shown fields only, files as their ids, blocks of
 * a group as objects. Text goes as typed: the server trims and reads it (`12,5`, `06 12 34 56 78`).
 */
export function submissionValues(fields: readonly Field[], answers: Answers | undefined, outer: Answers = {}): Answers {
  const { shown, kept } = shownFields(fields, answers, outer);
  const values: Answers = {};
  for (const field of fields) {
    if (field.kind === 'heading' || !shown.has(field.key)) continue;
    const raw = answers?.[field.key];
    if (field.kind === 'group') {
      const blocks = (raw as Answers[] | undefined) ?? [];
      if (blocks.length > 0) values[field.key] = blocks.map((block) => submissionValues(field.fields, block, kept));
    } else if (field.kind === 'file') {
      const ids = ((raw as UploadedFile[] | undefined) ?? []).map((file) => file.id);
      if (ids.length > 0) values[field.key] = ids;
    } else if (field.kind === 'consent' || field.kind === 'yesno') {
      if (typeof raw === 'boolean') values[field.key] = raw;
    } else if (isAnswered(field, raw)) {
      values[field.key] = raw;
    }
  }
  return values;
}

/**
 * What the browser can tell before sending: a missing answer, too few blocks or options, a
 * text that does not match its pattern. Everything else is the server's to say, and it says
 * it again: these checks only save a round trip.
 */
export function checkAnswers(fields: readonly Field[], answers: Answers | undefined, path: FieldPath = [], outer: Answers = {}): FieldError[] {
  const { shown, kept } = shownFields(fields, answers, outer);
  const errors: FieldError[] = [];
  const report = (key: string, message: string) => errors.push({ field: pathKey([...path, key]), message });
  for (const field of fields) {
    if (field.kind === 'heading' || !shown.has(field.key)) continue;
    const raw = answers?.[field.key];
    if (field.kind === 'group') {
      const blocks = (raw as Answers[] | undefined) ?? [];
      const minimum = minOccurrences(field);
      if (blocks.length < minimum) {
        report(field.key, blocks.length === 0 ? 'Ce champ est obligatoire.' : `Ce groupe comporte au moins ${minimum} éléments.`);
      }
      blocks.forEach((block, index) => errors.push(...checkAnswers(field.fields, block, [...path, field.key, index], kept)));
      continue;
    }
    if (!isAnswered(field, raw)) {
      if (field.kind === 'consent' && field.required) report(field.key, 'Vous devez donner votre accord pour continuer.');
      else if (field.required || (field.kind === 'multichoice' && field.minSelected > 0)) report(field.key, 'Ce champ est obligatoire.');
      continue;
    }
    if (field.kind === 'multichoice' && (raw as string[]).length < field.minSelected) {
      report(field.key, `Cochez au moins ${field.minSelected} options.`);
    } else if (field.kind === 'text' && field.pattern && !compilePattern(field.pattern).test(String(raw).trim())) {
      report(field.key, field.patternMessage ?? 'Le format de la saisie est invalide.');
    } else if (field.kind === 'address' && field.requireCoordinates && (raw as Address).lat === undefined) {
      report(field.key, 'Indiquez l’emplacement exact : utilisez votre position.');
    }
  }
  return errors;
}

/** The field a path designates, and the labels that name it ("Enfant 2 – Date de naissance"). */
export function describePath(fields: readonly Field[], path: readonly string[]): { field: Field; label: string } | undefined {
  const [key, index, ...rest] = path;
  const field = fields.find((candidate) => candidate.key === key);
  if (!field) return undefined;
  if (field.kind !== 'group' || index === undefined || rest.length === 0) return { field, label: field.label };
  const inner = describePath(field.fields, rest);
  return inner && { field: inner.field, label: `${occurrenceName(field, Number(index))} – ${inner.label}` };
}

/** "Enfant 2": a block of a group by its number, counted from one. */
export function occurrenceName(group: { itemLabel?: string | undefined }, index: number): string {
  return `${group.itemLabel ?? 'Élément'} ${index + 1}`;
}
