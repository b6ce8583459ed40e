import type { ErrorEntry } from './documents.ts';

export type Open311Status = 400 | 403 | 404 | 409 | 413 | 422;

/** A failure the client caused, answered in the specification's own error format. */
export class Open311Error extends Error {
  override name = 'Open311Error';
  readonly status: Open311Status;
  readonly errors: ErrorEntry[];
  constructor(status: Open311Status, descriptions: string | string[]) {
    const list = typeof descriptions === 'string' ? [descriptions] : descriptions;
    super(list.join(' '));
    this.status = status;
    this.errors = list.map((description) => ({ code: status, description }));
  }
}
