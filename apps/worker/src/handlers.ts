import type { PgBoss } from 'pg-boss';
import type { Database } from '@guichet/db';
import type { Mailer } from '@guichet/mail';
import type { Logger } from 'pino';
import { SEND_MAIL, workSendMail } from './send-mail.ts';

export type WorkerDependencies = { boss: PgBoss; db: Database; log: Logger; mailer: Mailer };

/**
 * Every queue the platform works, registered in one place for both the worker process and
 * the server's in-process worker (the embedded default). One file per queue beside this one.
 */
export async function registerJobHandlers(deps: WorkerDependencies): Promise<void> {
  await workSendMail(deps.boss, deps.db, deps.mailer);
}

/** Queues the server sends to must exist before the first send, even with no worker running. */
export const QUEUES = [SEND_MAIL];

export { queueMail, SEND_MAIL, type MailJob } from './send-mail.ts';
