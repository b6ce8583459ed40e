import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { formSchema, submissionJsonSchema, validateSubmission, type FormDefinition } from '../src/index.ts';

const now = new Date('2026-09-01T08:00:00+02:00');

/** Every kind of field, required and optional, a condition on an option and a repeatable group. */
const form = formSchema.parse({
  fields: [
    { kind: 'heading', key: 'identite', label: 'Vous' },
    { kind: 'text', key: 'nom', label: 'Nom', required: true, maxLength: 40 },
    { kind: 'text', key: 'plaque', label: 'Immatriculation', pattern: '[A-Z]{2}-[0-9]{3}-[A-Z]{2}', patternMessage: 'Format AB-123-CD.' },
    { kind: 'textarea', key: 'details', label: 'Précisions', maxLength: 200 },
    { kind: 'email', key: 'courriel', label: 'Courriel', required: true },
    { kind: 'phone', key: 'telephone', label: 'Téléphone' },
    { kind: 'number', key: 'personnes', label: 'Personnes', integer: true, min: 1, max: 10 },
    { kind: 'date', key: 'jour', label: 'Jour', max: { daysFromToday: 0 } },
    { kind: 'choice', key: 'nature', label: 'Nature', required: true, options: [{ value: 'voirie', label: 'Voirie' }, { value: 'autre', label: 'Autre' }] },
    { kind: 'text', key: 'autre_nature', label: 'Laquelle ?', required: true, visibleWhen: { field: 'nature', equals: 'autre' } },
    { kind: 'multichoice', key: 'canaux', label: 'Canaux', required: true, options: [{ value: 'sms', label: 'SMS' }, { value: 'courriel', label: 'Courriel' }] },
    { kind: 'phone', key: 'mobile', label: 'Mobile', required: true, visibleWhen: { field: 'canaux', equals: 'sms' } },
    { kind: 'yesno', key: 'danger', label: 'Danger ?', required: true },
    { kind: 'address', key: 'lieu', label: 'Lieu', required: true, requireCoordinates: true },
    { kind: 'file', key: 'photos', label: 'Photos', maxFiles: 2 },
    { kind: 'consent', key: 'accord', label: 'Accord', required: true, text: 'J’accepte.' },
    {
      kind: 'group',
      key: 'enfants',
      label: 'Enfants',
      required: true,
      maxItems: 2,
      fields: [
        { kind: 'text', key: 'prenom', label: 'Prénom', required: true },
        { kind: 'yesno', key: 'allergie', label: 'Allergie ?' },
        { kind: 'textarea', key: 'allergie_detail', label: 'Laquelle ?', required: true, visibleWhen: { field: 'allergie', equals: true } },
      ],
    },
  ],
});

const complete = {
  nom: 'Durand',
  plaque: 'AB-123-CD',
  courriel: 'camille@example.fr',
  telephone: '+33612345678',
  personnes: 3,
  jour: '2026-08-30',
  nature: 'autre',
  autre_nature: 'Un banc cassé',
  canaux: ['sms'],
  mobile: '+33698765432',
  danger: false,
  lieu: { label: '1 place de la République, Libercourt', postcode: '62820', lat: 50.48, lon: 3.01 },
  photos: ['a1b2c3'],
  accord: true,
  enfants: [{ prenom: 'Léa', allergie: true, allergie_detail: 'Arachide' }],
};

/** Variations of a complete submission: each changes one thing, some accepted, most refused. */
const variations: Record<string, Record<string, unknown>> = {
  'without optional answers': { plaque: undefined, details: undefined, telephone: undefined, personnes: undefined, jour: undefined, photos: undefined },
  'required text missing': { nom: undefined },
  'required text blank': { nom: '   ' },
  'text too long': { nom: 'x'.repeat(41) },
  'pattern not matched': { plaque: 'AB123CD' },
  'not an e-mail': { courriel: 'camille' },
  'decimal where an integer is needed': { personnes: 2.5 },
  'number out of range': { personnes: 11 },
  'not a date': { jour: '30/08/2026' },
  'unknown option': { nature: 'piscine' },
  'condition holds, its field missing': { autre_nature: undefined },
  'condition does not hold, its field missing': { nature: 'voirie', autre_nature: undefined },
  'nothing ticked': { canaux: [] },
  'ticked option shows a required field': { mobile: undefined },
  'other option ticked': { canaux: ['courriel'], mobile: undefined },
  'yes/no as text': { danger: 'non' },
  'address without coordinates': { lieu: { label: 'Place de la République' } },
  'address with half coordinates': { lieu: { label: 'Place', lat: 50.4 } },
  'bad postcode': { lieu: { label: 'Place', postcode: '6282', lat: 50.4, lon: 3 } },
  'too many files': { photos: ['a', 'b', 'c'] },
  'consent refused': { accord: false },
  'no child': { enfants: [] },
  'child without first name': { enfants: [{ allergie: false }] },
  'child allergy without detail': { enfants: [{ prenom: 'Léa', allergie: true }] },
  'too many children': { enfants: [{ prenom: 'A' }, { prenom: 'B' }, { prenom: 'C' }] },
  'unknown field': { inconnu: 1 },
  'unknown field in a child': { enfants: [{ prenom: 'Léa', age: 3 }] },
};

function schemaValidator(definition: FormDefinition) {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats.default(ajv);
  return ajv.compile(submissionJsonSchema(definition, { id: 'https://example.fr/api/catalogue/test/schema.json', title: 'Test' }));
}

function vary(change: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = { ...complete, ...change };
  for (const [key, value] of Object.entries(change)) if (value === undefined) delete values[key];
  return values;
}

describe('the JSON Schema of a form', () => {
  const validate = schemaValidator(form);

  it('is a valid JSON Schema 2020-12 that accepts a complete submission the server accepts', () => {
    expect(validate(complete), JSON.stringify(validate.errors)).toBe(true);
    expect(validateSubmission(form, complete, { now })).toMatchObject({ ok: true });
  });

  it.each(Object.entries(variations))('agrees with the server: %s', (_name, change) => {
    const values = vary(change);
    const server = validateSubmission(form, values, { now });
    expect(validate(values), JSON.stringify(validate.errors)).toBe(server.ok);
  });

  it('names each field with its label and keeps the help and the consent text', () => {
    const schema = submissionJsonSchema(form) as { properties: Record<string, { title: string; description?: string }> };
    expect(schema.properties.nom!.title).toBe('Nom');
    expect(schema.properties.accord!.description).toBe('J’accepte.');
    expect(schema.properties).not.toHaveProperty('identite');
  });
});
