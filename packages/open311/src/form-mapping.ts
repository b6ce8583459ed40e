import type { FieldDefinition, FormDefinition } from '@guichet/forms';
import type { Attribute, Datatype } from './documents.ts';

type AddressField = Extract<FieldDefinition, { kind: 'address' }>;
type FreeTextField = Extract<FieldDefinition, { kind: 'text' | 'textarea' }>;
export type AttributeField = Extract<
  FieldDefinition,
  { kind: 'text' | 'textarea' | 'email' | 'phone' | 'number' | 'date' | 'choice' | 'multichoice' | 'yesno' | 'consent' }
>;

/**
 * How a procedure's form meets GeoReport v2. Open311 has its own parameters for where and what:
 * the first address field takes `lat`/`long`/`address_string`, and the first free text always
 * shown takes `description` (every client asks for one), so neither is asked twice as an
 * attribute. Of the rest, what a client can answer in one value is an attribute; headings say
 * nothing, files come as `media_url`, and repeated blocks have no Open311 form.
 */
export type Open311Form = {
  address: AddressField | undefined;
  description: FreeTextField | undefined;
  attributes: AttributeField[];
};

export function open311Form(form: FormDefinition): Open311Form {
  const address = form.fields.find((field): field is AddressField => field.kind === 'address');
  const alwaysShown = form.fields.filter((field) => field.visibleWhen === undefined);
  const description =
    alwaysShown.find((field): field is FreeTextField => field.kind === 'textarea') ??
    alwaysShown.find((field): field is FreeTextField => field.kind === 'text');
  const attributes = form.fields.filter((field): field is AttributeField => isAttributeField(field) && field !== description);
  return { address, description, attributes };
}

function isAttributeField(field: FieldDefinition): field is AttributeField {
  return !['heading', 'address', 'file', 'group'].includes(field.kind);
}

const YES_NO = [
  { key: 'true', name: 'Oui' },
  { key: 'false', name: 'Non' },
];

/** One attribute of a service definition, `order` counting from 1. */
export function toAttribute(field: AttributeField, order: number): Attribute {
  return {
    variable: true,
    code: field.key,
    datatype: datatypeOf(field),
    // A field shown only on some answers cannot be required of a client that does not see the form.
    required: field.required && field.visibleWhen === undefined,
    datatype_description: datatypeDescription(field),
    order,
    description: field.help ? `${field.label} — ${field.help}` : field.label,
    ...valuesOf(field),
  };
}

function datatypeOf(field: AttributeField): Datatype {
  switch (field.kind) {
    case 'textarea':
      return 'text';
    case 'number':
      return 'number';
    case 'date':
      return 'datetime';
    case 'choice':
    case 'yesno':
    case 'consent':
      return 'singlevaluelist';
    case 'multichoice':
      return 'multivaluelist';
    default:
      return 'string';
  }
}

function datatypeDescription(field: AttributeField): string | null {
  switch (field.kind) {
    case 'text':
      return field.pattern === undefined ? null : (field.patternMessage ?? null);
    case 'email':
      return 'Adresse e-mail.';
    case 'phone':
      return 'Numéro de téléphone, par exemple 06 12 34 56 78.';
    case 'number':
      return field.integer ? 'Nombre entier.' : 'Nombre, avec un point ou une virgule décimale.';
    case 'date':
      return 'Une date : AAAA-MM-JJ, ou une date et heure ISO 8601 dont seul le jour compte.';
    case 'multichoice':
      return 'Une ou plusieurs valeurs : attribute[code][]=valeur, répété.';
    default:
      return null;
  }
}

function valuesOf(field: AttributeField): { values?: { key: string; name: string }[] } {
  switch (field.kind) {
    case 'choice':
    case 'multichoice':
      return { values: field.options.map((option) => ({ key: option.value, name: option.label })) };
    case 'yesno':
      return { values: YES_NO };
    case 'consent':
      // Agreeing is the one answer a client can give; the statement is what it agrees to.
      return { values: [{ key: 'true', name: field.text }] };
    default:
      return {};
  }
}
