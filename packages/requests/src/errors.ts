import type { SubmissionError } from '@guichet/forms';
import type { TransitionRefusal } from '@guichet/workflow';

/** What a caller can get wrong; the HTTP layer maps each to a problem once. */
export type RequestFailure =
  | { kind: 'invalid_submission'; errors: SubmissionError[] }
  | { kind: 'not_found' }
  /** An inbox cursor (`apres`) that is not one the API gave for this sort. */
  | { kind: 'invalid_cursor' }
  /** A follow-up link that matches no request of this commune still holding its personal data. */
  | { kind: 'follow_up_link_invalid' }
  | { kind: 'forbidden'; message: string }
  | { kind: 'transition_refused'; reason: TransitionRefusal; message: string }
  | { kind: 'conflict'; message: string }
  /** An `Idempotency-Key` that cannot be one, or already used by the same sender for something else. */
  | { kind: 'idempotency_key'; problem: 'malformed' | 'reused' }
  /** An agent's change names a version of the request that another change has since replaced. */
  | { kind: 'stale'; currentVersion: number; changes: string[] };

export class RequestError extends Error {
  override name = 'RequestError';
  readonly failure: RequestFailure;
  constructor(failure: RequestFailure) {
    super(failure.kind);
    this.failure = failure;
  }
}
