/**
 * Identities as the two federations describe them, in our field names. A field is undefined
 * when its scope was not requested or the provider has no value for that person.
 */

/** FranceConnect "identité pivot" plus email and usage name. */
export interface CitizenIdentity {
  givenName: string | undefined;
  /** Birth name, as in the civil registry (RNIPP). */
  familyName: string | undefined;
  /** `YYYY-MM-DD`. */
  birthdate: string | undefined;
  /** INSEE COG code of the birth commune; undefined for a person born abroad. */
  birthplace: string | undefined;
  /** INSEE COG code of the birth country, `99100` for France. */
  birthcountry: string | undefined;
  gender: 'female' | 'male' | undefined;
  email: string | undefined;
  /** Usage name (nom d'usage), e.g. a spouse's name. */
  preferredUsername: string | undefined;
}

/** ProConnect's description of a public agent. */
export interface AgentIdentity {
  givenName: string | undefined;
  usualName: string | undefined;
  email: string | undefined;
  /** The agent's id at their identity provider. */
  uid: string | undefined;
  /** SIRET of the agent's organisation. */
  siret: string | undefined;
}

export type Claims = Record<string, unknown>;

export function citizenIdentityFrom(claims: Claims): CitizenIdentity {
  const gender = text(claims, 'gender');
  return {
    givenName: text(claims, 'given_name'),
    familyName: text(claims, 'family_name'),
    birthdate: text(claims, 'birthdate'),
    birthplace: text(claims, 'birthplace'),
    birthcountry: text(claims, 'birthcountry'),
    gender: gender === 'female' || gender === 'male' ? gender : undefined,
    email: text(claims, 'email'),
    preferredUsername: text(claims, 'preferred_username'),
  };
}

export function agentIdentityFrom(claims: Claims): AgentIdentity {
  return {
    givenName: text(claims, 'given_name'),
    usualName: text(claims, 'usual_name'),
    email: text(claims, 'email'),
    uid: text(claims, 'uid'),
    siret: text(claims, 'siret'),
  };
}

// FranceConnect sends an empty birthplace for people born abroad: treat "" as no value.
function text(claims: Claims, name: string): string | undefined {
  const value = claims[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
