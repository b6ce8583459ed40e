import { describe, expect, it } from 'vitest';
import { formSchema, parseFormDefinition } from '../src/index.ts';

/** The French messages of a refused definition, by path. */
function refusal(fields: unknown): Record<string, string> {
  const result = parseFormDefinition({ fields });
  if (result.ok) throw new Error('expected the definition to be refused');
  return Object.fromEntries(result.errors.map((error) => [error.path, error.message]));
}

describe('formSchema', () => {
  it('fills in the defaults an author may leave out', () => {
    const form = formSchema.parse({
      fields: [
        { kind: 'text', key: 'nom', label: 'Nom' },
        { kind: 'file', key: 'justificatif', label: 'Justificatif' },
        { kind: 'group', key: 'enfants', label: 'Enfants', fields: [{ kind: 'text', key: 'prenom', label: 'Prénom' }] },
      ],
    });
    expect(form.fields[0]).toEqual({ kind: 'text', key: 'nom', label: 'Nom', required: false, maxLength: 255 });
    expect(form.fields[1]).toMatchObject({
      accept: ['application/pdf', 'image/jpeg', 'image/png'],
      maxFiles: 1,
      maxSizeBytes: 10 * 1024 * 1024,
    });
    expect(form.fields[2]).toMatchObject({ minItems: 0, maxItems: 20, required: false });
  });

  it('accepts a complete declaration of every kind', () => {
    const result = parseFormDefinition({
      fields: [
        { kind: 'heading', key: 'identite', label: 'Votre identité', help: 'Telle qu’elle figure sur l’acte.' },
        { kind: 'text', key: 'nom', label: 'Nom', required: true, minLength: 2, maxLength: 100 },
        { kind: 'text', key: 'cp', label: 'Code postal', pattern: '[0-9]{5}', patternMessage: 'Cinq chiffres.' },
        { kind: 'textarea', key: 'message', label: 'Message', maxLength: 2000 },
        { kind: 'email', key: 'courriel', label: 'Courriel', required: true },
        { kind: 'phone', key: 'telephone', label: 'Téléphone' },
        { kind: 'number', key: 'personnes', label: 'Personnes', min: 1, max: 300, integer: true },
        { kind: 'date', key: 'naissance', label: 'Date de naissance', max: { daysFromToday: 0 } },
        { kind: 'date', key: 'evenement', label: 'Date', min: '2026-01-01', max: '2026-12-31' },
        { kind: 'choice', key: 'acte', label: 'Acte', options: [{ value: 'naissance', label: 'Naissance' }] },
        {
          kind: 'multichoice',
          key: 'materiel',
          label: 'Matériel',
          options: [
            { value: 'tables', label: 'Tables' },
            { value: 'chaises', label: 'Chaises' },
          ],
          maxSelected: 2,
        },
        { kind: 'yesno', key: 'urgent', label: 'Urgent ?' },
        { kind: 'address', key: 'lieu', label: 'Lieu', requireCoordinates: true },
        { kind: 'file', key: 'photo', label: 'Photo', accept: ['image/*'], maxFiles: 3 },
        { kind: 'consent', key: 'rgpd', label: 'Consentement', required: true, text: 'J’accepte…' },
        {
          kind: 'group',
          key: 'enfants',
          label: 'Enfants',
          itemLabel: 'Enfant',
          minItems: 1,
          maxItems: 6,
          fields: [{ kind: 'text', key: 'prenom', label: 'Prénom', visibleWhen: { field: 'urgent', equals: true } }],
        },
      ],
    });
    expect(result.ok).toBe(true);
  });

  it('refuses an unknown field kind and names the known ones', () => {
    expect(refusal([{ kind: 'signature', key: 'signature', label: 'Signature' }])).toEqual({
      'fields/0/kind':
        'Type de champ inconnu : « signature ». Types possibles : text, textarea, email, phone, number, date, choice, multichoice, yesno, address, file, consent, heading, group.',
    });
  });

  it('refuses a field without kind', () => {
    expect(refusal([{ key: 'nom', label: 'Nom' }])).toEqual({ 'fields/0/kind': 'Le type du champ (kind) est obligatoire.' });
  });

  it('refuses a group inside a group', () => {
    const inner = { kind: 'group', key: 'b', label: 'B', fields: [{ kind: 'yesno', key: 'c', label: 'C' }] };
    expect(refusal([{ kind: 'group', key: 'a', label: 'A', fields: [inner] }])).toEqual({
      'fields/0/fields/0/kind': 'Un groupe ne peut pas contenir un autre groupe.',
    });
  });

  it('refuses duplicate keys within a scope, but not across a group', () => {
    expect(
      refusal([
        { kind: 'text', key: 'nom', label: 'Nom' },
        { kind: 'text', key: 'nom', label: 'Nom bis' },
      ]),
    ).toEqual({ 'fields/1/key': 'Clé en double : « nom ».' });
    expect(
      refusal([
        {
          kind: 'group',
          key: 'enfants',
          label: 'Enfants',
          fields: [
            { kind: 'text', key: 'prenom', label: 'Prénom' },
            { kind: 'text', key: 'prenom', label: 'Prénom' },
          ],
        },
      ]),
    ).toEqual({ 'fields/0/fields/1/key': 'Clé en double : « prenom ».' });
    const shadowing = parseFormDefinition({
      fields: [
        { kind: 'text', key: 'prenom', label: 'Votre prénom' },
        { kind: 'group', key: 'enfants', label: 'Enfants', fields: [{ kind: 'text', key: 'prenom', label: 'Prénom' }] },
      ],
    });
    expect(shadowing.ok).toBe(true);
  });

  it('refuses a condition on an unknown field, a later field or the field itself', () => {
    expect(refusal([{ kind: 'text', key: 'a', label: 'A', visibleWhen: { field: 'zz', notEmpty: true } }])).toEqual({
      'fields/0/visibleWhen': 'La condition porte sur un champ inconnu : « zz ».',
    });
    expect(
      refusal([
        { kind: 'text', key: 'a', label: 'A', visibleWhen: { field: 'b', notEmpty: true } },
        { kind: 'text', key: 'b', label: 'B' },
      ]),
    ).toEqual({ 'fields/0/visibleWhen': 'Le champ « b » doit être placé avant « a » pour conditionner son affichage.' });
    expect(refusal([{ kind: 'text', key: 'a', label: 'A', visibleWhen: { field: 'a', notEmpty: true } }])).toEqual({
      'fields/0/visibleWhen': 'Le champ « a » ne peut pas dépendre de lui-même.',
    });
  });

  it('lets a field in a group depend on a field before the group, not after it', () => {
    const group = (condition: unknown) => ({
      kind: 'group',
      key: 'enfants',
      label: 'Enfants',
      fields: [{ kind: 'text', key: 'ecole', label: 'École', visibleWhen: condition }],
    });
    expect(parseFormDefinition({ fields: [{ kind: 'yesno', key: 'scolarise', label: 'Scolarisé' }, group({ field: 'scolarise', equals: true })] }).ok).toBe(true);
    expect(refusal([group({ field: 'scolarise', equals: true }), { kind: 'yesno', key: 'scolarise', label: 'S' }])).toEqual({
      'fields/0/fields/0/visibleWhen': 'La condition porte sur un champ inconnu : « scolarise ».',
    });
  });

  it('refuses conditions that can never hold', () => {
    const choice = { kind: 'choice', key: 'acte', label: 'Acte', options: [{ value: 'naissance', label: 'Naissance' }] };
    expect(refusal([choice, { kind: 'text', key: 'b', label: 'B', visibleWhen: { field: 'acte', in: ['naissance', 'deces'] } }])).toEqual({
      'fields/1/visibleWhen': 'La valeur « deces » n’est pas une option du champ « acte ».',
    });
    expect(refusal([{ kind: 'yesno', key: 'a', label: 'A' }, { kind: 'text', key: 'b', label: 'B', visibleWhen: { field: 'a', equals: 'oui' } }])).toEqual({
      'fields/1/visibleWhen': 'Le champ « a » se compare à true ou false.',
    });
    expect(refusal([{ kind: 'number', key: 'a', label: 'A' }, { kind: 'text', key: 'b', label: 'B', visibleWhen: { field: 'a', equals: '3' } }])).toEqual({
      'fields/1/visibleWhen': 'Le champ « a » se compare à un nombre.',
    });
    expect(refusal([{ kind: 'text', key: 'a', label: 'A' }, { kind: 'text', key: 'b', label: 'B', visibleWhen: { field: 'a', equals: true } }])).toEqual({
      'fields/1/visibleWhen': 'Le champ « a » se compare à un texte.',
    });
    expect(refusal([{ kind: 'address', key: 'a', label: 'A' }, { kind: 'text', key: 'b', label: 'B', visibleWhen: { field: 'a', equals: 'x' } }])).toEqual({
      'fields/1/visibleWhen': 'Seule la condition notEmpty s’applique au champ « a ».',
    });
    expect(refusal([{ kind: 'heading', key: 'a', label: 'A' }, { kind: 'text', key: 'b', label: 'B', visibleWhen: { field: 'a', notEmpty: true } }])).toEqual({
      'fields/1/visibleWhen': 'Le champ « a » ne porte pas de réponse : il ne peut pas conditionner l’affichage.',
    });
  });

  it('refuses a condition of an unknown shape', () => {
    expect(refusal([{ kind: 'text', key: 'a', label: 'A' }, { kind: 'text', key: 'b', label: 'B', visibleWhen: { field: 'a', contains: 'x' } }])).toEqual({
      'fields/1/visibleWhen': 'Condition invalide : { field, equals }, { field, in: [...] } ou { field, notEmpty: true }.',
    });
  });

  it('refuses a pattern that is not a valid regular expression, or has no message', () => {
    const errors = refusal([{ kind: 'text', key: 'a', label: 'A', pattern: '[0-9' }]);
    expect(errors['fields/0/pattern']).toMatch(/^Expression régulière invalide : /);
    expect(errors['fields/0/patternMessage']).toBe('Indiquez le message affiché quand la saisie ne respecte pas le format attendu.');
  });

  it('refuses a minimum above its maximum', () => {
    expect(refusal([{ kind: 'text', key: 'a', label: 'A', minLength: 10, maxLength: 5 }])).toEqual({ 'fields/0/minLength': 'Le minimum dépasse le maximum.' });
    expect(refusal([{ kind: 'number', key: 'a', label: 'A', min: 10, max: 5 }])).toEqual({ 'fields/0/min': 'Le minimum dépasse le maximum.' });
    expect(refusal([{ kind: 'date', key: 'a', label: 'A', min: '2026-12-01', max: '2026-01-01' }])).toEqual({ 'fields/0/min': 'Le minimum dépasse le maximum.' });
    expect(refusal([{ kind: 'date', key: 'a', label: 'A', min: { daysFromToday: 3 }, max: { daysFromToday: 0 } }])).toEqual({ 'fields/0/min': 'Le minimum dépasse le maximum.' });
    expect(
      refusal([{ kind: 'multichoice', key: 'a', label: 'A', options: [{ value: 'x', label: 'X' }], minSelected: 2 }]),
    ).toEqual({ 'fields/0/minSelected': 'Le minimum dépasse le maximum.' });
    expect(
      refusal([{ kind: 'group', key: 'a', label: 'A', minItems: 5, maxItems: 2, fields: [{ kind: 'yesno', key: 'b', label: 'B' }] }]),
    ).toEqual({ 'fields/0/minItems': 'Le minimum dépasse le maximum.' });
  });

  it('refuses duplicate or missing options', () => {
    const options = [
      { value: 'a', label: 'A' },
      { value: 'a', label: 'A bis' },
    ];
    expect(refusal([{ kind: 'choice', key: 'c', label: 'C', options }])).toEqual({ 'fields/0/options/1/value': 'Valeur d’option en double : « a ».' });
    expect(refusal([{ kind: 'choice', key: 'c', label: 'C', options: [] }])).toEqual({ 'fields/0/options': 'Indiquez au moins une option.' });
  });

  it('refuses a misspelt property, a bad key, an empty label and a bad file type in French', () => {
    expect(refusal([{ kind: 'text', key: 'a', label: 'A', requried: true }])).toEqual({ 'fields/0': 'Clé non reconnue : "requried"' });
    expect(refusal([{ kind: 'text', key: 'Nom complet', label: 'A' }])['fields/0/key']).toMatch(/^Clé invalide/);
    expect(refusal([{ kind: 'text', key: 'a', label: '  ' }])).toEqual({ 'fields/0/label': 'Le libellé est obligatoire.' });
    expect(refusal([{ kind: 'file', key: 'a', label: 'A', accept: ['pdf'] }])).toEqual({
      'fields/0/accept/0': 'Type de fichier invalide (exemple : application/pdf, image/*).',
    });
    expect(refusal([{ kind: 'consent', key: 'a', label: 'A' }])['fields/0/text']).toMatch(/^Entrée invalide/);
  });

  it('refuses an empty form and a form that is not an object', () => {
    expect(refusal([])).toEqual({ fields: 'Le formulaire contient au moins un champ.' });
    expect(parseFormDefinition('formulaire')).toMatchObject({ ok: false });
  });
});
