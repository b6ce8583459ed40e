/**
 * What a citizen can get wrong while signing in or managing the account. The server maps each
 * code once to a problem (or, on a redirect, to a French message).
 */
export const citizenErrorCodes = [
  /** Unknown e-mail, wrong password, or an account without a password: never said apart. */
  'invalid_credentials',
  /** Right password, but the address was never confirmed. */
  'email_not_verified',
  /** A mailed link that is unknown, used or expired. */
  'invalid_token',
  /** The FranceConnect identity waiting for confirmation is gone (expired or done). */
  'link_expired',
  /** Wrong password or code while confirming a link. */
  'wrong_proof',
  /** Confirming by password is refused for an account whose address was never confirmed. */
  'password_proof_unavailable',
  /** This FranceConnect identity already belongs to another account of the EPCI. */
  'identity_taken',
  /** The account is already linked to another FranceConnect identity. */
  'account_already_linked',
  /** Back from FranceConnect (a link, a confirmation), but the session that asked for it is gone. */
  'link_session_lost',
  /** Confirming with FranceConnect as someone other than the account's identity. */
  'identity_mismatch',
  'wrong_current_password',
  /** A password needs an address to reset it by. */
  'email_required',
  'phone_required',
  'account_not_found',
] as const;
export type CitizenErrorCode = (typeof citizenErrorCodes)[number];

export class CitizenAuthError extends Error {
  readonly code: CitizenErrorCode;

  constructor(code: CitizenErrorCode) {
    super(code);
    this.name = 'CitizenAuthError';
    this.code = code;
  }
}
