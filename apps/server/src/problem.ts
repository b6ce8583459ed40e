import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';

/** One entry per bad field, so that a form can show each message beside its field. */
export type FieldError = { field: string; code: string; message: string };

/** RFC 9457 problem details; `title` and `detail` are French where a citizen may read them. */
export type Problem = {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  requestId?: string;
};

const PROBLEM_BASE = 'https://guichet.example.fr/problemes/';

export function problem(
  c: Context,
  status: ContentfulStatusCode,
  slug: string,
  title: string,
  extra: Omit<Problem, 'type' | 'title' | 'status'> = {},
): Response {
  const body: Problem = { type: `${PROBLEM_BASE}${slug}`, title, status, ...extra };
  return c.body(JSON.stringify(body), status, { 'content-type': 'application/problem+json; charset=utf-8' });
}

/** Turns zod issues into the per-field entries of a 422 problem. */
export function fieldErrors(error: { issues: readonly z.core.$ZodIssue[] }): FieldError[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('/') || '(corps)',
    code: issue.code,
    message: issue.message,
  }));
}

export function validationProblem(c: Context, errors: FieldError[]): Response {
  return problem(c, 422, 'validation', 'Certaines informations sont invalides.', {
    detail: 'Corrigez les champs signalés puis renvoyez la demande.',
    errors,
  });
}

/**
 * While the database is away (a restart, a failover) nothing can be read or written: the
 * client is told to come back, and how soon, instead of being shown an internal error.
 */
export function databaseUnavailableProblem(c: Context, requestId: string | undefined): Response {
  c.header('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
  return problem(c, 503, 'service-indisponible', 'Le service est momentanément indisponible.', {
    detail: 'La plateforme ne joint plus sa base de données. Réessayez dans quelques secondes.',
    ...(requestId ? { requestId } : {}),
  });
}

export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * The framework's own refusals (a body that is not the JSON or form it claims to be) keep their
 * status, in French, instead of becoming internal errors.
 */
export function frameworkProblem(c: Context, status: number): Response {
  if (status === 400) {
    return problem(c, 400, 'requete-illisible', 'Requête illisible.', {
      detail: 'Le corps de la requête est mal formé : envoyez un JSON valide, ou un formulaire complet.',
    });
  }
  return problem(c, status as ContentfulStatusCode, 'requete-refusee', 'Requête refusée.');
}
