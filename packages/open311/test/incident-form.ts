import { formSchema, type FormDefinitionInput } from '@guichet/forms';

/** A report form using every kind of field, to see where each one lands in Open311. */
const incidentFormInput = {
  fields: [
    { kind: 'heading', key: 'intro', label: 'Le problème' },
    {
      kind: 'choice',
      key: 'nature',
      label: 'Nature',
      required: true,
      options: [
        { value: 'nid', label: 'Nid-de-poule' },
        { value: 'lampadaire', label: 'Lampadaire éteint' },
        { value: 'depot', label: 'Dépôt sauvage' },
      ],
    },
    { kind: 'textarea', key: 'details', label: 'Description du problème', required: true },
    { kind: 'textarea', key: 'complement', label: 'Complément', help: 'Ce qui aide à trouver le lieu.' },
    { kind: 'text', key: 'plaque', label: 'Numéro du lampadaire', pattern: '[A-Z]{2}[0-9]{3}', patternMessage: 'Deux lettres et trois chiffres, comme EP123.' },
    { kind: 'number', key: 'nombre', label: 'Nombre de trous', integer: true, min: 1 },
    { kind: 'date', key: 'constate', label: 'Constaté le', max: { daysFromToday: 0 } },
    {
      kind: 'multichoice',
      key: 'dangers',
      label: 'Dangers',
      options: [
        { value: 'pietons', label: 'Pour les piétons' },
        { value: 'velos', label: 'Pour les vélos' },
      ],
    },
    { kind: 'yesno', key: 'urgent', label: 'Danger immédiat ?' },
    { kind: 'email', key: 'courriel', label: 'Courriel du témoin' },
    { kind: 'phone', key: 'telephone', label: 'Téléphone du témoin' },
    { kind: 'consent', key: 'accord', label: 'Accord', required: true, text: 'J’accepte que ma demande soit traitée par la commune.' },
    { kind: 'address', key: 'lieu', label: 'Lieu', required: true, requireCoordinates: true },
    { kind: 'file', key: 'photos', label: 'Photos' },
    { kind: 'group', key: 'temoins', label: 'Témoins', fields: [{ kind: 'text', key: 'nom', label: 'Nom' }] },
    { kind: 'text', key: 'volume', label: 'Volume du dépôt', required: true, visibleWhen: { field: 'nature', equals: 'depot' } },
  ],
} satisfies FormDefinitionInput;

export const incidentForm = formSchema.parse(incidentFormInput);
