import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createMailer, startMailCapture, type MailCapture } from '../src/index.ts';

const opened: MailCapture[] = [];

async function capture(limit?: number): Promise<MailCapture> {
  const started = await startMailCapture({ limit });
  opened.push(started);
  return started;
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((started) => started.close()));
});

async function sendTo(target: MailCapture, subjects: string[]): Promise<void> {
  const mailer = createMailer({ smtpUrl: target.smtpUrl, from: 'ne-pas-repondre@guichet.test' });
  try {
    for (const subject of subjects) {
      await mailer.send({ to: 'camille@example.org', subject, text: subject, html: `<p>${subject}</p>` });
    }
  } finally {
    mailer.close();
  }
}

describe('startMailCapture', () => {
  it('listens on a free loopback port and says where', async () => {
    const started = await capture();

    expect(started.port).toBeGreaterThan(0);
    expect(started.smtpUrl).toBe(`smtp://127.0.0.1:${started.port}`);
  });

  it('fails to start on a port already in use', async () => {
    const started = await capture();

    await expect(startMailCapture({ port: started.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });

  it('resolves a wait with a message that arrives later', async () => {
    const started = await capture();
    const waiting = started.waitFor((mail) => mail.subject === 'Deuxième');

    await sendTo(started, ['Première', 'Deuxième']);

    await expect(waiting).resolves.toMatchObject({ subject: 'Deuxième', text: 'Deuxième', html: '<p>Deuxième</p>' });
  });

  it('resolves a wait with a message already received', async () => {
    const started = await capture();
    await sendTo(started, ['Première']);

    await expect(started.waitFor((mail) => mail.subject === 'Première')).resolves.toMatchObject({
      to: ['camille@example.org'],
    });
  });

  it('rejects a wait that nothing matches in time', async () => {
    const started = await capture();

    await expect(started.waitFor(() => false, 50)).rejects.toThrow('No captured mail matched within 50 ms');
  });

  it('fails only the wait whose predicate throws, and still captures the message', async () => {
    const started = await capture();
    const broken = started.waitFor(() => {
      throw new Error('predicate exploded');
    });
    const sound = started.waitFor((mail) => mail.subject === 'Première');
    const outcomes = Promise.allSettled([broken, sound]);

    await sendTo(started, ['Première']);

    const [brokenOutcome, soundOutcome] = await outcomes;
    expect(brokenOutcome).toMatchObject({ status: 'rejected', reason: new Error('predicate exploded') });
    expect(soundOutcome).toMatchObject({ status: 'fulfilled', value: { subject: 'Première' } });
  });

  it('keeps only the most recent messages', async () => {
    const started = await capture(2);

    await sendTo(started, ['1', '2', '3']);

    expect(started.messages().map((mail) => mail.subject)).toEqual(['2', '3']);
  });

  it('forgets every message on clear', async () => {
    const started = await capture();
    await sendTo(started, ['Première']);

    started.clear();

    expect(started.messages()).toEqual([]);
  });

  it('refuses exactly the next deliveries it was told to fail', async () => {
    const started = await capture();
    started.failNext(2, 421);
    const mailer = createMailer({ smtpUrl: started.smtpUrl, from: 'ne-pas-repondre@guichet.test' });
    const attempt = () => mailer.send({ to: 'camille@example.org', subject: 'Essai', text: 'Essai', html: '<p>Essai</p>' });

    const outcomes = await Promise.allSettled([attempt(), attempt(), attempt()].map((sending) => sending.then(() => 'sent')));
    mailer.close();

    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected', 'rejected']);
    expect(started.messages()).toHaveLength(1);
  });

  it('refuses only the deliveries to the address it was told, when told one', async () => {
    const started = await capture();
    started.failNext(1, 451, 'bruno@example.org');
    const mailer = createMailer({ smtpUrl: started.smtpUrl, from: 'ne-pas-repondre@guichet.test' });
    const attempt = (to: string) => mailer.send({ to, subject: 'Essai', text: 'Essai', html: '<p>Essai</p>' }).then(() => 'envoyé');

    const first = await Promise.allSettled([attempt('alice@example.org'), attempt('bruno@example.org')]);
    const again = await attempt('bruno@example.org');
    mailer.close();

    expect(first.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected']);
    expect(again).toBe('envoyé');
    expect(started.messages().flatMap((mail) => mail.to)).toEqual(['alice@example.org', 'bruno@example.org']);
  });

  it('only accepts SMTP failure codes to fail with', async () => {
    const started = await capture();

    expect(() => started.failNext(1, 250)).toThrow(RangeError);
    expect(() => started.failNext(-1)).toThrow(RangeError);
    expect(() => started.failNext(1.5)).toThrow(RangeError);
  });

  it('offers neither STARTTLS nor AUTH', async () => {
    const started = await capture();

    const capabilities = await ehlo(started.port);

    expect(capabilities).not.toMatch(/STARTTLS/);
    expect(capabilities).not.toMatch(/AUTH/);
  });

  it('rejects the waits still pending when it closes', async () => {
    const started = await startMailCapture();
    const waiting = started.waitFor(() => true, 10_000);

    await started.close();

    await expect(waiting).rejects.toThrow('Mail capture closed');
  });
});

/** The server's EHLO reply, read over a raw socket. */
function ehlo(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let greeted = false;
    let reply = '';
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      if (!greeted) {
        greeted = true;
        socket.write('EHLO test.local\r\n');
        return;
      }
      reply += chunk.toString();
      if (/^250 /m.test(reply)) {
        socket.end('QUIT\r\n');
        resolve(reply);
      }
    });
  });
}
