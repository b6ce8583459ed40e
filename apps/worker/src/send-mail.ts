import { eq } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { sentMail, type Database } from '@guichet/db';
import { ensureQueue, WORK_OPTIONS } from '@guichet/jobs';
import { SEND_MAIL, type Mailer, type MailJob } from '@guichet/mail';

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
