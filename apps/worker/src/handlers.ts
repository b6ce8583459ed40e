import type { PgBoss } from 'pg-boss';
import type { Database } from '@guichet/db';
import { SEND_MAIL, type Mailer } from '@guichet/mail';
import {
  anonymiseExpired,
  BUILD_ACCOUNT_EXPORT,
  DELETE_STORED_FILES,
  deleteExpiredDrafts,
  deleteExpiredExports,
  flagDeadlines,
  followUpWaitingCitizen,
  NOTIFY_CITIZEN,
  NOTIFY_FILED,
  NOTIFY_SERVICE,
  sweepUnattachedUploads,
} from '@guichet/requests';
import type { SmsSender } from '@guichet/sms';
import { refreshRequestFacts } from '@guichet/statistics';
import { enqueue } from '@guichet/jobs';
import type { Storage } from '@guichet/storage';
import type { Logger } from 'pino';
import { workNotifyCitizen } from './notify-citizen.ts';
import { workNotifyFiled } from './notify-filed.ts';
import { workNotifyService } from './notify-service.ts';
import { workSendMail } from './send-mail.ts';
import { workCommuneSweep, type CommuneSweep } from './commune-sweep.ts';
import { workDeleteStoredFiles } from './delete-stored-files.ts';
import { workBuildAccountExports } from './build-account-exports.ts';
import { workPruneExpired } from './prune-expired.ts';

export type WorkerDependencies = {
  boss: PgBoss;
  db: Database;
  log: Logger;
  mailer: Mailer;
  sms: SmsSender;
  /** Where attachments' and vault documents' bytes live, for deleting them. */
  storage: Storage;
  /** The public address of a commune's portal, for links in messages. */
  portalUrl: (slug: string) => string;
};

/**
 * Every queue the platform works, registered in one place for both the worker process and
 * the server's in-process worker (the embedded default). One file per queue beside this one.
 */
export async function registerJobHandlers(deps: WorkerDependencies): Promise<void> {
  await workSendMail(deps.boss, deps.db, deps.mailer);
  await workNotifyCitizen(deps);
  await workNotifyService(deps);
  await workNotifyFiled(deps);
  await workDeleteStoredFiles(deps.boss, deps.storage);
  await workBuildAccountExports(deps.boss, deps.db, deps.storage);
  for (const sweep of sweeps(deps.boss)) await workCommuneSweep(deps.boss, deps.db, sweep);
  await workPruneExpired(deps.boss, deps.db, deps.log);
}

/** Statistics' facts every minute; a commune with more to compute than a chunk goes on at once, a job per chunk. */
const REFRESH_FACTS = 'statistics.refresh-facts';

/**
 * Deadlines every five minutes; requests waiting for the citizen (reminders, closing) and uploads
 * left unattached every hour; retention, expired drafts
 * and expired data exports at night, when nobody waits on the database.
 */
function sweeps(boss: PgBoss): CommuneSweep[] {
  return [
    { name: 'requests.sweep-deadlines', cron: '*/5 * * * *', handle: (tx, tenantId) => flagDeadlines({ tx, jobs: boss, tenantId }) },
    { name: 'requests.sweep-waiting-citizen', cron: '10 * * * *', handle: (tx, tenantId) => followUpWaitingCitizen({ tx, jobs: boss, tenantId }) },
    { name: 'requests.sweep-unattached-uploads', cron: '20 * * * *', handle: (tx) => sweepUnattachedUploads({ tx, jobs: boss }) },
    { name: 'requests.sweep-retention', cron: '30 2 * * *', handle: (tx, tenantId) => anonymiseExpired({ tx, jobs: boss, tenantId }) },
    { name: 'requests.sweep-drafts', cron: '45 2 * * *', handle: (tx) => deleteExpiredDrafts({ tx }) },
    { name: 'requests.sweep-exports', cron: '50 2 * * *', handle: (tx) => deleteExpiredExports({ tx, jobs: boss }) },
    {
      name: REFRESH_FACTS,
      cron: '* * * * *',
      handle: async (tx, tenantId) => {
        const { more } = await refreshRequestFacts({ tx });
        if (more) await enqueue(boss, tx, `${REFRESH_FACTS}.commune`, [{ data: { tenantId } }]);
      },
    },
  ];
}

/** Queues the server sends to must exist before the first send, even with no worker running. */
export const QUEUES = [SEND_MAIL, NOTIFY_CITIZEN, NOTIFY_SERVICE, NOTIFY_FILED, DELETE_STORED_FILES, BUILD_ACCOUNT_EXPORT];

