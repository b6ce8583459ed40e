import { ensureQueue, WORK_OPTIONS } from '@guichet/jobs';
import { NOTIFY_FILED, type RequestNotification } from '@guichet/requests';
import { deliverEach } from './delivery.ts';
import { notifyCitizen, type NotifierDependencies } from './notify-citizen.ts';
import { notifyService } from './notify-service.ts';

/**
 * A filing's job: the citizen is told their request was received, and the service that it
 * arrived. Each mail is a delivery of its own (see `deliverOnce`): one party's mailbox refusing
 * keeps the other from nothing, and the retry tells only whom it missed.
 */
export async function workNotifyFiled(deps: NotifierDependencies): Promise<void> {
  await ensureQueue(deps.boss, NOTIFY_FILED);
  await deps.boss.work<RequestNotification>(NOTIFY_FILED, WORK_OPTIONS, async (jobs) => {
    for (const { data } of jobs) await deliverEach([() => notifyCitizen(deps, data), () => notifyService(deps, data)]);
  });
}
