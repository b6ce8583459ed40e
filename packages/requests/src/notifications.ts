import type { PgBoss } from 'pg-boss';
import type { Transaction } from '@guichet/db';
import { enqueue } from '@guichet/jobs';

/** Tells the citizen about one history event (acknowledgement, status change, message). */
export const NOTIFY_CITIZEN = 'request.notify-citizen';
/** Tells a service's agents that a request arrived. */
export const NOTIFY_SERVICE = 'request.notify-service';
/** Both at a filing, in one job: the service that a request arrived, the citizen that it was received. */
export const NOTIFY_FILED = 'request.notify-filed';

export type RequestNotification = {
  tenantId: string;
  requestId: string;
  eventId: number;
  /**
   * An anonymous filer's follow-up token, for the acknowledgement's link. Only its hash is in
   * the database; the job carries it so that a retried job mails the same working link.
   */
  followUpToken?: string;
};

/**
 * How long a completed job that carries a follow-up token stays in pg-boss's tables (7 days
 * by default): the token should live in the mail only.
 */
export const SECRET_JOB_RETENTION_SECONDS = 60;

/**
 * Queued in the transaction that wrote the events (a filing's, by its own job:
 * `queueFiledNotifications`), one statement for all of them: committed events are always told,
 * others never.
 */
export async function notifyCitizen(jobs: PgBoss, tx: Transaction, notifications: readonly RequestNotification[]) {
  await enqueueWithTokens(jobs, tx, NOTIFY_CITIZEN, notifications);
}

/**
 * A filing's notifications: one job per request, a statement less on the filing's path than a job
 * for each party; the worker then queues both (`queueFiledNotifications`).
 */
export async function notifyFiled(jobs: PgBoss, tx: Transaction, notifications: readonly RequestNotification[]) {
  await enqueueWithTokens(jobs, tx, NOTIFY_FILED, notifications);
}

/**
 * What a filing's job becomes: the citizen's acknowledgement and the service's notice, each in its
 * own queue, so that a service's many mails never hold back the citizens' acknowledgements. Only
 * the acknowledgement carries an anonymous filer's link. Queued again if the job runs again: each
 * mail is a delivery of its own, sent once whatever the jobs that ask for it.
 */
export async function queueFiledNotifications(jobs: PgBoss, tx: Transaction, notification: RequestNotification) {
  const { followUpToken: _token, ...forService } = notification;
  await Promise.all([notifyCitizen(jobs, tx, [notification]), notifyService(jobs, tx, [forService])]);
}

async function enqueueWithTokens(jobs: PgBoss, tx: Transaction, queue: string, notifications: readonly RequestNotification[]) {
  await enqueue(
    jobs,
    tx,
    queue,
    notifications.map((notification) => ({
      data: notification,
      ...(notification.followUpToken ? { deleteAfterSeconds: SECRET_JOB_RETENTION_SECONDS } : {}),
    })),
  );
}

export async function notifyService(jobs: PgBoss, tx: Transaction, notifications: readonly RequestNotification[]) {
  await enqueue(
    jobs,
    tx,
    NOTIFY_SERVICE,
    notifications.map((notification) => ({ data: notification })),
  );
}
