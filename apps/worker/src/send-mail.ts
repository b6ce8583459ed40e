import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { sentMail, type Database, type Transaction } from '@guichet/db';
import { enqueue, ensureQueue, WORK_OPTIONS } from '@guichet/jobs';
import type { Mailer, OutgoingMail } from '@guichet/mail';

export const SEND_MAIL = 'mail.send';

export type MailJob = OutgoingMail & { messageId: string };

/** Queues a rendered mail in the caller's transaction; the Message-ID is fixed now, once. */
export function queueMail(
  boss: PgBoss,
  tx: Transaction,
  mail: OutgoingMail,
  options: { domain?: string; retryDelaySeconds?: number } = {},
) {
  const job: MailJob = { ...mail, messageId: mail.messageId ?? `<${randomUUID()}@${options.domain ?? 'guichet.localhost'}>` };
  return enqueue(boss, tx, SEND_MAIL, job, options.retryDelaySeconds ? { retryDelay: options.retryDelaySeconds } : {});
}

/**
 * Sends each queued mail once. The Message-ID is recorded after the SMTP server accepted it;
 * a retry (after a failure, or a crash after sending) finds it and stops there.
 */
export async function workSendMail(boss: PgBoss, db: Database, mailer: Mailer): Promise<void> {
  await ensureQueue(boss, SEND_MAIL);
  await boss.work<MailJob>(SEND_MAIL, WORK_OPTIONS, async (jobs) => {
    for (const { data } of jobs) {
      const [already] = await db.select().from(sentMail).where(eq(sentMail.messageId, data.messageId));
      if (already) continue;
      await mailer.send(data);
      await db.insert(sentMail).values({ messageId: data.messageId }).onConflictDoNothing();
    }
  });
}
