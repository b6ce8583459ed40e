/**
 * The `Idempotency-Key` of one submission: the same for its retries (after a lost answer the
 * server replays the first instead of filing twice), a new one once it has gone through.
 */
export function createSubmissionKey() {
  let key = crypto.randomUUID();
  return {
    headers: () => ({ 'Idempotency-Key': key }),
    renew() {
      key = crypto.randomUUID();
    },
  };
}
