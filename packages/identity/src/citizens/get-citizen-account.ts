import type { Transaction } from '@guichet/db';
import { accountById } from './accounts.ts';
import { CitizenAuthError } from './errors.ts';

/** What the citizen sees of their account: identity, address, preferences, ways in. */
export async function getCitizenAccount(input: { tx: Transaction; accountId: string }) {
  const account = await accountById(input.tx, input.accountId);
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
