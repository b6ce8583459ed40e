import type { PgBoss } from 'pg-boss';
import type { Database } from '@guichet/db';
import { ensureQueue, WORK_OPTIONS } from '@guichet/jobs';
import { SEND_MAIL, type Mailer, type MailJob } from '@guichet/mail';
import { deliverOnce } from './delivery.ts';

/** Sends each queued mail once: a retry finds the mail accepted and stops there. */
export async function workSendMail(boss: PgBoss, db: Database, mailer: Mailer): Promise<void> {
  await ensureQueue(boss, SEND_MAIL);
  await boss.work<MailJob>(SEND_MAIL, WORK_OPTIONS, async (jobs) => {
    for (const { data } of jobs) {
      const { tenantId: _counted, ...mail } = data;
      await deliverOnce(db, { messageId: mail.messageId, channel: 'email' }, () => mailer.send(mail));
    }
  });
}
