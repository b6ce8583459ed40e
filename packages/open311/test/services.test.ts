import { describe, expect, it } from 'vitest';
import { formSchema } from '@guichet/forms';
import { open311Form, toService, toServiceDefinition } from '../src/index.ts';
import { incidentForm } from './incident-form.ts';

const procedure = {
  slug: 'voirie-signalement',
  title: 'Signaler un problème de voirie',
  summary: 'Un trou, un lampadaire éteint, un dépôt sauvage.',
  themeTitle: 'Voirie et propreté',
  form: incidentForm,
};

describe('a procedure as an Open311 service', () => {
  it('is a realtime service of its theme, searchable by its choices', () => {
    expect(toService(procedure)).toEqual({
      service_code: 'voirie-signalement',
      service_name: 'Signaler un problème de voirie',
      description: 'Un trou, un lampadaire éteint, un dépôt sauvage.',
      metadata: true,
      type: 'realtime',
      keywords: 'Nid-de-poule, Lampadaire éteint, Dépôt sauvage, Pour les piétons, Pour les vélos',
      group: 'Voirie et propreté',
    });
  });

  it('has no metadata when the form asks nothing beyond the place and the description', () => {
    const form = formSchema.parse({
      fields: [
        { kind: 'textarea', key: 'details', label: 'Description', required: true },
        { kind: 'address', key: 'lieu', label: 'Lieu', required: true, requireCoordinates: true },
      ],
    });
    expect(toService({ ...procedure, form })).toMatchObject({ metadata: false, keywords: null });
    expect(toServiceDefinition({ slug: 'x', form }).attributes).toEqual([]);
  });
});

describe('a service definition', () => {
  const definition = toServiceDefinition(procedure);
  const attribute = (code: string) => definition.attributes.find((item) => item.code === code);

  it('lists the answerable fields in form order, leaving out the place, the description, headings, files and groups', () => {
    expect(definition.service_code).toBe('voirie-signalement');
    expect(definition.attributes.map((item) => [item.order, item.code, item.datatype])).toEqual([
      [1, 'nature', 'singlevaluelist'],
      [2, 'complement', 'text'],
      [3, 'plaque', 'string'],
      [4, 'nombre', 'number'],
      [5, 'constate', 'datetime'],
      [6, 'dangers', 'multivaluelist'],
      [7, 'urgent', 'singlevaluelist'],
      [8, 'courriel', 'string'],
      [9, 'telephone', 'string'],
      [10, 'accord', 'singlevaluelist'],
      [11, 'volume', 'string'],
    ]);
    expect(definition.attributes.every((item) => item.variable)).toBe(true);
  });

  it('offers the options of choices, yes and no, and the one answer of a consent', () => {
    expect(attribute('nature')?.values).toEqual([
      { key: 'nid', name: 'Nid-de-poule' },
      { key: 'lampadaire', name: 'Lampadaire éteint' },
      { key: 'depot', name: 'Dépôt sauvage' },
    ]);
    expect(attribute('urgent')?.values).toEqual([
      { key: 'true', name: 'Oui' },
      { key: 'false', name: 'Non' },
    ]);
    expect(attribute('accord')).toMatchObject({ required: true, values: [{ key: 'true', name: 'J’accepte que ma demande soit traitée par la commune.' }] });
    expect(attribute('plaque')).not.toHaveProperty('values');
  });

  it('requires what the form requires, except a field shown only on some answers', () => {
    expect(attribute('nature')?.required).toBe(true);
    expect(attribute('complement')?.required).toBe(false);
    expect(attribute('volume')?.required).toBe(false);
  });

  it('tells the client the expected shape and the help of a field', () => {
    expect(attribute('plaque')?.datatype_description).toBe('Deux lettres et trois chiffres, comme EP123.');
    expect(attribute('nombre')?.datatype_description).toBe('Nombre entier.');
    expect(attribute('complement')).toMatchObject({ description: 'Complément — Ce qui aide à trouver le lieu.', datatype_description: null });
  });
});

describe('where Open311 description goes', () => {
  it('answers the first long text, or else the first short text always shown', () => {
    expect(open311Form(incidentForm).description?.key).toBe('details');
    const shortOnly = formSchema.parse({
      fields: [
        { kind: 'yesno', key: 'urgent', label: 'Urgent ?' },
        { kind: 'text', key: 'cache', label: 'Caché', visibleWhen: { field: 'urgent', equals: true } },
        { kind: 'text', key: 'objet', label: 'Objet' },
      ],
    });
    expect(open311Form(shortOnly).description?.key).toBe('objet');
    expect(open311Form(formSchema.parse({ fields: [{ kind: 'yesno', key: 'urgent', label: 'Urgent ?' }] })).description).toBeUndefined();
  });
});
