import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Problem } from './problem.ts';

const PROBLEM_BASE = 'https://guichet.example.fr/problemes/';

/**
 * The same RFC 9457 problem as `problem()`, answered through `c.json` so that a handler that
 * also answers a problem keeps its success type for the web app's typed client.
 */
export function typedProblem<S extends ContentfulStatusCode>(
  c: Context,
  status: S,
  slug: string,
  title: string,
  extra: Omit<Problem, 'type' | 'title' | 'status'> = {},
) {
  const body: Problem = { type: `${PROBLEM_BASE}${slug}`, title, status, ...extra };
  return c.json(body, status, { 'Content-Type': 'application/problem+json; charset=utf-8' });
}
