import type { SignInErrorCode } from '@guichet/franceconnect';

/**
 * Every problem the API answers, once: its `type` (the slug below, under PROBLEM_BASE), its
 * status and the French title a caller reads when the answer says nothing more precise. The
 * OpenAPI document lists them per operation from here.
 */
export const PROBLEM_TYPES = {
  validation: { status: 422, title: 'Certaines informations sont invalides.' },
  'requete-illisible': { status: 400, title: 'Requête illisible.' },
  'requete-refusee': { status: 400, title: 'Requête refusée.' },
  'envoi-illisible': { status: 400, title: 'Envoi illisible.' },
  'lien-invalide': { status: 400, title: 'Ce lien n’est plus valable.' },
  'curseur-invalide': { status: 400, title: 'Ce curseur de page n’est pas valable.' },
  'demande-modifiee': { status: 409, title: 'La demande a été modifiée depuis que vous l’avez ouverte.' },
  'connexion-requise': { status: 401, title: 'Vous devez vous connecter pour accéder à cette page.' },
  'second-facteur-requis': { status: 401, title: "Saisissez le code de votre application d'authentification." },
  'identifiants-incorrects': { status: 401, title: 'Adresse e-mail ou mot de passe incorrect.' },
  'code-incorrect': { status: 401, title: 'Code incorrect ou déjà utilisé.' },
  'preuve-incorrecte': { status: 401, title: 'Le mot de passe ou le code saisi est incorrect.' },
  'session-expiree': { status: 401, title: 'Votre session a pris fin pendant l’aller-retour avec FranceConnect.' },
  'adresse-non-confirmee': { status: 403, title: 'Votre adresse e-mail n’est pas encore confirmée.' },
  'origine-refusee': { status: 403, title: 'Requête refusée : elle ne provient pas de ce site.' },
  'droits-insuffisants': { status: 403, title: "Votre rôle ne permet pas d'accéder à cette fonction." },
  'action-interdite': { status: 403, title: 'Action interdite.' },
  introuvable: { status: 404, title: "Cette adresse de l'API n'existe pas." },
  'commune-inconnue': { status: 404, title: 'Aucune commune ne correspond à cette adresse.' },
  'commune-requise': { status: 404, title: "Cette adresse est celle d'une console intercommunale, pas d'une commune." },
  'console-requise': { status: 404, title: "Cette adresse est celle d'une commune, pas d'une console intercommunale." },
  'demande-introuvable': { status: 404, title: 'Demande ou démarche introuvable.' },
  'lien-de-suivi-invalide': { status: 404, title: 'Ce lien de suivi ne correspond à aucune demande.' },
  'document-introuvable': { status: 404, title: 'Document introuvable.' },
  'agent-introuvable': { status: 404, title: "Cet agent n'existe pas dans votre commune." },
  'service-introuvable': { status: 404, title: "Ce service n'existe pas dans votre commune." },
  'compte-introuvable': { status: 404, title: 'Ce compte n’existe plus.' },
  'catalogue-introuvable': { status: 404, title: 'Démarche, thème ou modèle introuvable.' },
  'cle-introuvable': { status: 404, title: 'Clé introuvable.' },
  'fournisseur-absent': { status: 404, title: "Cette commune n'a pas de fournisseur d'identité pour ses agents." },
  conflit: { status: 409, title: 'Conflit avec l’état actuel.' },
  'transition-refusee': { status: 409, title: 'Changement de statut refusé.' },
  'deja-connecte': { status: 409, title: 'Vous êtes déjà connecté.' },
  'deja-inscrit': { status: 409, title: 'Une application d’authentification est déjà associée à votre compte.' },
  'inscription-requise': { status: 409, title: 'Associez d’abord une application d’authentification à votre compte.' },
  'inscription-non-commencee': { status: 409, title: 'Commencez par associer votre application d’authentification.' },
  'service-existant': { status: 409, title: 'Ce service existe déjà.' },
  'agent-existant': { status: 409, title: 'Un agent de la commune utilise déjà cette adresse e-mail.' },
  'desactivation-de-soi': { status: 409, title: 'Vous ne pouvez pas désactiver votre propre compte.' },
  'dernier-administrateur': { status: 409, title: 'La commune doit garder au moins un administrateur actif.' },
  'coffre-fort-plein': { status: 409, title: 'Votre coffre-fort est plein.' },
  'code-requis': { status: 409, title: 'Confirmez plutôt avec le code envoyé par e-mail.' },
  'identite-deja-reliee': { status: 409, title: 'Cette identité FranceConnect est déjà reliée à un autre compte citoyen.' },
  'compte-deja-relie': { status: 409, title: 'Votre compte est déjà relié à une autre identité FranceConnect.' },
  'identite-differente': { status: 403, title: 'Cette identité FranceConnect n’est pas celle de votre compte.' },
  'adresse-requise': { status: 409, title: 'Votre compte n’a pas d’adresse e-mail.' },
  'invitation-invalide': { status: 410, title: 'Ce lien d’invitation n’est plus valable.' },
  'liaison-expiree': { status: 410, title: 'La demande de liaison avec FranceConnect a expiré.' },
  'fichier-trop-volumineux': { status: 413, title: 'Fichier trop volumineux.' },
  'format-de-fichier-refuse': { status: 422, title: "Ce format de fichier n'est pas accepté." },
  'fichier-non-conforme': { status: 422, title: 'Le contenu du fichier ne correspond pas à son nom.' },
  'fichier-manquant': { status: 422, title: 'Aucun fichier reçu.' },
  'type-de-contenu-refuse': { status: 415, title: 'Type de contenu refusé.' },
  'trop-de-tentatives': { status: 429, title: 'Trop de tentatives.' },
  'erreur-interne': { status: 500, title: 'Une erreur inattendue est survenue.' },
  'service-indisponible': { status: 503, title: 'Le service est momentanément indisponible.' },
  ...franceConnectProblems({
    cancelled: 401,
    provider_unavailable: 503,
    provider_refused: 502,
    state_mismatch: 400,
    nonce_mismatch: 400,
    code_rejected: 400,
    acr_insufficient: 403,
    verification_failed: 502,
  }),
} as const;

export type ProblemSlug = keyof typeof PROBLEM_TYPES;
export type ProblemStatus<Slug extends ProblemSlug> = (typeof PROBLEM_TYPES)[Slug]['status'];

export const PROBLEM_BASE = 'https://guichet.example.fr/problemes/';

/** The statuses FranceConnect refusals map to (see @guichet/franceconnect's README). */
function franceConnectProblems<const Statuses extends Record<SignInErrorCode, 400 | 401 | 403 | 502 | 503>>(statuses: Statuses) {
  const entries = Object.entries(statuses).map(([code, status]) => [
    franceConnectSlug(code as SignInErrorCode),
    { status, title: 'La connexion avec FranceConnect n’a pas abouti.' },
  ]);
  return Object.fromEntries(entries) as {
    [Code in keyof Statuses as `franceconnect-${KebabCase<Code & string>}`]: { status: Statuses[Code]; title: string };
  };
}

export function franceConnectSlug(code: SignInErrorCode) {
  return `franceconnect-${code.replaceAll('_', '-')}` as `franceconnect-${KebabCase<SignInErrorCode>}`;
}

type KebabCase<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}-${KebabCase<Tail>}` : S;
