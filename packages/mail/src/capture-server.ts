import { randomUUID } from 'node:crypto';
import { isIPv6, type AddressInfo } from 'node:net';
import { simpleParser, type HeaderLines } from 'mailparser';
import {
  SMTPServer,
  type SMTPServerDataStream,
  type SMTPServerError,
  type SMTPServerSession,
} from 'smtp-server';

export interface CapturedMail {
  id: string;
  /** Envelope sender (MAIL FROM). */
  from: string;
  /** Envelope recipients (RCPT TO): who the message was delivered to, Bcc included. */
  to: string[];
  subject: string;
  text: string;
  /** Empty when the message has no HTML part. */
  html: string;
  /**
   * Header values as they were on the wire (unfolded, not decoded), by lower-case name,
   * first occurrence only: `headers['message-id']`, `headers['reply-to']`.
   */
  headers: Record<string, string>;
  receivedAt: Date;
}

export interface MailCaptureOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** How many messages are kept; the oldest go first. */
  limit?: number;
}

export interface MailCapture {
  port: number;
  smtpUrl: string;
  /** Oldest first. */
  messages(): CapturedMail[];
  /** Resolves with the first kept or incoming message that matches. */
  waitFor(predicate: (mail: CapturedMail) => boolean, timeoutMs?: number): Promise<CapturedMail>;
  /**
   * Refuses the next `count` deliveries with this SMTP reply code (4xx: retry later, 5xx: refused
   * for good); with `to`, only deliveries to that address, the others going through.
   */
  failNext(count: number, responseCode?: number, to?: string): void;
  clear(): void;
  close(): Promise<void>;
}

interface Waiter {
  predicate: (mail: CapturedMail) => boolean;
  resolve: (mail: CapturedMail) => void;
  reject: (reason: Error) => void;
  timer: NodeJS.Timeout;
}

type DataCallback = (err?: Error | null, message?: string) => void;

const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

/**
 * A local SMTP server that keeps what it receives in memory, for the embedded default and
 * for tests. It asks for no credentials and offers no TLS: it only listens on loopback
 * unless told otherwise.
 */
export async function startMailCapture({
  port = 0,
  host = '127.0.0.1',
  limit = 500,
}: MailCaptureOptions = {}): Promise<MailCapture> {
  let kept: CapturedMail[] = [];
  const waiters = new Set<Waiter>();
  let failures: { remaining: number; responseCode: number; to?: string } = { remaining: 0, responseCode: 451 };

  function record(mail: CapturedMail): void {
    kept.push(mail);
    if (kept.length > limit) kept.shift();
    for (const waiter of waiters) offer(waiters, waiter, mail);
  }

  function onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: DataCallback): void {
    const aimed = failures.to === undefined || session.envelope.rcptTo.some((recipient) => recipient.address === failures.to);
    if (failures.remaining > 0 && aimed) {
      failures.remaining -= 1;
      refuse(stream, failures.responseCode, 'Simulated failure', callback);
      return;
    }
    readMail(stream, session).then(
      (mail) => {
        record(mail);
        callback(null, `Captured as ${mail.id}`);
      },
      () => callback(smtpError(451, 'Message could not be parsed')),
    );
  }

  const server = new SMTPServer({
    disabledCommands: ['AUTH', 'STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    size: MAX_MESSAGE_BYTES,
    rejectOversized: true,
    // Nothing here is worth waiting for at shutdown: an idle pooled client would hold close() for 30 s.
    closeTimeout: 1_000,
    onData,
  });
  const boundPort = await listen(server, port, host);
  // A client that drops its connection raises an error event; unheard, it would end the process.
  server.on('error', () => {});

  return {
    port: boundPort,
    smtpUrl: `smtp://${isIPv6(host) ? `[${host}]` : host}:${boundPort}`,
    messages: () => [...kept],
    async waitFor(predicate, timeoutMs = 5_000) {
      const found = kept.find(predicate);
      if (found) return found;
      return new Promise<CapturedMail>((resolve, reject) => {
        const waiter: Waiter = {
          predicate,
          resolve,
          reject,
          timer: setTimeout(() => {
            settle(waiters, waiter, () => reject(new Error(`No captured mail matched within ${timeoutMs} ms`)));
          }, timeoutMs),
        };
        waiters.add(waiter);
      });
    },
    failNext(count, responseCode = 451, to) {
      if (!Number.isInteger(count) || count < 0) throw new RangeError('count must be a non-negative integer');
      if (!Number.isInteger(responseCode) || responseCode < 400 || responseCode > 599) {
        throw new RangeError('responseCode must be an SMTP failure code (4xx or 5xx)');
      }
      failures = { remaining: count, responseCode, ...(to === undefined ? {} : { to }) };
    },
    clear() {
      kept = [];
    },
    close() {
      for (const waiter of waiters) settle(waiters, waiter, () => waiter.reject(new Error('Mail capture closed')));
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function listen(server: SMTPServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.server.address() as AddressInfo).port);
    });
  });
}

async function readMail(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<CapturedMail> {
  const parsed = await simpleParser(stream);
  const { mailFrom, rcptTo } = session.envelope;
  return {
    id: randomUUID(),
    from: mailFrom === false ? '' : mailFrom.address,
    to: rcptTo.map((recipient) => recipient.address),
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    html: parsed.html || '',
    headers: wireHeaders(parsed.headerLines),
    receivedAt: new Date(),
  };
}

function wireHeaders(lines: HeaderLines): Record<string, string> {
  const values = new Map<string, string>();
  for (const { key, line } of lines) {
    if (!values.has(key)) values.set(key, line.slice(line.indexOf(':') + 1).replace(/\r?\n/g, '').trim());
  }
  // fromEntries defines own properties, so a header named `__proto__` stays a plain key.
  return Object.fromEntries(values);
}

/** SMTP wants the whole DATA stream read before the reply. */
function refuse(stream: SMTPServerDataStream, responseCode: number, reason: string, callback: DataCallback): void {
  stream.on('end', () => callback(smtpError(responseCode, reason)));
  stream.resume();
}

function smtpError(responseCode: number, reason: string): SMTPServerError {
  return Object.assign(new Error(reason), { responseCode });
}

/** A predicate that throws fails its own wait, not the delivery that triggered it. */
function offer(waiters: Set<Waiter>, waiter: Waiter, mail: CapturedMail): void {
  try {
    if (waiter.predicate(mail)) settle(waiters, waiter, () => waiter.resolve(mail));
  } catch (error) {
    settle(waiters, waiter, () => waiter.reject(error as Error));
  }
}

function settle(waiters: Set<Waiter>, waiter: Waiter, outcome: () => void): void {
  clearTimeout(waiter.timer);
  waiters.delete(waiter);
  outcome();
}
