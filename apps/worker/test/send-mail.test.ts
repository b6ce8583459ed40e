import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '@guichet/db';
import { communeBySlug, startServer, type TestServer } from '@guichet/testing';
import { queueMail } from '@guichet/mail';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const mail = (to: string) => ({ to, subject: 'Votre demande', text: 'Bonjour', html: '<p>Bonjour</p>' });

describe('the mail queue', () => {
  it('sends a mail queued in a committed transaction, once', async () => {
    const libercourt = await communeBySlug(server.databases.app, 'libercourt');
    await withTenant(server.databases.app, libercourt.id, (tx) => queueMail(server.dependencies.jobs, tx, mail('commit@example.fr')));
    const received = await server.mailbox.waitFor((message) => message.to.includes('commit@example.fr'), 15_000);
    expect(received.subject).toBe('Votre demande');
  });

  it('never sends a mail queued in a transaction that rolls back', async () => {
    const libercourt = await communeBySlug(server.databases.app, 'libercourt');
    await withTenant(server.databases.app, libercourt.id, async (tx) => {
      await queueMail(server.dependencies.jobs, tx, mail('rollback@example.fr'));
      tx.rollback();
    }).catch(() => {});
    await withTenant(server.databases.app, libercourt.id, (tx) => queueMail(server.dependencies.jobs, tx, mail('after-rollback@example.fr')));
    await server.mailbox.waitFor((message) => message.to.includes('after-rollback@example.fr'), 15_000);
    expect(server.mailbox.messages().some((message) => message.to.includes('rollback@example.fr'))).toBe(false);
  });

  it('retries after an SMTP failure and delivers exactly one copy', async () => {
    const libercourt = await communeBySlug(server.databases.app, 'libercourt');
    server.mailbox.failNext(1, 451);
    await withTenant(server.databases.app, libercourt.id, (tx) =>
      queueMail(server.dependencies.jobs, tx, mail('retry@example.fr'), { retryDelaySeconds: 1 }),
    );
    // The job's first attempt is refused; pg-boss retries it after its backoff.
    await server.mailbox.waitFor((message) => message.to.includes('retry@example.fr'), 30_000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(server.mailbox.messages().filter((message) => message.to.includes('retry@example.fr'))).toHaveLength(1);
  }, 60_000);
});
