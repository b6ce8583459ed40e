import { describe, expect, it } from 'vitest';
import {
  canAddOccurrence,
  canRemoveOccurrence,
  formSchema,
  minOccurrences,
  validateSubmission,
  type GroupFieldDefinition,
} from '../src/index.ts';

const now = new Date('2026-09-01T08:00:00+02:00');

const form = formSchema.parse({
  fields: [
    {
      kind: 'choice',
      key: 'service',
      label: 'Service',
      required: true,
      options: [
        { value: 'cantine', label: 'Cantine' },
        { value: 'periscolaire', label: 'Périscolaire' },
      ],
    },
    {
      kind: 'group',
      key: 'enfants',
      label: 'Enfants à inscrire',
      itemLabel: 'Enfant',
      required: true,
      maxItems: 3,
      fields: [
        { kind: 'text', key: 'prenom', label: 'Prénom', required: true },
        { kind: 'date', key: 'naissance', label: 'Date de naissance', required: true, max: { daysFromToday: 0 } },
        { kind: 'yesno', key: 'allergie', label: 'Allergie alimentaire ?' },
        { kind: 'textarea', key: 'allergie_detail', label: 'Précisez', required: true, visibleWhen: { field: 'allergie', equals: true } },
        { kind: 'choice', key: 'regime', label: 'Régime', visibleWhen: { field: 'service', equals: 'cantine' }, options: [{ value: 'sans_porc', label: 'Sans porc' }] },
      ],
    },
  ],
});

const lea = { prenom: 'Léa', naissance: '2019-04-02' };
const tom = { prenom: 'Tom', naissance: '2021-11-20', allergie: true, allergie_detail: 'Arachide' };

describe('repeatable groups', () => {
  it('keeps one block of answers per occurrence', () => {
    expect(validateSubmission(form, { service: 'periscolaire', enfants: [lea, tom] }, { now })).toEqual({
      ok: true,
      data: { service: 'periscolaire', enfants: [lea, tom] },
    });
  });

  it('accepts the blocks left after the citizen removes one', () => {
    const three = { service: 'periscolaire', enfants: [lea, tom, { prenom: 'Zoé', naissance: '2020-01-01' }] };
    expect(validateSubmission(form, three, { now }).ok).toBe(true);
    const afterRemoval = { ...three, enfants: three.enfants.filter((_, index) => index !== 1) };
    expect(validateSubmission(form, afterRemoval, { now })).toEqual({ ok: true, data: afterRemoval });
  });

  it('gives errors inside a block with their path', () => {
    const result = validateSubmission(
      form,
      { service: 'periscolaire', enfants: [lea, { naissance: '2030-01-01', allergie: true }] },
      { now },
    );
    expect(result).toEqual({
      ok: false,
      errors: [
        { field: 'enfants/1/prenom', code: 'required', message: 'Ce champ est obligatoire.' },
        { field: 'enfants/1/naissance', code: 'date_too_late', message: 'La date ne peut pas être dans le futur.' },
        { field: 'enfants/1/allergie_detail', code: 'required', message: 'Ce champ est obligatoire.' },
      ],
    });
  });

  it('shows a field of a block on a condition on the form before the group', () => {
    const withDiet = { service: 'cantine', enfants: [{ ...lea, regime: 'sans_porc' }] };
    expect(validateSubmission(form, withDiet, { now })).toEqual({ ok: true, data: withDiet });
    const dropped = validateSubmission(form, { service: 'periscolaire', enfants: [{ ...lea, regime: 'sans_porc' }] }, { now });
    expect(dropped).toEqual({ ok: true, data: { service: 'periscolaire', enfants: [lea] } });
  });

  it('prefers the answer of the block to a form answer of the same key', () => {
    const shadowed = formSchema.parse({
      fields: [
        { kind: 'yesno', key: 'urgent', label: 'Demande urgente ?' },
        {
          kind: 'group',
          key: 'lieux',
          label: 'Lieux',
          fields: [
            { kind: 'yesno', key: 'urgent', label: 'Ce lieu est urgent ?' },
            { kind: 'text', key: 'raison', label: 'Pourquoi ?', required: true, visibleWhen: { field: 'urgent', equals: true } },
          ],
        },
      ],
    });
    expect(validateSubmission(shadowed, { urgent: true, lieux: [{ urgent: false }] })).toEqual({
      ok: true,
      data: { urgent: true, lieux: [{ urgent: false }] },
    });
  });

  it('requires at least one block when required', () => {
    for (const enfants of [undefined, []]) {
      expect(validateSubmission(form, { service: 'cantine', enfants }, { now })).toEqual({
        ok: false,
        errors: [{ field: 'enfants', code: 'required', message: 'Ce champ est obligatoire.' }],
      });
    }
  });

  it('refuses more blocks than the maximum without reading them', () => {
    expect(validateSubmission(form, { service: 'cantine', enfants: [lea, lea, lea, {}] }, { now })).toEqual({
      ok: false,
      errors: [{ field: 'enfants', code: 'too_many_items', message: 'Ce groupe comporte au plus 3 éléments.' }],
    });
  });

  it('refuses fewer blocks than the minimum, and still checks the ones given', () => {
    const pair = formSchema.parse({
      fields: [{ kind: 'group', key: 'temoins', label: 'Témoins', minItems: 2, fields: [{ kind: 'text', key: 'nom', label: 'Nom', required: true }] }],
    });
    expect(validateSubmission(pair, { temoins: [{}] })).toEqual({
      ok: false,
      errors: [
        { field: 'temoins', code: 'too_few_items', message: 'Ce groupe comporte au moins 2 éléments.' },
        { field: 'temoins/0/nom', code: 'required', message: 'Ce champ est obligatoire.' },
      ],
    });
    expect(validateSubmission(pair, {})).toMatchObject({ ok: false, errors: [{ field: 'temoins', code: 'required' }] });
  });

  it('refuses unknown keys, blocks that are not objects and a group that is not a list', () => {
    expect(validateSubmission(form, { service: 'cantine', enfants: [{ ...lea, surnom: 'Lili' }, 'Tom'] }, { now })).toEqual({
      ok: false,
      errors: [
        { field: 'enfants/0/surnom', code: 'unknown_field', message: 'Ce champ ne fait pas partie du formulaire.' },
        { field: 'enfants/1', code: 'invalid_type', message: 'Ce bloc de réponses est invalide.' },
      ],
    });
    expect(validateSubmission(form, { service: 'cantine', enfants: lea }, { now })).toEqual({
      ok: false,
      errors: [{ field: 'enfants', code: 'invalid_type', message: 'Les réponses de ce groupe sont invalides.' }],
    });
  });
});

describe('adding and removing blocks', () => {
  const group = (overrides: Partial<GroupFieldDefinition>) => ({ required: false, minItems: 0, maxItems: 3, ...overrides });

  it('offers "add" below the maximum only', () => {
    expect(canAddOccurrence(group({}), 0)).toBe(true);
    expect(canAddOccurrence(group({}), 2)).toBe(true);
    expect(canAddOccurrence(group({}), 3)).toBe(false);
  });

  it('offers "remove" above the minimum only', () => {
    expect(canRemoveOccurrence(group({}), 1)).toBe(true);
    expect(canRemoveOccurrence(group({}), 0)).toBe(false);
    expect(canRemoveOccurrence(group({ required: true }), 1)).toBe(false);
    expect(canRemoveOccurrence(group({ required: true }), 2)).toBe(true);
    expect(canRemoveOccurrence(group({ minItems: 2 }), 2)).toBe(false);
  });

  it('counts a required group as needing one block', () => {
    expect(minOccurrences(group({ required: true }))).toBe(1);
    expect(minOccurrences(group({ required: true, minItems: 2 }))).toBe(2);
    expect(minOccurrences(group({}))).toBe(0);
  });
});
