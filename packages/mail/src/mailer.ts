import nodemailer from 'nodemailer';
import type { NodemailerError } from 'nodemailer';

export interface MailerOptions {
  /**
   * `smtp://host:port` or `smtps://user:pass@host:465`. Query parameters are passed to
   * nodemailer as options, so an operator can tune the transport without a code change
   * (`?pool=false`, `?maxConnections=2`, `?tls.rejectUnauthorized=false`).
   */
  smtpUrl: string;
  /** From of every message that does not set its own, e.g. `Guichet <ne-pas-repondre@guichet.example>`. */
  from: string;
}

export interface OutgoingMail {
  /** Exactly one address: a message never shows a citizen's address to another one. */
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Replaces the default From, e.g. to show a commune's name on the platform's address. */
  from?: string;
  replyTo?: string;
  headers?: Record<string, string>;
  /**
   * `<unique@domain>`. A job that retries passes the same value on every attempt, so a
   * delivery repeated after a lost acknowledgement is recognisable as the same message.
   */
  messageId?: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  /**
   * Ends the pooled connections. A message being delivered finishes; one still waiting for a
   * connection is rejected, so its job retries.
   */
  close(): void;
}

/**
 * A failed delivery. Its message holds only codes: nodemailer's own messages quote
 * addresses and server replies, which must not reach the logs.
 */
export class MailDeliveryError extends Error {
  override name = 'MailDeliveryError';
  /** nodemailer's error code, e.g. `ECONNECTION`, `EENVELOPE`, `EMESSAGE`. */
  readonly code: string | undefined;
  /** The SMTP reply code when the server answered, e.g. 451 or 550. */
  readonly responseCode: number | undefined;
  /** True when the server refused the message for good: retrying the job will not help. */
  readonly permanent: boolean;

  constructor(failure: NodemailerError) {
    const reply = failure.responseCode === undefined ? '' : ` (SMTP ${failure.responseCode})`;
    super(`Mail delivery failed: ${failure.code ?? 'unknown error'}${reply}`);
    this.code = failure.code;
    this.responseCode = failure.responseCode;
    this.permanent = failure.permanent === true;
  }
}

export function createMailer({ smtpUrl, from }: MailerOptions): Mailer {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    // An alert broadcast sends one job per subscriber: reusing connections saves a
    // TCP and TLS handshake per message.
    pool: true,
    // Holds `OutgoingMail.to` to one address even when a caller slips in a list.
    maxRecipients: 1,
    // nodemailer waits minutes by default; a job that hangs that long holds a worker slot
    // and delays its own retry.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 60_000,
    // Content is always a string here; refusing file paths and URLs as content keeps a
    // crafted job payload from reading the server's files or fetching internal URLs.
    disableFileAccess: true,
    disableUrlAccess: true,
  });

  return {
    async send(mail) {
      try {
        // Not passed as a nodemailer default: those yield to any own key, even `from: undefined`.
        const info = await transport.sendMail({ ...mail, from: mail.from ?? from });
        return { messageId: info.messageId };
      } catch (failure) {
        throw new MailDeliveryError(failure as NodemailerError);
      }
    },
    close() {
      transport.close();
    },
  };
}
