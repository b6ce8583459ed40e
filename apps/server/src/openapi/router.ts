import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../env.ts';
import { inputErrors, validationProblem } from '../problems/problem.ts';

/**
 * Every API router is made here, so that a bad parameter, query, header or body is answered the
 * same way everywhere: a 422 problem with one entry per bad field, and nothing changed. Text
 * Postgres cannot store (U+0000, a lone surrogate) is refused here too, before any handler.
 */
export function createRouter<E extends AppEnv = AppEnv>() {
  return new OpenAPIHono<E>({
    defaultHook: (result, c) => {
      const errors = inputErrors(result);
      if (errors.length > 0) return validationProblem(c, errors);
    },
  });
}
