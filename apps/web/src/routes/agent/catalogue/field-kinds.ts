import type { FieldKind } from '@guichet/forms';
import type { DraftField } from './form-draft.ts';

/** The kinds of field an administrator may add, in the words of the form builder. */
export const fieldKinds: readonly { kind: FieldKind; name: string }[] = [
  { kind: 'text', name: 'Texte court' },
  { kind: 'textarea', name: 'Texte long' },
  { kind: 'email', name: 'Adresse électronique' },
  { kind: 'phone', name: 'Téléphone' },
  { kind: 'number', name: 'Nombre' },
  { kind: 'date', name: 'Date' },
  { kind: 'choice', name: 'Choix unique' },
  { kind: 'multichoice', name: 'Choix multiples' },
  { kind: 'yesno', name: 'Oui ou non' },
  { kind: 'address', name: 'Adresse' },
  { kind: 'file', name: 'Fichier' },
  { kind: 'consent', name: 'Consentement' },
  { kind: 'heading', name: 'Titre de section' },
  { kind: 'group', name: 'Groupe répétable' },
];

export const kindName = (kind: FieldKind): string => fieldKinds.find((entry) => entry.kind === kind)?.name ?? kind;

/** Kinds that carry no answer: nothing to require, nothing a condition may test. */
export const answerless = (kind: FieldKind): boolean => kind === 'heading' || kind === 'group';

/** A new field of a kind, complete enough to be valid at once (a choice has an option, a group a field). */
export function newField(kind: FieldKind, key: string): DraftField {
  const label = kind === 'heading' ? 'Nouvelle section' : 'Nouveau champ';
  switch (kind) {
    case 'heading':
      return { kind, key, label };
    case 'choice':
    case 'multichoice':
      return { kind, key, label, required: false, options: [{ value: 'option_1', label: 'Option 1' }] };
    case 'consent':
      return { kind, key, label, required: true, text: 'J’accepte que mes données soient traitées pour cette démarche.' };
    case 'group':
      return { kind, key, label, required: false, itemLabel: 'Élément', fields: [{ kind: 'text', key: 'element', label: 'Nom', required: true }] };
    default:
      return { kind, key, label, required: false };
  }
}
