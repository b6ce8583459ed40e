import type { Context } from 'hono';
import { CatalogueError, type CatalogueFailure } from '@guichet/catalogue';
import { SignInError } from '@guichet/franceconnect';
import { fileSize, formatLabel } from '@guichet/forms';
import { TooManyAttempts } from '@guichet/db';
import { CitizenAuthError, StaffRefusal } from '@guichet/identity';
import { FileError, RequestError, type FileFailure, type RequestFailure } from '@guichet/requests';
import { CommuneCreationRefusal } from '@guichet/tenants';
import { LogoRefusal } from '@guichet/tenants/logo';
import { citizenAuthProblem } from './citizens.ts';
import { problem, validationProblem } from './problem.ts';
import { franceConnectSlug } from './registry.ts';

/**
 * A domain verb's refusal (thrown inside its transaction, so nothing was written) as its
 * problem, for every route at once; undefined when the error is not a refusal.
 */
export function domainProblem(c: Context, error: unknown): Response | undefined {
  if (error instanceof RequestError) return requestProblem(c, error.failure);
  if (error instanceof FileError) return fileProblem(c, error.failure);
  if (error instanceof CatalogueError) return catalogueProblem(c, error.failure);
  if (error instanceof TooManyAttempts) return tooManyAttemptsProblem(c, error);
  if (error instanceof CitizenAuthError) return citizenAuthProblem(c, error.code);
  if (error instanceof StaffRefusal) return staffProblem(c, error);
  if (error instanceof LogoRefusal) return validationProblem(c, [{ field: 'file', code: error.code, message: error.message }]);
  if (error instanceof CommuneCreationRefusal) return validationProblem(c, [{ field: error.field, code: error.code, message: error.message }]);
  if (error instanceof SignInError) return problem(c, franceConnectSlug(error.code), { title: error.message });
  return undefined;
}

/**
 * Said wherever attempts are counted: how long the caller waits and, at staff sign-in, whether
 * the right password would pass (it does unless the account itself is locked).
 */
function tooManyAttemptsProblem(c: Context, { retryAfterSeconds, counted }: TooManyAttempts) {
  c.header('Retry-After', String(retryAfterSeconds));
  const wait = waitInWords(retryAfterSeconds);
  const detail = {
    account: `Trop de mots de passe erronés pour ce compte : sa connexion est bloquée pendant ${wait}, même avec le bon mot de passe. Réessayez ensuite.`,
    address: `Adresse e-mail ou mot de passe incorrect. Trop d’erreurs de connexion viennent de votre réseau : attendez ${wait} avant de réessayer. Un mot de passe correct reste accepté.`,
    unsaid: `Par sécurité, cette action est bloquée pendant ${wait}. Réessayez ensuite.`,
  }[counted ?? 'unsaid'];
  return problem(c, 'trop-de-tentatives', { detail });
}

/** "45 secondes" under a minute (the first waits after failures from an address), else whole minutes. */
function waitInWords(seconds: number): string {
  if (seconds < 60) return `${seconds} seconde${seconds > 1 ? 's' : ''}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes > 1 ? 's' : ''}`;
}

const idempotencyMessages = {
  malformed: 'La clé d’idempotence compte de 8 à 200 caractères visibles, sans espace (un UUID, par exemple).',
  reused: 'Cette clé d’idempotence a déjà servi pour un autre envoi : donnez une nouvelle clé à chaque nouvel envoi.',
};

function requestProblem(c: Context, failure: RequestFailure): Response {
  switch (failure.kind) {
    case 'invalid_submission':
      return validationProblem(c, failure.errors.map((entry) => ({ field: entry.field, code: entry.code, message: entry.message })));
    case 'not_found':
      return problem(c, 'demande-introuvable');
    case 'invalid_cursor':
      return problem(c, 'curseur-invalide', { detail: 'Reprenez la liste depuis sa première page : passez dans `apres` le `next` d’une réponse, avec le même tri.' });
    case 'follow_up_link_invalid':
      return problem(c, 'lien-de-suivi-invalide', {
        detail: 'Vérifiez qu’il est complet, ou demandez à recevoir à nouveau vos liens de suivi par e-mail.',
      });
    case 'forbidden':
      return problem(c, 'action-interdite', { title: failure.message });
    case 'transition_refused':
      return problem(c, 'transition-refusee', {
        title: failure.message,
        reason: failure.reason,
        // The motive is a field of the form: the desk points to it.
        ...(failure.reason === 'reason_required' ? { errors: [{ field: 'comment', code: 'reason_required', message: failure.message }] } : {}),
      });
    case 'conflict':
      return problem(c, 'conflit', { title: failure.message });
    case 'idempotency_key':
      return validationProblem(c, [{ field: 'Idempotency-Key', code: `idempotency_key_${failure.problem}`, message: idempotencyMessages[failure.problem] }]);
    case 'stale':
      c.header('ETag', `"${failure.currentVersion}"`);
      return problem(c, 'demande-modifiee', {
        detail: `Rien n’a été fait. Depuis votre lecture : ${failure.changes.join(' ; ') || 'une modification'}. Relisez la demande avant d’agir.`,
        changes: failure.changes,
        currentVersion: failure.currentVersion,
      });
  }
}

function catalogueProblem(c: Context, failure: CatalogueFailure): Response {
  switch (failure.kind) {
    case 'invalid':
      return validationProblem(c, failure.errors);
    case 'not_found':
      return problem(c, 'catalogue-introuvable', { title: failure.message });
    case 'conflict':
      return problem(c, 'conflit', { title: failure.message });
  }
}

function fileProblem(c: Context, failure: FileFailure): Response {
  switch (failure.kind) {
    case 'too_large':
      return problem(c, 'fichier-trop-volumineux', {
        detail: `La taille maximale est de ${fileSize(failure.maxBytes)}. Réduisez le fichier (compression, résolution) puis déposez-le à nouveau.`,
      });
    case 'not_accepted': {
      const detail = `Formats acceptés : ${failure.accepted.map(formatLabel).join(', ')}. Le format est lu dans le contenu du fichier, pas dans son nom.`;
      return problem(c, 'format-de-fichier-refuse', { detail, errors: [{ field: 'file', code: 'format_not_accepted', message: detail }] });
    }
    case 'mismatch': {
      const detail = `Ce fichier est en réalité au format ${formatLabel(failure.detected)}, ce que son nom ou son type annoncé ne dit pas. Déposez-le sous son vrai nom.`;
      return problem(c, 'fichier-non-conforme', { detail, errors: [{ field: 'file', code: 'format_mismatch', message: detail }] });
    }
    case 'missing':
      return problem(c, 'fichier-manquant', {
        detail: 'Envoyez le fichier dans le champ « file » d’un formulaire multipart/form-data.',
        errors: [{ field: 'file', code: 'required', message: 'Choisissez un fichier.' }],
      });
    case 'malformed':
      return problem(c, 'envoi-illisible', { detail: 'Le formulaire multipart/form-data reçu est incomplet ou mal formé.' });
    case 'not_found':
      return problem(c, 'document-introuvable');
    case 'anonymous_not_allowed':
      return problem(c, 'connexion-requise', {
        title: 'Connectez-vous pour déposer un fichier.',
        detail: 'Sans compte, un fichier ne peut être déposé que pour une démarche ouverte aux demandes anonymes.',
      });
    case 'vault_full':
      return problem(c, 'coffre-fort-plein', {
        detail: `Il contient au plus ${failure.limit} documents : supprimez ceux dont vous n’avez plus besoin.`,
      });
  }
}

function staffProblem(c: Context, refusal: StaffRefusal): Response {
  switch (refusal.code) {
    case 'email_taken':
      return problem(c, 'agent-existant', { errors: [{ field: 'email', code: 'taken', message: 'Adresse déjà utilisée par un agent de la commune' }] });
    case 'unknown_services':
      return validationProblem(c, refusal.services.map((slug) => ({ field: 'services', code: 'unknown', message: `Service inconnu : ${slug}` })));
    case 'agent_not_found':
      return problem(c, 'agent-introuvable');
    case 'service_taken':
      return problem(c, 'service-existant', { errors: [{ field: 'name', code: 'taken', message: 'Un service de la commune porte déjà ce nom.' }] });
    case 'service_not_found':
      return problem(c, 'service-introuvable');
    case 'last_administrator':
      return problem(c, 'dernier-administrateur', { detail: "Nommez d'abord un autre administrateur." });
    case 'self_disabling':
      return problem(c, 'desactivation-de-soi');
    case 'invalid_invitation':
      return problem(c, 'invitation-invalide', {
        detail: 'Il a déjà servi ou a expiré (72 heures). Demandez une nouvelle invitation à l’administrateur de votre commune.',
      });
    case 'already_enrolled':
      return problem(c, 'deja-inscrit', {
        detail: 'Saisissez le code qu’elle affiche. Si vous l’avez perdue, demandez à un administrateur de réinitialiser votre accès.',
      });
    case 'enrolment_not_started':
      return problem(c, 'inscription-non-commencee');
    case 'not_enrolled':
      return problem(c, 'inscription-requise');
  }
}
