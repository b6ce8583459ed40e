import { describe, expect, it } from 'vitest';
import { formSchema, isVisible, validateSubmission } from '../src/index.ts';

describe('isVisible', () => {
  it('shows a field without condition', () => {
    expect(isVisible({}, {})).toBe(true);
  });

  it('compares with equals, in and notEmpty', () => {
    expect(isVisible({ visibleWhen: { field: 'acte', equals: 'mariage' } }, { acte: 'mariage' })).toBe(true);
    expect(isVisible({ visibleWhen: { field: 'acte', equals: 'mariage' } }, { acte: 'deces' })).toBe(false);
    expect(isVisible({ visibleWhen: { field: 'acte', in: ['mariage', 'deces'] } }, { acte: 'deces' })).toBe(true);
    expect(isVisible({ visibleWhen: { field: 'acte', in: ['mariage', 'deces'] } }, {})).toBe(false);
    expect(isVisible({ visibleWhen: { field: 'nom', notEmpty: true } }, { nom: 'Dupont' })).toBe(true);
    expect(isVisible({ visibleWhen: { field: 'nom', notEmpty: true } }, { nom: '  ' })).toBe(false);
    expect(isVisible({ visibleWhen: { field: 'photos', notEmpty: true } }, { photos: [] })).toBe(false);
  });

  it('does not confuse a "no" answer with no answer', () => {
    expect(isVisible({ visibleWhen: { field: 'urgent', equals: false } }, { urgent: false })).toBe(true);
    expect(isVisible({ visibleWhen: { field: 'urgent', equals: false } }, {})).toBe(false);
    expect(isVisible({ visibleWhen: { field: 'urgent', notEmpty: true } }, { urgent: false })).toBe(true);
  });

  it('reads a ticked option of a multiple choice', () => {
    const condition = { field: 'materiel', equals: 'tables' };
    expect(isVisible({ visibleWhen: condition }, { materiel: ['chaises', 'tables'] })).toBe(true);
    expect(isVisible({ visibleWhen: condition }, { materiel: ['chaises'] })).toBe(false);
    expect(isVisible({ visibleWhen: { field: 'materiel', in: ['podium', 'tables'] } }, { materiel: ['tables'] })).toBe(true);
  });

  it('ignores inherited properties', () => {
    expect(isVisible({ visibleWhen: { field: 'constructor', notEmpty: true } }, {})).toBe(false);
  });
});

describe('conditional fields in a submission', () => {
  const form = formSchema.parse({
    fields: [
      {
        kind: 'choice',
        key: 'acte',
        label: 'Acte demandé',
        required: true,
        options: [
          { value: 'naissance', label: 'Naissance' },
          { value: 'mariage', label: 'Mariage' },
        ],
      },
      { kind: 'heading', key: 'conjoint', label: 'Conjoint', visibleWhen: { field: 'acte', equals: 'mariage' } },
      { kind: 'text', key: 'nom_conjoint', label: 'Nom du conjoint', required: true, visibleWhen: { field: 'acte', equals: 'mariage' } },
      { kind: 'yesno', key: 'conjoint_decede', label: 'Conjoint décédé ?', visibleWhen: { field: 'nom_conjoint', notEmpty: true } },
      { kind: 'date', key: 'date_deces', label: 'Date du décès', required: true, visibleWhen: { field: 'conjoint_decede', equals: true } },
    ],
  });

  it('requires a shown field', () => {
    expect(validateSubmission(form, { acte: 'mariage' })).toEqual({
      ok: false,
      errors: [{ field: 'nom_conjoint', code: 'required', message: 'Ce champ est obligatoire.' }],
    });
  });

  it('neither requires nor keeps a hidden field, even a wrong answer to it', () => {
    expect(validateSubmission(form, { acte: 'naissance', nom_conjoint: 42 })).toEqual({ ok: true, data: { acte: 'naissance' } });
  });

  it('hides in cascade the fields that depend on a hidden one', () => {
    const values = { acte: 'naissance', nom_conjoint: 'Dupont', conjoint_decede: true };
    expect(validateSubmission(form, values)).toEqual({ ok: true, data: { acte: 'naissance' } });
  });

  it('follows the chain when every condition holds', () => {
    const values = { acte: 'mariage', nom_conjoint: 'Dupont', conjoint_decede: true, date_deces: '2020-03-01' };
    expect(validateSubmission(form, values)).toEqual({ ok: true, data: values });
    expect(validateSubmission(form, { ...values, date_deces: undefined })).toEqual({
      ok: false,
      errors: [{ field: 'date_deces', code: 'required', message: 'Ce champ est obligatoire.' }],
    });
  });

  it('evaluates conditions on normalised answers', () => {
    const numeric = formSchema.parse({
      fields: [
        { kind: 'number', key: 'enfants', label: 'Enfants' },
        { kind: 'text', key: 'precision', label: 'Précisez', required: true, visibleWhen: { field: 'enfants', equals: 3 } },
      ],
    });
    expect(validateSubmission(numeric, { enfants: '3' })).toMatchObject({ ok: false, errors: [{ field: 'precision' }] });
  });
});
