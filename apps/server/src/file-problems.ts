import type { Context } from 'hono';
import { FileError, formatLabel, megabytes } from '@guichet/requests';
import { problem } from './problem.ts';

/**
 * The files routes' error handler: a FileError becomes its problem, anything else goes on to
 * the app's own handler.
 */
export function fileProblem(error: Error, c: Context): Response {
  if (!(error instanceof FileError)) throw error;
  const failure = error.failure;
  switch (failure.kind) {
    case 'too_large':
      return problem(c, 413, 'fichier-trop-volumineux', 'Fichier trop volumineux.', {
        detail: `La taille maximale est de ${megabytes(failure.maxBytes)}. Réduisez le fichier (compression, résolution) puis déposez-le à nouveau.`,
      });
    case 'not_accepted': {
      const detail = `Formats acceptés : ${failure.accepted.map(formatLabel).join(', ')}. Le format est lu dans le contenu du fichier, pas dans son nom.`;
      return problem(c, 422, 'format-de-fichier-refuse', "Ce format de fichier n'est pas accepté.", {
        detail,
        errors: [{ field: 'file', code: 'format_not_accepted', message: detail }],
      });
    }
    case 'mismatch': {
      const detail = `Ce fichier est en réalité au format ${formatLabel(failure.detected)}, ce que son nom ou son type annoncé ne dit pas. Déposez-le sous son vrai nom.`;
      return problem(c, 422, 'fichier-non-conforme', 'Le contenu du fichier ne correspond pas à son nom.', {
        detail,
        errors: [{ field: 'file', code: 'format_mismatch', message: detail }],
      });
    }
    case 'missing':
      return problem(c, 422, 'fichier-manquant', 'Aucun fichier reçu.', {
        detail: 'Envoyez le fichier dans le champ « file » d’un formulaire multipart/form-data.',
        errors: [{ field: 'file', code: 'required', message: 'Choisissez un fichier.' }],
      });
    case 'malformed':
      return problem(c, 400, 'envoi-illisible', 'Envoi illisible.', { detail: 'Le formulaire multipart/form-data reçu est incomplet ou mal formé.' });
    case 'not_found':
      return problem(c, 404, 'document-introuvable', 'Document introuvable.');
    case 'anonymous_not_allowed':
      return problem(c, 401, 'connexion-requise', 'Connectez-vous pour déposer un fichier.', {
        detail: 'Sans compte, un fichier ne peut être déposé que pour une démarche ouverte aux demandes anonymes.',
      });
    case 'vault_full':
      return problem(c, 409, 'coffre-fort-plein', 'Votre coffre-fort est plein.', {
        detail: `Il contient au plus ${failure.limit} documents : supprimez ceux dont vous n’avez plus besoin.`,
      });
  }
}
