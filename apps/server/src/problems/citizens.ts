import type { Context } from 'hono';
import { SignInError, type SignInErrorCode } from '@guichet/franceconnect';
import type { CitizenErrorCode } from '@guichet/identity';
import { problem, validationProblem } from './problem.ts';
import { franceConnectSlug, PROBLEM_TYPES, type ProblemSlug } from './registry.ts';

type Described = { slug: ProblemSlug; title: string; detail?: string; field?: string };

/** Each citizen-facing refusal, once: its problem type, and what the citizen reads (in French). */
const citizenErrors: Record<CitizenErrorCode, Described> = {
  invalid_credentials: {
    slug: 'identifiants-incorrects',
    title: 'Adresse e-mail ou mot de passe incorrect.',
    detail: 'Vérifiez votre saisie. Si vous avez oublié votre mot de passe, vous pouvez en choisir un nouveau.',
  },
  email_not_verified: {
    slug: 'adresse-non-confirmee',
    title: 'Votre adresse e-mail n’est pas encore confirmée.',
    detail: 'Ouvrez le lien que nous vous avons envoyé par e-mail pour activer votre compte, ou demandez un nouveau lien.',
  },
  invalid_token: {
    slug: 'lien-invalide',
    title: 'Ce lien n’est plus valable.',
    detail: 'Il a déjà été utilisé ou il a expiré. Vous pouvez en demander un nouveau.',
  },
  link_expired: {
    slug: 'liaison-expiree',
    title: 'La demande de liaison avec FranceConnect a expiré.',
    detail: 'Reconnectez-vous avec FranceConnect pour recommencer.',
  },
  wrong_proof: {
    slug: 'preuve-incorrecte',
    title: 'Le mot de passe ou le code saisi est incorrect.',
    detail: 'Vérifiez votre saisie, ou demandez un nouveau code par e-mail.',
  },
  password_proof_unavailable: {
    slug: 'code-requis',
    title: 'Confirmez plutôt avec le code envoyé par e-mail.',
    detail: 'L’adresse de ce compte n’a jamais été confirmée : son mot de passe ne suffit pas à prouver que le compte est le vôtre.',
  },
  identity_taken: {
    slug: 'identite-deja-reliee',
    title: 'Cette identité FranceConnect est déjà reliée à un autre compte citoyen.',
    detail: 'Connectez-vous avec FranceConnect pour utiliser ce compte.',
  },
  account_already_linked: {
    slug: 'compte-deja-relie',
    title: 'Votre compte est déjà relié à une autre identité FranceConnect.',
  },
  link_session_lost: {
    slug: 'session-expiree',
    title: 'Votre session a pris fin pendant l’aller-retour avec FranceConnect.',
    detail: 'Connectez-vous, puis recommencez depuis la page « Mon compte ».',
  },
  identity_mismatch: {
    slug: 'identite-differente',
    title: 'Cette identité FranceConnect n’est pas celle de votre compte.',
    detail: 'Votre compte n’a pas été supprimé. Reconnectez-vous à FranceConnect avec votre propre identité, ou confirmez par un code envoyé par e-mail.',
  },
  wrong_current_password: {
    slug: 'validation',
    title: 'Le mot de passe actuel est incorrect.',
    field: 'currentPassword',
  },
  email_required: {
    slug: 'adresse-requise',
    title: 'Votre compte n’a pas d’adresse e-mail.',
    detail: 'Un mot de passe ne peut être choisi que pour un compte qui a une adresse e-mail, afin de pouvoir le réinitialiser.',
  },
  phone_required: {
    slug: 'validation',
    title: 'Indiquez un numéro de téléphone pour recevoir des SMS.',
    field: 'phone',
  },
  account_not_found: {
    slug: 'compte-introuvable',
    title: 'Ce compte n’existe plus.',
  },
};

/**
 * The problem for a refusal of the citizen identity verbs. A refusal that concerns one field
 * (a wrong current password) is a validation problem on that field.
 */
export function citizenAuthProblem(c: Context, code: CitizenErrorCode): Response {
  const described = citizenErrors[code];
  if (described.field) return validationProblem(c, [{ field: described.field, code, message: described.title }]);
  return problem(c, described.slug, { title: described.title, ...(described.detail ? { detail: described.detail } : {}) });
}

/** Said when FranceConnect's logout return could not be checked: our own session is over anyway. */
export const SIGN_OUT_UNCONFIRMED = 'signed_out_unconfirmed';

/**
 * The French sentence for an `?erreur=` code a redirect put on /connexion or /mon-compte: a
 * FranceConnect refusal, a citizen refusal, or an unconfirmed logout.
 */
export function redirectErrorMessage(code: string): string {
  if (franceConnectSlug(code as SignInErrorCode) in PROBLEM_TYPES) return new SignInError(code as SignInErrorCode, 'FranceConnect').message;
  if (code in citizenErrors) {
    const described = citizenErrors[code as CitizenErrorCode];
    return described.detail ? `${described.title} ${described.detail}` : described.title;
  }
  if (code === SIGN_OUT_UNCONFIRMED) {
    return 'Vous êtes bien déconnecté du portail, mais FranceConnect n’a pas confirmé la fin de votre session : fermez votre navigateur si l’ordinateur est partagé.';
  }
  return 'La connexion n’a pas abouti. Veuillez réessayer.';
}
