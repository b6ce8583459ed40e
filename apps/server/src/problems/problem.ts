import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { PROBLEM_BASE, PROBLEM_TYPES, type ProblemSlug, type ProblemStatus } from './registry.ts';
import { unstorableTexts } from './unstorable-text.ts';

const fieldErrorSchema = z
  .object({
    field: z.string().meta({ description: 'Le champ en cause, en chemin JSON (`contact/email`), ou `(corps)` pour le corps entier.' }),
    code: z.string().meta({ description: 'Le code de la règle non respectée (celui de zod ou du formulaire ; `invalid_characters` pour un texte contenant un caractère nul ou un caractère Unicode incomplet).' }),
    message: z.string().meta({ description: 'Le message à afficher à côté du champ, en français.' }),
  })
  .meta({ id: 'ErreurDeChamp' });

/** RFC 9457 problem details; `title` and `detail` are French where a citizen may read them. */
export const problemSchema = z
  .object({
    type: z.url().meta({ description: `L'adresse du type de problème, sous ${PROBLEM_BASE}.` }),
    title: z.string(),
    status: z.int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(fieldErrorSchema).optional().meta({ description: 'Une entrée par champ invalide (problème `validation`).' }),
    requestId: z.string().optional().meta({ description: "L'identifiant de la requête, à communiquer à la mairie (erreurs internes)." }),
    changes: z.array(z.string()).optional().meta({ description: 'Problème `demande-modifiee` : ce qui a changé depuis la version lue, dans l’ordre, en français.' }),
    reason: z
      .enum(['unknown_status', 'not_allowed', 'forbidden_role', 'too_late', 'reason_required'])
      .optional()
      .meta({ description: 'Problème `transition-refusee` : pourquoi, en code (`title` le dit en français) ; un motif manquant est aussi signalé sur le champ `comment`.' }),
    currentVersion: z.int().optional().meta({ description: 'Problème `demande-modifiee` : la version actuelle de la demande (son `ETag`).' }),
  })
  .meta({ id: 'Probleme', description: 'Un problème au sens de la RFC 9457 (application/problem+json).' });

export type Problem = z.infer<typeof problemSchema>;
export type FieldError = z.infer<typeof fieldErrorSchema>;
type ProblemExtra = Omit<Problem, 'type' | 'status'> extends infer Rest ? Partial<Rest> : never;

const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** The one way to answer a refusal: status and default title come from the registry. */
export function problem<Slug extends ProblemSlug>(c: Context, slug: Slug, extra: ProblemExtra = {}) {
  const status = PROBLEM_TYPES[slug].status as ProblemStatus<Slug>;
  return c.json(problemBody(slug, status, extra), status, { 'Content-Type': PROBLEM_CONTENT_TYPE });
}

function problemBody(slug: ProblemSlug, status: number, extra: ProblemExtra): Problem {
  return { type: `${PROBLEM_BASE}${slug}`, title: PROBLEM_TYPES[slug].title, status, ...extra };
}

/** Turns zod issues into the per-field entries of a 422 problem. */
function fieldErrors(error: { issues: readonly z.core.$ZodIssue[] }): FieldError[] {
  return error.issues.map((issue) => ({ field: fieldName(issue.path), code: issue.code, message: issue.message }));
}

type Checked = { success: true; data: unknown } | { success: false; error: { issues: readonly z.core.$ZodIssue[] } };

/**
 * The per-field errors of an input its schema has checked: zod's issues; else every text in it
 * that Postgres could not store, a rule no schema spells out, so that it holds for every input
 * without one schema forgetting it.
 */
export function inputErrors(result: Checked): FieldError[] {
  if (!result.success) return fieldErrors(result.error);
  return unstorableTexts(result.data).map(({ path, message }) => ({ field: fieldName(path), code: 'invalid_characters', message }));
}

function fieldName(path: readonly PropertyKey[]): string {
  return path.map(String).join('/') || '(corps)';
}

export function validationProblem(c: Context, errors: FieldError[]) {
  return problem(c, 'validation', { detail: 'Corrigez les champs signalés puis renvoyez la demande.', errors });
}

/**
 * While the database is away (a restart, a failover) nothing can be read or written: the
 * client is told to come back, and how soon, instead of being shown an internal error.
 */
export function databaseUnavailableProblem(c: Context, requestId: string | undefined) {
  c.header('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
  return problem(c, 'service-indisponible', {
    detail: 'La plateforme ne joint plus sa base de données. Réessayez dans quelques secondes.',
    ...(requestId ? { requestId } : {}),
  });
}

const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * The framework's own refusals (a body that is not the JSON or form it claims to be) keep their
 * status, in French, instead of becoming internal errors.
 */
export function frameworkProblem(c: Context, status: number): Response {
  if (status === 400) {
    return problem(c, 'requete-illisible', {
      detail: 'Le corps de la requête est mal formé : envoyez un JSON valide, ou un formulaire complet.',
    });
  }
  if (status === 415) {
    return problem(c, 'type-de-contenu-refuse', { detail: 'Envoyez le corps en application/json (ou dans le type indiqué par la documentation de l’API).' });
  }
  const refused = status as ContentfulStatusCode;
  return c.json(problemBody('requete-refusee', refused, {}), refused, { 'Content-Type': PROBLEM_CONTENT_TYPE });
}
