import { once } from 'node:events';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Rewrites the body (and optionally the content type) of one answer; `pathname` is the request's path. */
export type Tamper = (
  pathname: string,
  body: string,
) => Promise<string | Rewritten> | string | Rewritten;

interface Rewritten {
  body: string;
  contentType: string;
}

/**
 * An HTTP relay in front of the peer that can rewrite its answers, as an attacker on the path
 * or a broken provider would. Start it first, start the peer with `issuerUrl` on the relay's
 * origin, then `forwardTo(peer.port)`: the Host header is relayed, so every URL the peer
 * publishes points at the relay.
 */
export async function startTamperingProxy() {
  let target = 0;
  let tamper: Tamper = (_pathname, body) => body;
  const server = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://relay').pathname;
    const upstream = request(
      { host: '127.0.0.1', port: target, path: req.url, method: req.method, headers: req.headers },
      async (answer) => {
        let body = '';
        for await (const chunk of answer) body += String(chunk);
        const outcome = await tamper(pathname, body);
        const rewritten = Buffer.from(typeof outcome === 'string' ? outcome : outcome.body);
        const headers = { ...answer.headers, 'content-length': String(rewritten.length) };
        if (typeof outcome !== 'string') headers['content-type'] = outcome.contentType;
        delete headers['transfer-encoding'];
        res.writeHead(answer.statusCode ?? 502, headers).end(rewritten);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    forwardTo(peerPort: number) {
      target = peerPort;
    },
    rewrite(next: Tamper) {
      tamper = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
