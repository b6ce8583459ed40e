import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, MailDeliveryError, startMailCapture, type MailCapture, type Mailer } from '../src/index.ts';

let capture: MailCapture;
let mailer: Mailer;

beforeAll(async () => {
  capture = await startMailCapture();
  mailer = createMailer({ smtpUrl: capture.smtpUrl, from: 'Guichet <ne-pas-repondre@guichet.test>' });
});

afterEach(() => {
  capture.failNext(0);
  capture.clear();
});

afterAll(async () => {
  mailer.close();
  await capture.close();
});

const message = {
  to: 'camille@example.org',
  subject: 'Votre demande n° 2024-0042 a été traitée',
  text: 'Bonjour,\nvotre demande est traitée : https://begles.guichet.test/demandes/42',
  html: '<p>Bonjour,</p><p><a href="https://begles.guichet.test/demandes/42">Voir la demande</a></p>',
};

describe('createMailer', () => {
  it('delivers a message over SMTP with its subject, both parts and its links', async () => {
    const { messageId } = await mailer.send(message);

    const mail = await capture.waitFor((received) => received.headers['message-id'] === messageId);
    expect(mail.to).toEqual(['camille@example.org']);
    expect(mail.from).toBe('ne-pas-repondre@guichet.test');
    expect(mail.subject).toBe('Votre demande n° 2024-0042 a été traitée');
    expect(mail.text).toBe(message.text);
    expect(mail.html).toContain('href="https://begles.guichet.test/demandes/42"');
  });

  it('keeps the Message-ID a retried job passes, with its Reply-To and headers', async () => {
    const { messageId } = await mailer.send({
      ...message,
      messageId: '<job-7f3a@guichet.test>',
      replyTo: 'accueil@begles.test',
      headers: { 'X-Guichet-Request': '2024-0042' },
    });

    expect(messageId).toBe('<job-7f3a@guichet.test>');
    const mail = await capture.waitFor((received) => received.headers['message-id'] === messageId);
    expect(mail.headers['reply-to']).toBe('accueil@begles.test');
    expect(mail.headers['x-guichet-request']).toBe('2024-0042');
  });

  it('uses the default From unless the message names its own', async () => {
    await mailer.send({ ...message, from: undefined });
    await mailer.send({ ...message, from: 'Mairie de Bègles <ne-pas-repondre@guichet.test>' });

    const [withDefault, withOwn] = capture.messages();
    expect(withDefault?.headers.from).toBe('Guichet <ne-pas-repondre@guichet.test>');
    expect(withOwn?.headers.from).toMatch(/^=\?UTF-8\?.*\?= <ne-pas-repondre@guichet\.test>$/);
  });

  it('rejects a refused delivery as transient, then sends the retry exactly once', async () => {
    capture.failNext(1, 451);
    const attempt = { ...message, messageId: '<retry-1@guichet.test>' };

    const failure = await mailer.send(attempt).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MailDeliveryError);
    expect(failure).toMatchObject({ responseCode: 451, permanent: false });
    expect(capture.messages()).toHaveLength(0);

    await mailer.send(attempt);
    expect(capture.messages().filter((mail) => mail.headers['message-id'] === '<retry-1@guichet.test>')).toHaveLength(1);
  });

  it('marks a 5xx refusal as permanent', async () => {
    capture.failNext(1, 550);

    await expect(mailer.send(message)).rejects.toMatchObject({ responseCode: 550, permanent: true });
  });

  it('keeps addresses and server replies out of the error message', async () => {
    capture.failNext(1, 550);

    const failure = (await mailer.send(message).catch((error: unknown) => error)) as MailDeliveryError;
    expect(failure.message).toBe('Mail delivery failed: EMESSAGE (SMTP 550)');
    expect(failure).not.toHaveProperty('cause');
  });

  it('refuses a message addressed to more than one recipient', async () => {
    await expect(mailer.send({ ...message, to: 'camille@example.org, dominique@example.org' })).rejects.toMatchObject({
      code: 'EMAXRECIPIENTS',
    });
    expect(capture.messages()).toHaveLength(0);
  });

  it('cannot be made to add a header through a line break in the subject', async () => {
    await mailer.send({ ...message, subject: 'Bonjour\r\nBcc: intrus@example.org' });

    const [mail] = capture.messages();
    expect(mail?.headers).not.toHaveProperty('bcc');
    expect(mail?.to).toEqual(['camille@example.org']);
  });

  it('rejects when no SMTP server answers', async () => {
    const closed = await startMailCapture();
    await closed.close();
    const unreachable = createMailer({ smtpUrl: closed.smtpUrl, from: 'ne-pas-repondre@guichet.test' });

    await expect(unreachable.send(message)).rejects.toMatchObject({ code: 'ESOCKET', permanent: false });
    unreachable.close();
  });
});
