import pino from 'pino';
import { portalUrlFor, readEnvironment } from '@guichet/config';
import { applicationUrl, createDatabase, embeddedApplicationUrl } from '@guichet/db';
import { createJobQueue, reportQueueErrors } from '@guichet/jobs';
import { onShutdownSignals } from '@guichet/runtime';
import { createMailer } from '@guichet/mail';
import { createSmsSink } from '@guichet/sms';
import { storageFromEnvironment } from '@guichet/storage';
import { registerJobHandlers } from './handlers.ts';

/**
 * A worker process: any number can run beside the servers, against the same database. The
 * owner has already migrated it (the server's start, or `npm run migrate`).
 */
const env = readEnvironment();
const log = pino({ level: env.LOG_LEVEL, base: { service: 'guichet-worker' } });

async function resolveApplicationUrl(): Promise<string> {
  if (env.APP_DATABASE_URL) return env.APP_DATABASE_URL;
  if (env.DATABASE_URL && env.APP_DATABASE_PASSWORD) return applicationUrl(env.DATABASE_URL, env.APP_DATABASE_PASSWORD);
  if (env.DATABASE_URL) throw new Error('Set APP_DATABASE_URL, or APP_DATABASE_PASSWORD beside DATABASE_URL.');
  return embeddedApplicationUrl({ dataDir: env.EMBEDDED_POSTGRES_DIR, port: env.EMBEDDED_POSTGRES_PORT });
}

const url = await resolveApplicationUrl();
const { db, close } = createDatabase(url);
const boss = createJobQueue(url, { work: true });
reportQueueErrors(boss, log);
await boss.start();
// Without SMTP_URL the worker delivers to the local capture that `npm start` runs.
const mailer = createMailer({ smtpUrl: env.SMTP_URL ?? `smtp://127.0.0.1:${env.SMTP_CAPTURE_PORT}`, from: env.MAIL_FROM });
await registerJobHandlers({ boss, db, log, mailer, sms: createSmsSink(), storage: storageFromEnvironment(env), portalUrl: portalUrlFor(env) });
log.info('worker started');

// Jobs in hand get 20 s to finish; what is left is handed back to the queue for another worker.
onShutdownSignals(log, async (signal) => {
  log.info({ signal }, 'worker stopping');
  await boss.stop({ graceful: true, timeout: 20_000 });
  await close();
  log.info('worker stopped');
});
