import { once } from 'node:events';
import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { startFranceConnectPeer, type Peer } from '@guichet/franceconnect';

/** Changes one answer of the provider: given its path and body, returns the body to deliver. */
export type Rewrite = (pathname: string, body: string) => string;

export type FranceConnectRelay = {
  /** The environment that points the server's relying party at the relay. */
  environment: { FRANCECONNECT_ISSUER: string; FRANCECONNECT_CLIENT_ID: string; FRANCECONNECT_CLIENT_SECRET: string };
  peer: Peer;
  /** Answers pass through `rewrite` until `restore()`: an attacker on the path, or a broken provider. */
  alter(rewrite: Rewrite): void;
  restore(): void;
  close(): Promise<void>;
};

/**
 * The local FranceConnect peer behind an HTTP relay that can alter its answers, for tests that
 * prove the portal refuses what FranceConnect did not sign. The peer's issuer is the relay's
 * address, so discovery, tokens and keys all go through it.
 */
export async function startFranceConnectRelay(portals: string[], paths: { callback: string; signedOut: string }): Promise<FranceConnectRelay> {
  let peerPort = 0;
  let rewrite: Rewrite | undefined;
  const relay = createServer((incoming, outgoing) => {
    const upstream = request(
      { host: '127.0.0.1', port: peerPort, method: incoming.method, path: incoming.url, headers: incoming.headers },
      async (answer) => {
        const chunks: Buffer[] = [];
        for await (const chunk of answer) chunks.push(chunk as Buffer);
        const pathname = new URL(incoming.url ?? '/', 'http://relay').pathname;
        const body = rewrite ? Buffer.from(rewrite(pathname, Buffer.concat(chunks).toString('utf8'))) : Buffer.concat(chunks);
        outgoing.writeHead(answer.statusCode ?? 502, withLength(answer.headers, body.length)).end(body);
      },
    );
    upstream.on('error', () => outgoing.writeHead(502).end());
    incoming.pipe(upstream);
  });
  relay.listen(0, '127.0.0.1');
  await once(relay, 'listening');
  const origin = `http://127.0.0.1:${(relay.address() as AddressInfo).port}`;
  const client = { client_id: 'guichet-relayed', client_secret: randomBytes(24).toString('hex') };
  const peer = await startFranceConnectPeer({
    port: 0,
    issuerUrl: `${origin}/api/v2`,
    clients: [
      {
        ...client,
        client_name: 'Guichet (test)',
        redirect_uris: portals.map((portal) => `${portal}${paths.callback}`),
        post_logout_redirect_uris: portals.map((portal) => `${portal}${paths.signedOut}`),
      },
    ],
  });
  peerPort = peer.port;
  return {
    environment: { FRANCECONNECT_ISSUER: `${origin}/api/v2`, FRANCECONNECT_CLIENT_ID: client.client_id, FRANCECONNECT_CLIENT_SECRET: client.client_secret },
    peer,
    alter: (next) => {
      rewrite = next;
    },
    restore: () => {
      rewrite = undefined;
    },
    close: async () => {
      await peer.close();
      relay.closeAllConnections();
      await new Promise<void>((resolve) => relay.close(() => resolve()));
    },
  };
}

function withLength(headers: IncomingHttpHeaders, length: number): IncomingHttpHeaders {
  const { 'transfer-encoding': _chunked, ...rest } = headers;
  return { ...rest, 'content-length': String(length) };
}
