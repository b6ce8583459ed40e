import { describe, expect, it } from 'vitest';
import { formSchema, validateSubmission, type FormDefinitionInput, type SubmissionResult } from '../src/index.ts';

type FieldInput = FormDefinitionInput['fields'][number];
/** A field as its author writes it, without the key and label every test shares. */
type Question = FieldInput extends infer Field ? (Field extends unknown ? Omit<Field, 'key' | 'label'> : never) : never;

// Saturday 30 May 2026, 00:30 in Paris, still Friday in UTC.
const now = new Date('2026-05-29T22:30:00Z');

/** Submits `value` as the answer to a one-field form, whose field is keyed `a`. */
function answer(field: Question, value: unknown): SubmissionResult {
  const form = formSchema.parse({ fields: [{ key: 'a', label: 'Question', ...field }] });
  return validateSubmission(form, value === undefined ? {} : { a: value }, { now });
}

const kept = (value: unknown) => ({ ok: true, data: { a: value } });
const refused = (code: string, message: string) => ({ ok: false, errors: [{ field: 'a', code, message }] });
const none = { ok: true, data: {} };

describe('required answers', () => {
  it.each(['text', 'textarea', 'email', 'phone', 'number', 'date', 'yesno', 'address', 'file'] as const)(
    'asks for a required %s',
    (kind) => {
      expect(answer({ kind, required: true }, undefined)).toEqual(refused('required', 'Ce champ est obligatoire.'));
    },
  );

  it('counts blank text, null and an empty list as no answer', () => {
    expect(answer({ kind: 'text', required: true }, '   ')).toEqual(refused('required', 'Ce champ est obligatoire.'));
    expect(answer({ kind: 'text', required: true }, null)).toEqual(refused('required', 'Ce champ est obligatoire.'));
    expect(answer({ kind: 'file', required: true }, [])).toEqual(refused('required', 'Ce champ est obligatoire.'));
  });

  it('leaves an optional empty answer out of the data', () => {
    expect(answer({ kind: 'text' }, '  ')).toEqual(none);
    expect(answer({ kind: 'number' }, null)).toEqual(none);
  });
});

describe('text', () => {
  it('trims the answer', () => {
    expect(answer({ kind: 'text' }, '  Dupont ')).toEqual(kept('Dupont'));
  });

  it('checks the lengths', () => {
    expect(answer({ kind: 'text', minLength: 3 }, 'ab')).toEqual(refused('too_short', 'Saisissez au moins 3 caractères.'));
    expect(answer({ kind: 'text', maxLength: 5 }, 'abcdef')).toEqual(refused('too_long', 'Saisissez au plus 5 caractères.'));
    expect(answer({ kind: 'text' }, 'x'.repeat(256))).toEqual(refused('too_long', 'Saisissez au plus 255 caractères.'));
  });

  it('matches the whole answer against the pattern and shows the administrator’s message', () => {
    const field = { kind: 'text', pattern: '[0-9]{5}', patternMessage: 'Le code postal compte cinq chiffres.' } as const;
    expect(answer(field, '97231')).toEqual(kept('97231'));
    expect(answer(field, '972310')).toEqual(refused('pattern', 'Le code postal compte cinq chiffres.'));
    expect(answer(field, 'CP 97231')).toEqual(refused('pattern', 'Le code postal compte cinq chiffres.'));
  });

  it('refuses an answer that is not text', () => {
    expect(answer({ kind: 'text' }, 42)).toEqual(refused('invalid_type', 'Saisissez un texte.'));
  });
});

describe('textarea', () => {
  it('keeps line breaks as single characters', () => {
    expect(answer({ kind: 'textarea', maxLength: 5 }, 'ab\r\ncd')).toEqual(kept('ab\ncd'));
    expect(answer({ kind: 'textarea', maxLength: 4 }, 'ab\r\ncd')).toEqual(refused('too_long', 'Saisissez au plus 4 caractères.'));
  });
});

describe('email', () => {
  it('lower-cases the domain only', () => {
    expect(answer({ kind: 'email' }, ' Jeanne.Dupont@Mairie-Exemple.FR ')).toEqual(kept('Jeanne.Dupont@mairie-exemple.fr'));
  });

  it.each(['jeanne@', 'jeanne.dupont', '@exemple.fr', 'jeanne dupont@exemple.fr', 42])('refuses %s', (value) => {
    expect(answer({ kind: 'email' }, value)).toEqual(refused('invalid_email', 'Adresse e-mail invalide.'));
  });
});

describe('phone', () => {
  it('stores the number in E.164', () => {
    expect(answer({ kind: 'phone' }, '06 12 34 56 78')).toEqual(kept('+33612345678'));
  });

  it('refuses what is not a French number', () => {
    expect(answer({ kind: 'phone' }, '12 34')).toEqual(
      refused('invalid_phone', 'Numéro de téléphone invalide. Exemple : 06 12 34 56 78 ou +33 6 12 34 56 78.'),
    );
  });
});

describe('number', () => {
  it('reads numbers and French decimal text', () => {
    expect(answer({ kind: 'number' }, 12)).toEqual(kept(12));
    expect(answer({ kind: 'number' }, '12,5')).toEqual(kept(12.5));
    expect(answer({ kind: 'number' }, '1 500')).toEqual(kept(1500));
    expect(answer({ kind: 'number' }, '-3.25')).toEqual(kept(-3.25));
  });

  it('refuses what is not a number', () => {
    expect(answer({ kind: 'number' }, 'douze')).toEqual(refused('invalid_type', 'Saisissez un nombre.'));
    expect(answer({ kind: 'number' }, '1e3')).toEqual(refused('invalid_type', 'Saisissez un nombre.'));
    expect(answer({ kind: 'number' }, true)).toEqual(refused('invalid_type', 'Saisissez un nombre.'));
  });

  it('checks the integer flag and the bounds', () => {
    expect(answer({ kind: 'number', integer: true }, 2.5)).toEqual(refused('not_integer', 'Saisissez un nombre entier.'));
    expect(answer({ kind: 'number', min: 1 }, 0)).toEqual(refused('too_small', 'La valeur doit être supérieure ou égale à 1.'));
    expect(answer({ kind: 'number', max: 2.5 }, 3)).toEqual(refused('too_big', 'La valeur doit être inférieure ou égale à 2,5.'));
    expect(answer({ kind: 'number', min: 1, max: 3 }, 3)).toEqual(kept(3));
  });
});

describe('date', () => {
  it('takes an ISO day', () => {
    expect(answer({ kind: 'date' }, '2026-05-14')).toEqual(kept('2026-05-14'));
  });

  it.each(['2026-02-30', '30/05/2026', '2026-5-1', 20260530])('refuses %s', (value) => {
    expect(answer({ kind: 'date' }, value)).toEqual(refused('invalid_date', 'Date invalide. Format attendu : AAAA-MM-JJ.'));
  });

  it('refuses a day in the future, "today" being the Paris day of submission', () => {
    const field = { kind: 'date', max: { daysFromToday: 0 } } as const;
    expect(answer(field, '2026-05-30')).toEqual(kept('2026-05-30'));
    expect(answer(field, '2026-05-31')).toEqual(refused('date_too_late', 'La date ne peut pas être dans le futur.'));
  });

  it('refuses a past day', () => {
    expect(answer({ kind: 'date', min: { daysFromToday: 0 } }, '2026-05-29')).toEqual(
      refused('date_too_early', 'La date ne peut pas être passée.'),
    );
  });

  it('names the bound in French when it is another day', () => {
    expect(answer({ kind: 'date', min: { daysFromToday: 2 } }, '2026-05-31')).toEqual(
      refused('date_too_early', 'La date doit être le 01/06/2026 ou après.'),
    );
    expect(answer({ kind: 'date', max: '2026-12-31' }, '2027-01-01')).toEqual(
      refused('date_too_late', 'La date doit être le 31/12/2026 ou avant.'),
    );
    expect(answer({ kind: 'date', min: '2026-01-01' }, '2025-12-31')).toEqual(
      refused('date_too_early', 'La date doit être le 01/01/2026 ou après.'),
    );
  });
});

const options = [
  { value: 'naissance', label: 'Acte de naissance' },
  { value: 'mariage', label: 'Acte de mariage' },
  { value: 'deces', label: 'Acte de décès' },
];

describe('choice', () => {
  it('takes one of the options', () => {
    expect(answer({ kind: 'choice', options }, 'mariage')).toEqual(kept('mariage'));
  });

  it('refuses anything else', () => {
    expect(answer({ kind: 'choice', options }, 'divorce')).toEqual(refused('invalid_option', 'Choisissez une des options proposées.'));
    expect(answer({ kind: 'choice', options }, ['mariage'])).toEqual(refused('invalid_option', 'Choisissez une des options proposées.'));
  });
});

describe('multichoice', () => {
  it('keeps the ticked options once each, in the order of the options', () => {
    expect(answer({ kind: 'multichoice', options }, ['deces', 'naissance', 'deces'])).toEqual(kept(['naissance', 'deces']));
  });

  it('refuses an unknown option or a single value', () => {
    expect(answer({ kind: 'multichoice', options }, ['naissance', 'divorce'])).toEqual(
      refused('invalid_option', 'Choisissez parmi les options proposées.'),
    );
    expect(answer({ kind: 'multichoice', options }, 'naissance')).toEqual(refused('invalid_type', 'Cochez une ou plusieurs options.'));
  });

  it('checks how many are ticked', () => {
    expect(answer({ kind: 'multichoice', options, minSelected: 2 }, ['mariage'])).toEqual(
      refused('too_few_selected', 'Cochez au moins 2 options.'),
    );
    expect(answer({ kind: 'multichoice', options, maxSelected: 1 }, ['mariage', 'deces'])).toEqual(
      refused('too_many_selected', 'Cochez au plus 1 option.'),
    );
  });

  it('treats a minimum as making the field required', () => {
    expect(answer({ kind: 'multichoice', options, minSelected: 1 }, [])).toEqual(refused('required', 'Ce champ est obligatoire.'));
  });
});

describe('yesno', () => {
  it('keeps a "no" answer', () => {
    expect(answer({ kind: 'yesno', required: true }, false)).toEqual(kept(false));
    expect(answer({ kind: 'yesno' }, true)).toEqual(kept(true));
  });

  it('refuses anything but a boolean', () => {
    expect(answer({ kind: 'yesno' }, 'oui')).toEqual(refused('invalid_type', 'Répondez par oui ou par non.'));
  });
});

describe('address', () => {
  const place = { label: '12 rue de la Mairie', postcode: '97270', city: 'Le Saint-Esprit', lat: 14.56, lon: -60.93 };

  it('keeps the label, postcode, city and coordinates', () => {
    expect(answer({ kind: 'address' }, { ...place, label: ' 12 rue de la Mairie ' })).toEqual(kept(place));
    expect(answer({ kind: 'address' }, { label: 'Place de l’Église', postcode: '' })).toEqual(kept({ label: 'Place de l’Église' }));
  });

  it('asks for a point on the map when coordinates are required', () => {
    expect(answer({ kind: 'address', requireCoordinates: true }, { label: 'Rue du Stade' })).toEqual(
      refused('coordinates_required', 'Indiquez l’emplacement sur la carte.'),
    );
    expect(answer({ kind: 'address', requireCoordinates: true }, place)).toEqual(kept(place));
  });

  it('refuses half or impossible coordinates', () => {
    expect(answer({ kind: 'address' }, { label: 'Rue', lat: 14.5 })).toEqual(refused('invalid_coordinates', 'Coordonnées géographiques invalides.'));
    expect(answer({ kind: 'address' }, { label: 'Rue', lat: 91, lon: 2 })).toEqual(
      refused('invalid_coordinates', 'Coordonnées géographiques invalides.'),
    );
  });

  it('refuses a bad postcode, a missing label, unknown keys and text', () => {
    expect(answer({ kind: 'address' }, { label: 'Rue', postcode: '9727' })).toEqual(refused('invalid_postcode', 'Code postal invalide : 5 chiffres.'));
    for (const value of [{ label: ' ' }, { ...place, insee: '97224' }, '12 rue de la Mairie']) {
      expect(answer({ kind: 'address' }, value)).toEqual(refused('invalid_address', 'Indiquez une adresse valide.'));
    }
  });
});

describe('file', () => {
  it('keeps references to uploaded attachments, once each', () => {
    expect(answer({ kind: 'file', maxFiles: 3 }, ['att_1', 'att_2', 'att_1'])).toEqual(kept(['att_1', 'att_2']));
  });

  it('refuses more files than allowed', () => {
    expect(answer({ kind: 'file' }, ['att_1', 'att_2'])).toEqual(refused('too_many_files', 'Joignez au plus 1 fichier.'));
    expect(answer({ kind: 'file', maxFiles: 2 }, ['a', 'b', 'c'])).toEqual(refused('too_many_files', 'Joignez au plus 2 fichiers.'));
  });

  it('refuses anything but attachment ids', () => {
    for (const value of ['att_1', [{ id: 'att_1' }], ['../etc/passwd']]) {
      expect(answer({ kind: 'file' }, value)).toEqual(
        refused('invalid_file_reference', 'Pièce jointe invalide : déposez le fichier à nouveau.'),
      );
    }
  });
});

describe('consent', () => {
  const text = 'J’accepte que mes données soient traitées pour instruire ma demande.';

  it('must be given when required', () => {
    const message = 'Vous devez donner votre accord pour continuer.';
    expect(answer({ kind: 'consent', text, required: true }, false)).toEqual(refused('consent_required', message));
    expect(answer({ kind: 'consent', text, required: true }, undefined)).toEqual(refused('consent_required', message));
    expect(answer({ kind: 'consent', text, required: true }, true)).toEqual(kept(true));
  });

  it('keeps a refusal when optional', () => {
    expect(answer({ kind: 'consent', text }, false)).toEqual(kept(false));
  });

  it('refuses anything but a boolean', () => {
    expect(answer({ kind: 'consent', text }, 'on')).toEqual(refused('invalid_type', 'Cochez ou décochez la case.'));
  });
});

describe('the submission as a whole', () => {
  const form = formSchema.parse({
    fields: [
      { kind: 'heading', key: 'identite', label: 'Identité' },
      { kind: 'text', key: 'nom', label: 'Nom', required: true },
      { kind: 'email', key: 'courriel', label: 'Courriel', required: true },
      { kind: 'phone', key: 'telephone', label: 'Téléphone' },
    ],
  });

  it('returns the answers normalised, in the order of the form', () => {
    const result = validateSubmission(form, { telephone: '0596 12 34 56', nom: ' Joseph ', courriel: 'j@EXEMPLE.fr' });
    expect(result).toEqual({ ok: true, data: { nom: 'Joseph', courriel: 'j@exemple.fr', telephone: '+596596123456' } });
    expect(Object.keys(result.ok ? result.data : {})).toEqual(['nom', 'courriel', 'telephone']);
  });

  it('gives one error per wrong field, in the order of the form', () => {
    expect(validateSubmission(form, { courriel: 'joseph', telephone: 'non' })).toEqual({
      ok: false,
      errors: [
        { field: 'nom', code: 'required', message: 'Ce champ est obligatoire.' },
        { field: 'courriel', code: 'invalid_email', message: 'Adresse e-mail invalide.' },
        {
          field: 'telephone',
          code: 'invalid_phone',
          message: 'Numéro de téléphone invalide. Exemple : 06 12 34 56 78 ou +33 6 12 34 56 78.',
        },
      ],
    });
  });

  it('refuses answers to unknown fields and to headings', () => {
    const result = validateSubmission(form, { nom: 'Joseph', courriel: 'j@exemple.fr', age: 40, identite: 'x', constructor: 1 });
    expect(result).toEqual({
      ok: false,
      errors: [
        { field: 'age', code: 'unknown_field', message: 'Ce champ ne fait pas partie du formulaire.' },
        { field: 'identite', code: 'unknown_field', message: 'Ce champ ne fait pas partie du formulaire.' },
        { field: 'constructor', code: 'unknown_field', message: 'Ce champ ne fait pas partie du formulaire.' },
      ],
    });
  });

  it('does not read inherited properties as answers', () => {
    const withInherited = formSchema.parse({ fields: [{ kind: 'text', key: 'constructor', label: 'x', required: true }] });
    expect(validateSubmission(withInherited, {})).toEqual({
      ok: false,
      errors: [{ field: 'constructor', code: 'required', message: 'Ce champ est obligatoire.' }],
    });
  });

  it('refuses answers that are not an object', () => {
    for (const values of [null, [], 'nom=Joseph']) {
      expect(validateSubmission(form, values)).toEqual({
        ok: false,
        errors: [{ field: '', code: 'invalid_type', message: 'Les réponses doivent être un objet.' }],
      });
    }
  });
});
