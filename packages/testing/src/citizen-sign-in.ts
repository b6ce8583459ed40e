import type { PeerBrowser } from '@guichet/franceconnect';
import type { MailCapture } from '@guichet/mail';
import type { HttpClient } from './http-client.ts';

/**
 * A citizen's whole FranceConnect round trip from a portal: the portal's redirect to the
 * provider, the person chosen on the local peer's page (or skipped when the peer still has
 * their session), and the portal's answer to the callback, which is returned.
 */
export async function franceConnectRoundTrip(
  client: Pick<HttpClient, 'get'>,
  peer: PeerBrowser,
  person: string,
  start = '/api/auth/franceconnect',
): Promise<Response> {
  const callback = await franceConnectCallback(client, peer, person, start);
  return client.get(`${callback.pathname}${callback.search}`);
}

/** The URL FranceConnect sends the browser back to, not yet followed (to tamper with it). */
export async function franceConnectCallback(client: Pick<HttpClient, 'get'>, peer: PeerBrowser, person: string, start = '/api/auth/franceconnect'): Promise<URL> {
  const started = await client.get(start);
  const location = started.headers.get('location');
  if (started.status !== 302 || !location) throw new Error(`The portal did not redirect to FranceConnect (${started.status})`);
  return peer.signIn(location, { person });
}

/**
 * The link to `path` in the first mail to `to` received after `after` (strictly), read from the SMTP
 * capture as a citizen would read it in the plain-text part.
 */
export async function mailedLink(mailbox: MailCapture, input: { to: string; path: string; after: Date; timeoutMs?: number }): Promise<URL> {
  const mail = await mailbox.waitFor(
    (candidate) => candidate.to.includes(input.to) && candidate.receivedAt > input.after && candidate.text.includes(input.path),
    input.timeoutMs ?? 15_000,
  );
  const link = mail.text.match(/https?:\/\/[^\s<>"]+/g)?.find((candidate) => new URL(candidate).pathname === input.path);
  if (!link) throw new Error(`No link to ${input.path} in the mail "${mail.subject}"`);
  return new URL(link);
}
