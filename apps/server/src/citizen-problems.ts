import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { SignInError, type SignInErrorCode } from '@guichet/franceconnect';
import { CitizenAuthError, TooManyAttempts, type CitizenErrorCode } from '@guichet/identity';
import { problem, validationProblem } from './problem.ts';

type Described = { status: ContentfulStatusCode; slug: string; title: string; detail?: string; field?: string };

/** Each citizen-facing refusal, once: its status, and what the citizen reads (in French). */
const citizenErrors: Record<CitizenErrorCode, Described> = {
  invalid_credentials: {
    status: 401,
    slug: 'identifiants-incorrects',
    title: 'Adresse e-mail ou mot de passe incorrect.',
    detail: 'Vérifiez votre saisie. Si vous avez oublié votre mot de passe, vous pouvez en choisir un nouveau.',
  },
  email_not_verified: {
    status: 403,
    slug: 'adresse-non-confirmee',
    title: 'Votre adresse e-mail n’est pas encore confirmée.',
    detail: 'Ouvrez le lien que nous vous avons envoyé par e-mail pour activer votre compte, ou demandez un nouveau lien.',
  },
  invalid_token: {
    status: 400,
    slug: 'lien-invalide',
    title: 'Ce lien n’est plus valable.',
    detail: 'Il a déjà été utilisé ou il a expiré. Vous pouvez en demander un nouveau.',
  },
  link_expired: {
    status: 410,
    slug: 'liaison-expiree',
    title: 'La demande de liaison avec FranceConnect a expiré.',
    detail: 'Reconnectez-vous avec FranceConnect pour recommencer.',
  },
  wrong_proof: {
    status: 401,
    slug: 'preuve-incorrecte',
    title: 'Le mot de passe ou le code saisi est incorrect.',
    detail: 'Vérifiez votre saisie, ou demandez un nouveau code par e-mail.',
  },
  password_proof_unavailable: {
    status: 409,
    slug: 'code-requis',
    title: 'Confirmez plutôt avec le code envoyé par e-mail.',
    detail: 'L’adresse de ce compte n’a jamais été confirmée : son mot de passe ne suffit pas à prouver que le compte est le vôtre.',
  },
  identity_taken: {
    status: 409,
    slug: 'identite-deja-reliee',
    title: 'Cette identité FranceConnect est déjà reliée à un autre compte citoyen.',
    detail: 'Connectez-vous avec FranceConnect pour utiliser ce compte.',
  },
  account_already_linked: {
    status: 409,
    slug: 'compte-deja-relie',
    title: 'Votre compte est déjà relié à une autre identité FranceConnect.',
  },
  link_session_lost: {
    status: 401,
    slug: 'session-expiree',
    title: 'Votre session a pris fin pendant la liaison avec FranceConnect.',
    detail: 'Connectez-vous, puis recommencez depuis la page « Mon compte ».',
  },
  wrong_current_password: {
    status: 422,
    slug: 'validation',
    title: 'Le mot de passe actuel est incorrect.',
    field: 'currentPassword',
  },
  email_required: {
    status: 409,
    slug: 'adresse-requise',
    title: 'Votre compte n’a pas d’adresse e-mail.',
    detail: 'Un mot de passe ne peut être choisi que pour un compte qui a une adresse e-mail, afin de pouvoir le réinitialiser.',
  },
  phone_required: {
    status: 422,
    slug: 'validation',
    title: 'Indiquez un numéro de téléphone pour recevoir des SMS.',
    field: 'phone',
  },
  account_not_found: {
    status: 404,
    slug: 'compte-introuvable',
    title: 'Ce compte n’existe plus.',
  },
};

/** The statuses FranceConnect refusals map to (see @guichet/franceconnect's README). */
const signInStatuses: Record<SignInErrorCode, ContentfulStatusCode> = {
  cancelled: 401,
  provider_unavailable: 503,
  provider_refused: 502,
  state_mismatch: 400,
  nonce_mismatch: 400,
  code_rejected: 400,
  acr_insufficient: 403,
  verification_failed: 502,
};

/**
 * The problem for a refusal of the citizen identity verbs, or undefined when the error is not
 * one (the app's handler then answers 500).
 */
export function citizenProblem(c: Context, error: Error): Response | undefined {
  if (error instanceof TooManyAttempts) {
    const minutes = Math.max(1, Math.ceil(error.retryAfterSeconds / 60));
    c.header('Retry-After', String(error.retryAfterSeconds));
    return problem(c, 429, 'trop-de-tentatives', 'Trop de tentatives.', {
      detail: `Par sécurité, cette action est bloquée pendant ${minutes} minute${minutes > 1 ? 's' : ''}. Réessayez ensuite.`,
    });
  }
  if (error instanceof CitizenAuthError) {
    const described = citizenErrors[error.code];
    if (described.field) return validationProblem(c, [{ field: described.field, code: error.code, message: described.title }]);
    return problem(c, described.status, described.slug, described.title, described.detail ? { detail: described.detail } : {});
  }
  if (error instanceof SignInError) {
    return problem(c, signInStatuses[error.code], `franceconnect-${error.code.replaceAll('_', '-')}`, error.message);
  }
  return undefined;
}

/** Said when FranceConnect's logout return could not be checked: our own session is over anyway. */
export const SIGN_OUT_UNCONFIRMED = 'signed_out_unconfirmed';

/**
 * The French sentence for an `?erreur=` code a redirect put on /connexion or /mon-compte: a
 * FranceConnect refusal, a citizen refusal, or an unconfirmed logout.
 */
export function redirectErrorMessage(code: string): string {
  if (code in signInStatuses) return new SignInError(code as SignInErrorCode, 'FranceConnect').message;
  if (code in citizenErrors) {
    const described = citizenErrors[code as CitizenErrorCode];
    return described.detail ? `${described.title} ${described.detail}` : described.title;
  }
  if (code === SIGN_OUT_UNCONFIRMED) {
    return 'Vous êtes bien déconnecté du portail, mais FranceConnect n’a pas confirmé la fin de votre session : fermez votre navigateur si l’ordinateur est partagé.';
  }
  return 'La connexion n’a pas abouti. Veuillez réessayer.';
}
