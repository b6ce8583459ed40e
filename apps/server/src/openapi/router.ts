import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../env.ts';
import { fieldErrors, validationProblem } from '../problems/problem.ts';

/**
 * Every API router is made here, so that a bad parameter or body is answered the same way
 * everywhere: a 422 problem with one entry per bad field, and nothing changed.
 */
export function createRouter<E extends AppEnv = AppEnv>() {
  return new OpenAPIHono<E>({
    defaultHook: (result, c) => {
      if (!result.success) return validationProblem(c, fieldErrors(result.error));
    },
  });
}
