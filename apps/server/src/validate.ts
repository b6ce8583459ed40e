import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { z } from 'zod';
import { fieldErrors, validationProblem } from './problems/problem.ts';

/**
 * zod validation of a request part, typed for Hono's client, answering a 422 problem with one
 * entry per bad field (and changing nothing) when the input is wrong.
 */
export function validate<Target extends keyof ValidationTargets, Schema extends z.ZodType>(target: Target, schema: Schema) {
  return zValidator(target, schema, (result, c) => {
    if (!result.success) return validationProblem(c, fieldErrors(result.error));
  });
}
