import type { z } from 'zod';
import { problemSchema } from '../problems/problem.ts';
import { PROBLEM_BASE, PROBLEM_TYPES, type ProblemSlug, type ProblemStatus } from '../problems/registry.ts';

/** A JSON answer, described in French. */
export function jsonResponse<Schema extends z.ZodType>(schema: Schema, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

/** A JSON request body, with the example a newcomer can send as it is. */
export function jsonBody<Schema extends z.ZodType>(schema: Schema, example?: z.input<Schema>) {
  return {
    required: true,
    content: { 'application/json': { schema, ...(example === undefined ? {} : { example }) } },
  };
}

type ProblemResponse = { description: string; content: { 'application/problem+json': { schema: typeof problemSchema } } };
type ProblemResponses<Slug extends ProblemSlug> = { [Status in ProblemStatus<Slug>]: ProblemResponse };

/**
 * The problems an operation may answer, grouped by status, each status listing the `type` URIs
 * it carries: read from the one registry, so the document says what the code answers.
 */
export function problemResponses<const Slugs extends readonly ProblemSlug[]>(...slugs: Slugs): ProblemResponses<Slugs[number]> {
  const byStatus = new Map<number, ProblemSlug[]>();
  for (const slug of [...slugs, 'service-indisponible', 'erreur-interne'] as const) {
    const status = PROBLEM_TYPES[slug].status;
    byStatus.set(status, [...new Set([...(byStatus.get(status) ?? []), slug])]);
  }
  const responses: Record<number, ProblemResponse> = {};
  for (const [status, grouped] of byStatus) {
    const lines = grouped.map((slug) => `- \`${PROBLEM_BASE}${slug}\` : ${PROBLEM_TYPES[slug].title}`);
    responses[status] = {
      description: `Problème (RFC 9457) de type :\n${lines.join('\n')}`,
      content: { 'application/problem+json': { schema: problemSchema } },
    };
  }
  return responses as ProblemResponses<Slugs[number]>;
}

/** A browser navigation's answer: a redirect, refusals included (an error code on the page reached). */
export function redirectResponse(description: string) {
  return { description, headers: { Location: { description: 'La page où va le navigateur.', schema: { type: 'string' as const } } } };
}
