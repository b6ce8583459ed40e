import { z } from 'zod';
import type { Transaction } from '@guichet/db';
import { accountById } from './accounts.ts';
import { CitizenAuthError } from './errors.ts';
import { notificationPreferencesSchema } from './update-notification-preferences.ts';

/** The citizen's account as the API answers it; dates in ISO 8601. */
export const citizenAccountSchema = z
  .object({
    email: z.email().nullable().meta({ description: 'L’adresse e-mail du compte ; null pour un compte ouvert par FranceConnect sans adresse.' }),
    emailVerified: z.boolean().meta({ description: 'L’adresse a été confirmée par le lien envoyé par e-mail.' }),
    identity: z
      .object({
        givenName: z.string().nullable().meta({ example: 'Angela Claire Louise' }),
        familyName: z.string().nullable().meta({ example: 'Dubois' }),
        birthdate: z.iso.date().nullable().meta({ example: '1962-08-24' }),
        birthplace: z.string().nullable().meta({ description: 'Le code COG de la commune de naissance.', example: '75107' }),
        birthcountry: z.string().nullable().meta({ description: 'Le code COG du pays de naissance.', example: '99100' }),
        gender: z.string().nullable().meta({ description: '`female` ou `male`, tel que transmis par FranceConnect.', example: 'female' }),
      })
      .meta({ description: 'L’identité civile, transmise par FranceConnect ; null partout sans FranceConnect.' }),
    identityVerified: z.boolean().meta({ description: '« Identité vérifiée par FranceConnect » : les noms et la naissance viennent de FranceConnect.' }),
    identityVerifiedAt: z.iso.datetime({ offset: true }).nullable(),
    preferences: notificationPreferencesSchema,
    methods: z
      .object({ franceconnect: z.boolean(), password: z.boolean() })
      .meta({ description: 'Les moyens de connexion du compte : FranceConnect, mot de passe.' }),
  })
  .meta({ id: 'CompteUsager' });

/** What the citizen sees of their account: identity, address, preferences, ways in. */
export async function getCitizenAccount(context: { tx: Transaction; accountId: string }) {
  const account = await accountById(context.tx, context.accountId);
  if (!account) throw new CitizenAuthError('account_not_found');
  return {
    email: account.email,
    emailVerified: account.emailVerifiedAt !== null,
    identity: {
      givenName: account.givenName,
      familyName: account.familyName,
      birthdate: account.birthdate,
      birthplace: account.birthplace,
      birthcountry: account.birthcountry,
      gender: account.gender,
    },
    /** "Identité vérifiée par FranceConnect": the names and birth data come from FranceConnect. */
    identityVerified: account.identityVerifiedAt !== null,
    identityVerifiedAt: account.identityVerifiedAt?.toISOString() ?? null,
    preferences: { notifyByEmail: account.notifyByEmail, notifyBySms: account.notifyBySms, phone: account.phone },
    methods: { franceconnect: account.franceconnectSub !== null, password: account.passwordHash !== null },
  };
}

export type CitizenAccountView = Awaited<ReturnType<typeof getCitizenAccount>>;
