import { createHash } from 'node:crypto';

/** Someone the local peer can sign in: invented people, shaped like the federation's data. */
export interface DemoPerson {
  key: string;
  /** What the sign-in page shows. */
  label: string;
  description: string;
  claims: Record<string, string>;
}

/**
 * Citizens as FranceConnect describes them: birth names in capitals, birthplace and
 * birthcountry as INSEE COG codes, an empty birthplace for someone born abroad.
 */
export const demoCitizens: readonly DemoPerson[] = [
  {
    key: 'angela',
    label: 'Angela Claire Louise DUBOIS',
    description: 'née le 24 août 1962 à Paris 7e (75107)',
    claims: {
      given_name: 'Angela Claire Louise',
      family_name: 'DUBOIS',
      birthdate: '1962-08-24',
      gender: 'female',
      birthplace: '75107',
      birthcountry: '99100',
      email: 'angela.dubois@example.org',
      preferred_username: '',
    },
  },
  {
    key: 'jean',
    label: 'Jean DUPONT',
    description: 'né le 12 mars 1984 à Lyon 3e (69383)',
    claims: {
      given_name: 'Jean',
      family_name: 'DUPONT',
      birthdate: '1984-03-12',
      gender: 'male',
      birthplace: '69383',
      birthcountry: '99100',
      email: 'jean.dupont@example.org',
      preferred_username: '',
    },
  },
  {
    key: 'fatima',
    label: 'Fatima Zahra EL AMRANI, épouse MARTIN',
    description: 'née le 5 novembre 1991 au Maroc (99350)',
    claims: {
      given_name: 'Fatima Zahra',
      family_name: 'EL AMRANI',
      birthdate: '1991-11-05',
      gender: 'female',
      birthplace: '',
      birthcountry: '99350',
      email: 'fatima.martin@example.org',
      preferred_username: 'MARTIN',
    },
  },
  {
    key: 'lucas',
    label: 'Lucas HOARAU',
    description: 'né le 30 juin 2001 à Saint-Denis, La Réunion (97411)',
    claims: {
      given_name: 'Lucas',
      family_name: 'HOARAU',
      birthdate: '2001-06-30',
      gender: 'male',
      birthplace: '97411',
      birthcountry: '99100',
      email: 'lucas.hoarau@example.org',
      preferred_username: '',
    },
  },
];

/** Agents as ProConnect describes them; the SIRETs are invented (department 99 has no commune). */
export const demoAgents: readonly DemoPerson[] = [
  {
    key: 'marie',
    label: 'Marie LEFEBVRE',
    description: "agente d'accueil, mairie de démonstration",
    claims: {
      given_name: 'Marie',
      usual_name: 'LEFEBVRE',
      email: 'marie.lefebvre@mairie.example.org',
      uid: 'mlefebvre',
      siret: '21990001200013',
    },
  },
  {
    key: 'karim',
    label: 'Karim BENSAID',
    description: 'responsable des services techniques, agglomération de démonstration',
    claims: {
      given_name: 'Karim',
      usual_name: 'BENSAID',
      email: 'karim.bensaid@agglo.example.org',
      uid: 'kbensaid',
      siret: '20099000100016',
    },
  },
];

/**
 * A person's `sub` at one service, shaped like FranceConnect's (64 hex characters and a
 * version suffix): two services cannot link their users by it.
 */
export function subFor(personKey: string, clientId: string): string {
  return `${createHash('sha256').update(`${personKey}\n${clientId}`).digest('hex')}v1`;
}
