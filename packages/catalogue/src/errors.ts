/** An error an administrator's input can cause, mapped once to a problem by the HTTP layer. */
export type CatalogueFailure =
  | { kind: 'invalid'; errors: { field: string; code: string; message: string }[] }
  | { kind: 'not_found'; message: string }
  | { kind: 'conflict'; message: string };

/** Thrown by the verbs inside their transaction, so that a refused change writes nothing. */
export class CatalogueError extends Error {
  override name = 'CatalogueError';
  readonly failure: CatalogueFailure;
  constructor(failure: CatalogueFailure) {
    super(failure.kind === 'invalid' ? failure.errors.map((error) => `${error.field}: ${error.message}`).join('; ') : failure.message);
    this.failure = failure;
  }
}

export const notFound = (message: string) => new CatalogueError({ kind: 'not_found', message });
export const conflict = (message: string) => new CatalogueError({ kind: 'conflict', message });

/** Issues of a definition (or of what it refers to), one per field, slash paths as in forms. */
export function invalid(code: string, issues: readonly { path: readonly PropertyKey[]; message: string }[]): CatalogueError {
  return new CatalogueError({
    kind: 'invalid',
    errors: issues.map((issue) => ({ field: issue.path.map(String).join('/') || '(corps)', code, message: issue.message })),
  });
}
