import { z } from 'zod';
import type { AnswerFieldDefinition, DateBound } from './field-definitions.ts';
import { compilePattern } from './pattern.ts';
import { normalizeFrenchPhone } from './phone.ts';

export interface Address {
  label: string;
  postcode?: string;
  city?: string;
  lat?: number;
  lon?: number;
}

export type AnswerValue = string | number | boolean | string[] | Address;

export type AnswerErrorCode =
  | 'invalid_type'
  | 'too_short'
  | 'too_long'
  | 'pattern'
  | 'invalid_email'
  | 'invalid_phone'
  | 'not_integer'
  | 'too_small'
  | 'too_big'
  | 'invalid_date'
  | 'date_too_early'
  | 'date_too_late'
  | 'invalid_option'
  | 'too_few_selected'
  | 'too_many_selected'
  | 'invalid_address'
  | 'invalid_postcode'
  | 'invalid_coordinates'
  | 'coordinates_required'
  | 'invalid_file_reference'
  | 'too_many_files'
  | 'consent_required';

export type AnswerOutcome = { value: AnswerValue } | { error: { code: AnswerErrorCode; message: string } };

const fail = (code: AnswerErrorCode, message: string): AnswerOutcome => ({ error: { code, message } });

/** Reads one non-empty answer: checks it against its field and returns it normalised. */
export function readAnswer(field: AnswerFieldDefinition, raw: unknown, today: string): AnswerOutcome {
  switch (field.kind) {
    case 'text':
      return readText(field, raw);
    case 'textarea':
      // Browsers send CRLF line breaks; counting them as two characters would break maxLength.
      return readText(field, typeof raw === 'string' ? raw.replace(/\r\n?/g, '\n') : raw);
    case 'email':
      return readEmail(raw);
    case 'phone':
      return readPhone(raw);
    case 'number':
      return readNumber(field, raw);
    case 'date':
      return readDate(field, raw, today);
    case 'choice':
      return readChoice(field, raw);
    case 'multichoice':
      return readMultichoice(field, raw);
    case 'yesno':
      return typeof raw === 'boolean' ? { value: raw } : fail('invalid_type', 'Répondez par oui ou par non.');
    case 'address':
      return readAddress(field, raw);
    case 'file':
      return readFiles(field, raw);
    case 'consent':
      return readConsent(field, raw);
  }
}

function readText(
  field: { minLength?: number | undefined; maxLength: number; pattern?: string | undefined; patternMessage?: string | undefined },
  raw: unknown,
): AnswerOutcome {
  if (typeof raw !== 'string') return fail('invalid_type', 'Saisissez un texte.');
  const value = raw.trim();
  if (field.minLength !== undefined && value.length < field.minLength) {
    return fail('too_short', `Saisissez au moins ${characters(field.minLength)}.`);
  }
  if (value.length > field.maxLength) return fail('too_long', `Saisissez au plus ${characters(field.maxLength)}.`);
  if (field.pattern !== undefined && !compilePattern(field.pattern).test(value)) {
    return fail('pattern', field.patternMessage ?? 'Le format de la saisie est invalide.');
  }
  return { value };
}

const characters = (count: number) => (count > 1 ? `${count} caractères` : `${count} caractère`);

const emailSchema = z.email();

function readEmail(raw: unknown): AnswerOutcome {
  if (typeof raw !== 'string') return fail('invalid_email', 'Adresse e-mail invalide.');
  const value = raw.trim();
  // 254 is the longest address SMTP can carry (RFC 5321).
  if (value.length > 254 || !emailSchema.safeParse(value).success) return fail('invalid_email', 'Adresse e-mail invalide.');
  // The domain is case-insensitive; the local part belongs to the mail server and is kept as typed.
  const at = value.lastIndexOf('@');
  return { value: value.slice(0, at) + value.slice(at).toLowerCase() };
}

function readPhone(raw: unknown): AnswerOutcome {
  const value = typeof raw === 'string' ? normalizeFrenchPhone(raw) : undefined;
  return value
    ? { value }
    : fail('invalid_phone', 'Numéro de téléphone invalide. Exemple : 06 12 34 56 78 ou +33 6 12 34 56 78.');
}

const DECIMAL = /^-?\d+(?:[.,]\d+)?$/;

function readNumber(field: { min?: number | undefined; max?: number | undefined; integer: boolean }, raw: unknown): AnswerOutcome {
  // A typed answer may come as text, with a French decimal comma or spaces between thousands.
  const text = typeof raw === 'string' ? raw.replace(/[\s\u202f]/g, '') : undefined;
  const value = typeof raw === 'number' ? raw : text && DECIMAL.test(text) ? Number(text.replace(',', '.')) : Number.NaN;
  if (!Number.isFinite(value)) return fail('invalid_type', 'Saisissez un nombre.');
  if (field.integer && !Number.isInteger(value)) return fail('not_integer', 'Saisissez un nombre entier.');
  if (field.min !== undefined && value < field.min) {
    return fail('too_small', `La valeur doit être supérieure ou égale à ${frenchNumber(field.min)}.`);
  }
  if (field.max !== undefined && value > field.max) {
    return fail('too_big', `La valeur doit être inférieure ou égale à ${frenchNumber(field.max)}.`);
  }
  return { value };
}

const frenchNumber = (value: number) => value.toLocaleString('fr-FR');

const isoDaySchema = z.iso.date();

function readDate(field: { min?: DateBound | undefined; max?: DateBound | undefined }, raw: unknown, today: string): AnswerOutcome {
  if (typeof raw !== 'string' || !isoDaySchema.safeParse(raw.trim()).success) {
    return fail('invalid_date', 'Date invalide. Format attendu : AAAA-MM-JJ.');
  }
  const value = raw.trim();
  // ISO days of four-digit years compare as text.
  const min = field.min === undefined ? undefined : resolveBound(field.min, today);
  if (min !== undefined && value < min) {
    return fail('date_too_early', min === today ? 'La date ne peut pas être passée.' : `La date doit être le ${frenchDate(min)} ou après.`);
  }
  const max = field.max === undefined ? undefined : resolveBound(field.max, today);
  if (max !== undefined && value > max) {
    return fail('date_too_late', max === today ? 'La date ne peut pas être dans le futur.' : `La date doit être le ${frenchDate(max)} ou avant.`);
  }
  return { value };
}

function resolveBound(bound: DateBound, today: string): string {
  if (typeof bound === 'string') return bound;
  return new Date(Date.parse(`${today}T00:00:00Z`) + bound.daysFromToday * 86_400_000).toISOString().slice(0, 10);
}

const frenchDate = (iso: string) => iso.split('-').reverse().join('/');

function readChoice(field: { options: ReadonlyArray<{ value: string }> }, raw: unknown): AnswerOutcome {
  return field.options.some((option) => option.value === raw)
    ? { value: raw as string }
    : fail('invalid_option', 'Choisissez une des options proposées.');
}

function readMultichoice(
  field: { options: ReadonlyArray<{ value: string }>; minSelected: number; maxSelected?: number | undefined },
  raw: unknown,
): AnswerOutcome {
  if (!Array.isArray(raw)) return fail('invalid_type', 'Cochez une ou plusieurs options.');
  if (raw.some((item) => !field.options.some((option) => option.value === item))) {
    return fail('invalid_option', 'Choisissez parmi les options proposées.');
  }
  // Kept in the order of the options, once each, whatever order the boxes were ticked in.
  const value = field.options.map((option) => option.value).filter((option) => raw.includes(option));
  if (value.length < field.minSelected) return fail('too_few_selected', `Cochez au moins ${options(field.minSelected)}.`);
  if (field.maxSelected !== undefined && value.length > field.maxSelected) {
    return fail('too_many_selected', `Cochez au plus ${options(field.maxSelected)}.`);
  }
  return { value };
}

const options = (count: number) => (count > 1 ? `${count} options` : `${count} option`);

const addressSchema = z.strictObject({
  label: z.string().trim().min(1).max(500),
  postcode: z.string().trim().optional(),
  city: z.string().trim().min(1).max(200).optional(),
  lat: z.number().optional(),
  lon: z.number().optional(),
});

function readAddress(field: { requireCoordinates: boolean }, raw: unknown): AnswerOutcome {
  const parsed = addressSchema.safeParse(raw);
  if (!parsed.success) return fail('invalid_address', 'Indiquez une adresse valide.');
  const { label, postcode, city, lat, lon } = parsed.data;
  const value: Address = { label };
  if (postcode !== undefined && postcode !== '') {
    // Five digits, overseas (97x, 98x) and Corsica (20x) included.
    if (!/^\d{5}$/.test(postcode)) return fail('invalid_postcode', 'Code postal invalide : 5 chiffres.');
    value.postcode = postcode;
  }
  if (city !== undefined) value.city = city;
  if (lat === undefined && lon === undefined) {
    return field.requireCoordinates ? fail('coordinates_required', 'Indiquez l’emplacement sur la carte.') : { value };
  }
  if (lat === undefined || lon === undefined || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    return fail('invalid_coordinates', 'Coordonnées géographiques invalides.');
  }
  return { value: { ...value, lat, lon } };
}

const ATTACHMENT_ID = /^[A-Za-z0-9_-]{1,64}$/;

function readFiles(field: { maxFiles: number }, raw: unknown): AnswerOutcome {
  if (!Array.isArray(raw) || raw.some((id) => typeof id !== 'string' || !ATTACHMENT_ID.test(id))) {
    return fail('invalid_file_reference', 'Pièce jointe invalide : déposez le fichier à nouveau.');
  }
  const value = [...new Set(raw as string[])];
  if (value.length > field.maxFiles) {
    return fail('too_many_files', `Joignez au plus ${field.maxFiles} ${field.maxFiles > 1 ? 'fichiers' : 'fichier'}.`);
  }
  return { value };
}

function readConsent(field: { required: boolean }, raw: unknown): AnswerOutcome {
  if (typeof raw !== 'boolean') return fail('invalid_type', 'Cochez ou décochez la case.');
  if (field.required && !raw) return fail('consent_required', 'Vous devez donner votre accord pour continuer.');
  return { value: raw };
}
