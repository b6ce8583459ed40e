import { randomUUID } from 'node:crypto';
import type { Transaction } from '@guichet/db';
import { enqueue } from '@guichet/jobs';
import type { PgBoss } from 'pg-boss';
import type { OutgoingMail } from './mailer.ts';

export const SEND_MAIL = 'mail.send';

/** `tenantId`: the commune the mail is sent for, so that the console counts its waiting and failed mail. */
export type MailJob = OutgoingMail & { messageId: string; tenantId?: string };

/**
 * Queues a rendered mail in the caller's transaction, so that it leaves only if the change it
 * announces is committed; the Message-ID is fixed now, once (the worker sends each one once).
 */
export function queueMail(
  boss: PgBoss,
  tx: Transaction,
  mail: OutgoingMail,
  options: { domain?: string; retryDelaySeconds?: number; deleteAfterSeconds?: number; tenantId?: string } = {},
) {
  const job: MailJob = {
    ...mail,
    messageId: mail.messageId ?? `<${randomUUID()}@${options.domain ?? 'guichet.localhost'}>`,
    ...(options.tenantId ? { tenantId: options.tenantId } : {}),
  };
  return enqueue(boss, tx, SEND_MAIL, [
    {
      data: job,
      ...(options.retryDelaySeconds ? { retryDelay: options.retryDelaySeconds } : {}),
      // A mail carrying a long-lived secret (a follow-up link) leaves pg-boss's tables soon after it is sent.
      ...(options.deleteAfterSeconds ? { deleteAfterSeconds: options.deleteAfterSeconds } : {}),
    },
  ]);
}
