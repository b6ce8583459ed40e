import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env.ts';
import { problem } from '../problems/problem.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF protection: a state-changing request must carry an Origin whose host is the request's
 * own Host. Browsers always send Origin on such requests; a page of another commune's host
 * (or any other site) cannot forge it.
 */
export const sameOrigin = createMiddleware<AppEnv>(async (c, next) => {
  if (SAFE_METHODS.has(c.req.method)) return next();
  const origin = c.req.header('origin');
  const host = c.req.header('host');
  let originHost: string | undefined;
  try {
    originHost = origin ? new URL(origin).host : undefined;
  } catch {
    originHost = undefined;
  }
  if (!originHost || !host || originHost.toLowerCase() !== host.toLowerCase()) {
    return problem(c, 'origine-refusee', {
      detail: "L'en-tête Origin doit correspondre à l'adresse du portail.",
    });
  }
  return next();
});
