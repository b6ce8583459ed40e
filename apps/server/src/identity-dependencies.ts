import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Environment } from '@guichet/config';
import { createFranceConnectClient, startFranceConnectPeer, type Peer } from '@guichet/franceconnect';
import { createSecretBox } from '@guichet/identity';
import { createMailer, startMailCapture, type MailCapture } from '@guichet/mail';
import type { IdentityDependencies } from './env.ts';

export const FRANCECONNECT_CALLBACK_PATH = '/api/auth/franceconnect/callback';
export const FRANCECONNECT_SIGNED_OUT_PATH = '/api/auth/franceconnect/deconnecte';

/** The public origins of every portal, for the local providers' registered redirect URIs. */
export type PortalOrigins = string[];

const DEMO_CLIENT_ID = 'guichet-demo';

/** The addresses FranceConnect sends a portal's visitors back to, as its partner space lists them. */
export function portalRedirects(portals: PortalOrigins) {
  return {
    redirect_uris: portals.map((origin) => `${origin}${FRANCECONNECT_CALLBACK_PATH}`),
    post_logout_redirect_uris: portals.map((origin) => `${origin}${FRANCECONNECT_SIGNED_OUT_PATH}`),
  };
}

/**
 * Mail, FranceConnect and the secret key, from the environment. Outside production, what is
 * not configured is provided locally: a capturing SMTP server and the FranceConnect (démo) peer.
 */
export async function createIdentityDependencies(env: Environment, portals: PortalOrigins) {
  const closers: (() => Promise<void>)[] = [];
  let mailbox: MailCapture | undefined;
  let smtpUrl = env.SMTP_URL;
  if (!smtpUrl) {
    if (env.NODE_ENV === 'production') throw new Error('SMTP_URL is required in production.');
    mailbox = await startMailCapture({ port: env.SMTP_CAPTURE_PORT, limit: env.SMTP_CAPTURE_KEEP });
    smtpUrl = mailbox.smtpUrl;
    closers.push(() => mailbox!.close());
  }
  const franceconnect = await franceConnect(env, portals, closers);
  const dependencies: IdentityDependencies = {
    mailer: createMailer({ smtpUrl, from: env.MAIL_FROM }),
    secretBox: createSecretBox(env.SECRET_KEY ?? (await developmentSecretKey(env))),
    franceconnect: franceconnect.client,
    trustProxy: env.TRUST_PROXY,
    mailbox,
    learnPortal: (origin) => franceconnect.peer?.acceptRedirects(DEMO_CLIENT_ID, portalRedirects([origin])),
  };
  return {
    dependencies,
    franceconnectPeer: franceconnect.peer,
    close: async () => {
      dependencies.mailer.close();
      for (const close of closers) await close();
    },
  };
}

async function franceConnect(env: Environment, portals: PortalOrigins, closers: (() => Promise<void>)[]) {
  if (env.FRANCECONNECT_ISSUER) {
    if (!env.FRANCECONNECT_CLIENT_ID || !env.FRANCECONNECT_CLIENT_SECRET) {
      throw new Error('FRANCECONNECT_ISSUER needs FRANCECONNECT_CLIENT_ID and FRANCECONNECT_CLIENT_SECRET.');
    }
    const client = createFranceConnectClient({
      issuer: env.FRANCECONNECT_ISSUER,
      clientId: env.FRANCECONNECT_CLIENT_ID,
      clientSecret: env.FRANCECONNECT_CLIENT_SECRET,
    });
    return { client, peer: undefined as Peer | undefined };
  }
  if (env.NODE_ENV === 'production') return { client: null, peer: undefined };
  const clientId = DEMO_CLIENT_ID;
  const clientSecret = randomBytes(24).toString('hex');
  const peer = await startFranceConnectPeer({
    profile: 'franceconnect',
    port: env.FRANCECONNECT_PEER_PORT,
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        client_name: 'Guichet (démo)',
        ...portalRedirects(portals),
      },
    ],
  });
  closers.push(() => peer.close());
  return { client: createFranceConnectClient({ issuer: peer.issuer, clientId, clientSecret }), peer };
}

/** A key kept beside the embedded database, so that sealed secrets survive a restart. */
async function developmentSecretKey(env: Environment): Promise<string> {
  if (env.NODE_ENV === 'production') throw new Error('SECRET_KEY is required in production.');
  const file = path.join(path.dirname(path.resolve(env.EMBEDDED_POSTGRES_DIR)), 'secret-key');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const key = randomBytes(32).toString('hex');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, key, { mode: 0o600 });
  return key;
}
