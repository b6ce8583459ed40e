import type { PgBoss } from 'pg-boss';
import type { Transaction } from '@guichet/db';
import { enqueue } from '@guichet/jobs';

/** Tells the citizen about one history event (acknowledgement, status change, message). */
export const NOTIFY_CITIZEN = 'request.notify-citizen';
/** Tells a service's agents that a request arrived. */
export const NOTIFY_SERVICE = 'request.notify-service';

export type RequestNotification = { tenantId: string; requestId: string; eventId: number };

/** Queued in the transaction that wrote the event: committed events are always told, others never. */
export async function notifyCitizen(jobs: PgBoss, tx: Transaction, notification: RequestNotification) {
  await enqueue(jobs, tx, NOTIFY_CITIZEN, notification, { singletonKey: `${notification.tenantId}:${notification.eventId}` });
}

export async function notifyService(jobs: PgBoss, tx: Transaction, notification: RequestNotification) {
  await enqueue(jobs, tx, NOTIFY_SERVICE, notification, { singletonKey: `${notification.tenantId}:${notification.eventId}` });
}
