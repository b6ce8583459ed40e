import type { PgBoss } from 'pg-boss';
import { isDatabaseUnavailable } from '@guichet/db';

type Log = { warn: (fields: object, message: string) => void; error: (fields: object, message: string) => void };

/**
 * pg-boss reports every failed poll as an 'error' event (an unhandled one would end the
 * process) and keeps polling: while the database is away that is one error per queue and per
 * second. They are told once a minute as one warning, with their count; other errors, such as
 * a handler's failure, are logged one by one.
 */
export function reportQueueErrors(boss: PgBoss, log: Log): void {
  let windowStart = 0;
  let unreported = 0;
  boss.on('error', (error: unknown) => {
    if (!isDatabaseUnavailable(error)) {
      log.error({ err: error }, 'job queue error');
      return;
    }
    unreported += 1;
    if (Date.now() - windowStart < 60_000) return;
    log.warn({ failedPolls: unreported }, 'job queue: database unreachable, polling again');
    windowStart = Date.now();
    unreported = 0;
  });
}
