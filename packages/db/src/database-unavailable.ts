/**
 * Errors that mean "the database cannot be reached right now" rather than "this query is
 * wrong": the server answers them with 503 and Retry-After, and the job queue's are logged once
 * per outage. postgres.js and node-postgres (pg-boss) name connection failures by a code;
 * Postgres itself says so with the SQLSTATE classes 08 (connection exception) and 57P
 * (operator intervention: shutdown, restart, not yet accepting connections).
 */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let cause = error, depth = 0; cause && depth < 8; depth += 1) {
    const { code, message } = cause as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (CONNECTION_CODES.has(code) || /^(08|57P0)/.test(code))) return true;
    // node-postgres reports a connection lost mid-query by message only.
    if (typeof message === 'string' && /Connection terminated|connect ECONNREFUSED|Client has encountered a connection error/.test(message)) return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}
