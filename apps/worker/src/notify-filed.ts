import { withTenant } from '@guichet/db';
import { ensureQueue, WORK_OPTIONS } from '@guichet/jobs';
import { NOTIFY_FILED, queueFiledNotifications, type RequestNotification } from '@guichet/requests';
import type { NotifierDependencies } from './notify-citizen.ts';

/** A filing's one job: it queues the citizen's acknowledgement and the service's notice (see `queueFiledNotifications`). */
export async function workNotifyFiled(deps: NotifierDependencies): Promise<void> {
  await ensureQueue(deps.boss, NOTIFY_FILED);
  await deps.boss.work<RequestNotification>(NOTIFY_FILED, WORK_OPTIONS, async (jobs) => {
    for (const { data } of jobs) await withTenant(deps.db, data.tenantId, (tx) => queueFiledNotifications(deps.boss, tx, data));
  });
}
