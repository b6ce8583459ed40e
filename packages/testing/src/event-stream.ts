import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { ListeningServer } from './harness.ts';

export type ServerSentEvent = { event: string; data: string };

/**
 * Opens a Server-Sent Events stream as a browser on `<slug>.localhost` would (`headers` added to
 * the request, e.g. its Accept-Encoding), and hands out its events one by one. `close()` ends the
 * connection.
 */
export async function openEventStream(
  server: Pick<ListeningServer, 'origin' | 'port'>,
  slug: string,
  path: string,
  cookie: string,
  headers: Record<string, string> = {},
) {
  const incoming: IncomingMessage = await new Promise((resolve, reject) => {
    const outgoing = httpRequest(`${server.origin}${path}`, {
      headers: { ...headers, host: `${slug}.localhost:${server.port}`, cookie, accept: 'text/event-stream' },
    });
    outgoing.on('response', resolve);
    outgoing.on('error', reject);
    outgoing.end();
  });
  const queue: ServerSentEvent[] = [];
  const waiting: ((event: ServerSentEvent) => void)[] = [];
  let buffer = '';
  incoming.setEncoding('utf8');
  incoming.on('data', (chunk: string) => {
    buffer += chunk;
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = parse(block);
      if (event) {
        const next = waiting.shift();
        if (next) next(event);
        else queue.push(event);
      }
      end = buffer.indexOf('\n\n');
    }
  });
  return {
    status: incoming.statusCode ?? 0,
    headers: incoming.headers,
    next(timeoutMs = 10_000): Promise<ServerSentEvent> {
      const queued = queue.shift();
      if (queued) return Promise.resolve(queued);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no server-sent event in time')), timeoutMs);
        waiting.push((event) => {
          clearTimeout(timer);
          resolve(event);
        });
      });
    },
    /** Resolves when the server ends the stream. */
    ended: new Promise<void>((resolve) => {
      incoming.once('end', resolve);
      incoming.once('close', resolve);
    }),
    close: () => incoming.destroy(),
  };
}

function parse(block: string): ServerSentEvent | undefined {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
  }
  return data.length > 0 ? { event, data: data.join('\n') } : undefined;
}
