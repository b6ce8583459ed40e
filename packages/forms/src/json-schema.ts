import type { AnswerFieldDefinition, FieldDefinition, GroupChildDefinition } from './field-definitions.ts';
import type { FormDefinition } from './form-definition.ts';
import { minOccurrences } from './occurrences.ts';
import type { Condition } from './condition-schema.ts';

/** A JSON Schema (draft 2020-12) document or sub-schema. */
export type JsonSchema = { [keyword: string]: unknown };

/**
 * The answers (`values`) a procedure's form accepts, as JSON Schema 2020-12, for integrators to
 * check a submission before they send it. Written from the same definition the server validates
 * with, and never looser than it: what this schema accepts, the server accepts, except the rules
 * a schema cannot state, told in `description` (date bounds, uploads that must exist) or left to
 * the server (a group's field shown by an answer outside the group). The server is also more
 * lenient than the schema on form (a number typed as text with a French decimal comma, a phone
 * number in national format), never on substance.
 */
export function submissionJsonSchema(form: FormDefinition, meta: { id?: string; title?: string } = {}): JsonSchema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    ...(meta.id ? { $id: meta.id } : {}),
    ...(meta.title ? { title: meta.title } : {}),
    ...scopeSchema(form.fields),
  };
}

function scopeSchema(fields: readonly (FieldDefinition | GroupChildDefinition)[]): JsonSchema {
  const answerable = fields.filter((field): field is Exclude<FieldDefinition, { kind: 'heading' }> => field.kind !== 'heading');
  const properties = Object.fromEntries(answerable.map((field) => [field.key, fieldSchema(field)]));
  const required = answerable.filter((field) => isRequired(field) && !field.visibleWhen).map((field) => field.key);
  // A field shown only under a condition is required only when the condition holds.
  const conditional = answerable
    .filter((field) => isRequired(field) && field.visibleWhen)
    .map((field) => ({ if: conditionSchema(field.visibleWhen!, fields), then: { properties: { [field.key]: true }, required: [field.key] } }));
  return {
    type: 'object',
    properties,
    ...(required.length > 0 ? { required } : {}),
    ...(conditional.length > 0 ? { allOf: conditional } : {}),
    additionalProperties: false,
  };
}

function isRequired(field: Exclude<FieldDefinition, { kind: 'heading' }>): boolean {
  return field.kind === 'group' ? minOccurrences(field) > 0 : field.required;
}

function fieldSchema(field: Exclude<FieldDefinition, { kind: 'heading' }>): JsonSchema {
  if (field.kind === 'group') {
    return {
      title: field.label,
      ...(field.help ? { description: field.help } : {}),
      type: 'array',
      items: scopeSchema(field.fields),
      ...(minOccurrences(field) > 0 ? { minItems: minOccurrences(field) } : {}),
      maxItems: field.maxItems,
    };
  }
  const answer = answerSchema(field);
  const description = [field.help, answer.description].filter(Boolean).join(' ');
  return { ...answer, ...(field.required ? answeredSchema(field) : {}), title: field.label, ...(description ? { description } : {}) };
}

/** A required answer is not blank: no text but spaces, no empty list. */
function answeredSchema(field: AnswerFieldDefinition): JsonSchema {
  if (field.kind === 'multichoice') return { minItems: Math.max(field.minSelected, 1) };
  if (field.kind === 'file') return { minItems: 1 };
  if (['text', 'textarea', 'email', 'date', 'phone'].includes(field.kind)) return { not: { pattern: '^\\s*$' } };
  return {};
}

function answerSchema(field: AnswerFieldDefinition): JsonSchema {
  switch (field.kind) {
    case 'text':
      return {
        type: 'string',
        maxLength: field.maxLength,
        ...(field.minLength !== undefined ? { minLength: field.minLength } : {}),
        // The HTML pattern rule: the whole (trimmed) answer matches.
        ...(field.pattern !== undefined ? { pattern: `^(?:${field.pattern})$` } : {}),
      };
    case 'textarea':
      return { type: 'string', maxLength: field.maxLength, ...(field.minLength !== undefined ? { minLength: field.minLength } : {}) };
    case 'email':
      return { type: 'string', format: 'email', maxLength: 254 };
    case 'phone':
      return { type: 'string', pattern: '^\\+[1-9][0-9]{6,14}$', description: 'Au format international E.164, par exemple +33612345678.' };
    case 'number':
      return {
        type: field.integer ? 'integer' : 'number',
        ...(field.min !== undefined ? { minimum: field.min } : {}),
        ...(field.max !== undefined ? { maximum: field.max } : {}),
      };
    case 'date':
      return { type: 'string', format: 'date', ...dateBounds(field) };
    case 'choice':
      return { type: 'string', enum: field.options.map((option) => option.value) };
    case 'multichoice':
      return {
        type: 'array',
        items: { enum: field.options.map((option) => option.value) },
        uniqueItems: true,
        ...(field.minSelected > 0 ? { minItems: field.minSelected } : {}),
        ...(field.maxSelected !== undefined ? { maxItems: field.maxSelected } : {}),
      };
    case 'yesno':
      return { type: 'boolean' };
    case 'address':
      return addressSchema(field.requireCoordinates);
    case 'file':
      return {
        type: 'array',
        items: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' },
        uniqueItems: true,
        maxItems: field.maxFiles,
        description: `Identifiants de pièces déjà déposées (POST /api/pieces-jointes) : ${field.accept.join(', ')}, ${field.maxSizeBytes} octets au plus chacune.`,
      };
    case 'consent':
      return field.required ? { const: true, description: field.text } : { type: 'boolean', description: field.text };
  }
}

function dateBounds(field: Extract<AnswerFieldDefinition, { kind: 'date' }>): JsonSchema {
  // JSON Schema compares no dates: the bounds are told, and checked by the server.
  const told = (['min', 'max'] as const).flatMap((name) => {
    const bound = field[name];
    if (bound === undefined) return [];
    const side = name === 'min' ? 'au plus tôt' : 'au plus tard';
    return typeof bound === 'string' ? [`${side} le ${bound}`] : [`${side} ${bound.daysFromToday} jour(s) après le jour du dépôt (heure de Paris)`];
  });
  return told.length > 0 ? { description: `Date (AAAA-MM-JJ) ${told.join(', ')}.` } : {};
}

function addressSchema(requireCoordinates: boolean): JsonSchema {
  return {
    type: 'object',
    properties: {
      label: { type: 'string', minLength: 1, maxLength: 500, description: 'L’adresse telle qu’elle se lit.' },
      postcode: { type: 'string', pattern: '^[0-9]{5}$' },
      city: { type: 'string', minLength: 1, maxLength: 200 },
      lat: { type: 'number', minimum: -90, maximum: 90 },
      lon: { type: 'number', minimum: -180, maximum: 180 },
    },
    required: requireCoordinates ? ['label', 'lat', 'lon'] : ['label'],
    // Coordinates come as a pair, or not at all.
    dependentRequired: { lat: ['lon'], lon: ['lat'] },
    additionalProperties: false,
  };
}

/** The condition of `visibleWhen` as a schema of the answers in the same scope. */
function conditionSchema(condition: Condition, fields: readonly (FieldDefinition | GroupChildDefinition)[]): JsonSchema {
  const target = fields.find((field) => field.kind !== 'heading' && field.key === condition.field);
  const ticked = target?.kind === 'multichoice';
  if ('notEmpty' in condition) {
    const notEmpty =
      ticked || target?.kind === 'file' || target?.kind === 'group' ? { type: 'array', minItems: 1 } : { not: { pattern: '^\\s*$' } };
    return { properties: { [condition.field]: notEmpty }, required: [condition.field] };
  }
  const accepted = 'in' in condition ? condition.in : [condition.equals];
  const match = ticked ? { type: 'array', contains: { enum: accepted } } : { enum: accepted };
  return { properties: { [condition.field]: match }, required: [condition.field] };
}
