import { ClientError, ResponseBodyError } from 'openid-client';

/** Which national identity federation a sign-in went through, as named to the person. */
export type ProviderLabel = 'FranceConnect' | 'ProConnect';

/**
 * Why a sign-in was refused. The server maps every code to one problem response; the codes
 * that a person causes on purpose (`cancelled`) or that a retry fixes are kept apart from the
 * ones that point to an attack or a misconfiguration.
 */
export type SignInErrorCode =
  /** `error=access_denied` on the callback: the person went back, or the provider could not identify them. */
  | 'cancelled'
  /** `server_error` / `temporarily_unavailable`, or the provider could not be reached. */
  | 'provider_unavailable'
  /** Any other `error` on the callback (`invalid_request`, `invalid_scope`…): our request or our subscription is wrong. */
  | 'provider_refused'
  /** The callback's `state` is missing or is not the one stored when the sign-in began (CSRF). */
  | 'state_mismatch'
  /** The ID token's `nonce` is not the one stored when the sign-in began (replay). */
  | 'nonce_mismatch'
  /** The token endpoint refused the code: already used, expired or issued to someone else. */
  | 'code_rejected'
  /** The ID token's `acr` is missing or below the level this service asked for. */
  | 'acr_insufficient'
  /** A signature, issuer, audience, subject or format check failed on the ID token or the userinfo. */
  | 'verification_failed';

const messages: Record<SignInErrorCode, (provider: ProviderLabel) => string> = {
  cancelled: (p) => `La connexion avec ${p} a été annulée. Vous pouvez réessayer ou choisir un autre mode de connexion.`,
  provider_unavailable: (p) =>
    `${p} est momentanément indisponible. Veuillez réessayer dans quelques instants ou choisir un autre mode de connexion.`,
  provider_refused: (p) =>
    `La connexion avec ${p} est impossible pour le moment. Veuillez choisir un autre mode de connexion.`,
  state_mismatch: (p) =>
    `Votre demande de connexion avec ${p} a expiré ou a déjà été utilisée. Veuillez recommencer la connexion.`,
  nonce_mismatch: (p) => `La connexion avec ${p} n'a pas pu être vérifiée. Veuillez recommencer la connexion.`,
  code_rejected: (p) =>
    `Votre demande de connexion avec ${p} a expiré ou a déjà été utilisée. Veuillez recommencer la connexion.`,
  acr_insufficient: (p) =>
    `Le niveau de sécurité de votre connexion ${p} est insuffisant pour ce service. Veuillez choisir un autre moyen de connexion dans ${p}.`,
  verification_failed: (p) => `La connexion avec ${p} n'a pas pu être vérifiée. Veuillez recommencer la connexion.`,
};

/**
 * A refused sign-in or sign-out. `message` is French and safe to show to the person; `cause`
 * keeps the library error for the operator. Log `code` and `cause.message` only: the cause
 * object can hold token claims, which are personal data.
 */
export class SignInError extends Error {
  readonly code: SignInErrorCode;
  readonly provider: ProviderLabel;
  /** The OAuth `error` value the provider sent, when it sent one. */
  readonly providerError: string | undefined;

  constructor(code: SignInErrorCode, provider: ProviderLabel, options: { cause?: unknown; providerError?: string } = {}) {
    super(messages[code](provider), { cause: options.cause });
    this.name = 'SignInError';
    this.code = code;
    this.provider = provider;
    this.providerError = options.providerError;
  }
}

/** Maps an `error` sent back on the callback (FC v2 "gestion des erreurs" page) to our code. */
export function codeForCallbackError(error: string): SignInErrorCode {
  switch (error) {
    case 'access_denied':
      return 'cancelled';
    case 'server_error':
    case 'temporarily_unavailable':
      return 'provider_unavailable';
    default:
      return 'provider_refused';
  }
}

/** Translates whatever openid-client threw while completing a sign-in into a SignInError. */
export function toSignInError(error: unknown, provider: ProviderLabel): SignInError {
  if (error instanceof SignInError) return error;
  if (error instanceof ResponseBodyError) {
    return new SignInError(codeForEndpointError(error.error), provider, { cause: error, providerError: error.error });
  }
  if (error instanceof ClientError) {
    return new SignInError(codeForClientError(error), provider, { cause: error });
  }
  // Network failures and timeouts (fetch's TypeError, AbortSignal's TimeoutError) land here.
  return new SignInError('provider_unavailable', provider, { cause: error });
}

/** Maps an `error` in a token or userinfo endpoint's JSON body (RFC 6749 §5.2) to our code. */
function codeForEndpointError(error: string): SignInErrorCode {
  switch (error) {
    // RFC 6749 §4.1.2: a code can be used once; the provider answers invalid_grant to a replay.
    case 'invalid_grant':
      return 'code_rejected';
    case 'server_error':
    case 'temporarily_unavailable':
      return 'provider_unavailable';
    default:
      return 'provider_refused';
  }
}

function codeForClientError(error: ClientError): SignInErrorCode {
  switch (error.code) {
    // A provider answering an HTML error page or a 5xx is down, not lying.
    case 'OAUTH_RESPONSE_IS_NOT_CONFORM':
    case 'OAUTH_RESPONSE_IS_NOT_JSON':
      return 'provider_unavailable';
    case 'OAUTH_JWT_CLAIM_COMPARISON_FAILED': {
      const details = (error.cause as { cause?: { claim?: unknown } } | undefined)?.cause;
      return details?.claim === 'nonce' ? 'nonce_mismatch' : 'verification_failed';
    }
    default:
      return 'verification_failed';
  }
}
