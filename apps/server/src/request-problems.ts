import type { Context } from 'hono';
import type { RequestError } from '@guichet/requests';
import { problem, validationProblem } from './problem.ts';

/** Maps the requests domain's typed failures to problem details, once for every route. */
export function requestProblem(c: Context, error: RequestError): Response {
  const failure = error.failure;
  switch (failure.kind) {
    case 'invalid_submission':
      return validationProblem(c, failure.errors.map((entry) => ({ field: entry.field, code: entry.code, message: entry.message })));
    case 'not_found':
      return problem(c, 404, 'demande-introuvable', 'Demande ou démarche introuvable.');
    case 'forbidden':
      return problem(c, 403, 'action-interdite', failure.message);
    case 'transition_refused':
      return problem(c, 409, 'transition-refusee', failure.message, { detail: failure.reason });
    case 'conflict':
      return problem(c, 409, 'conflit', failure.message);
  }
}
