import type { Server } from 'node:http';

/**
 * Stops accepting connections, lets the requests in flight finish, and after `graceMs` cuts
 * what is left. Idle keep-alive connections are closed at once; the others close as their
 * response ends, which says `Connection: close` once the process is stopping. Long-lived
 * streams must be ended by their owner first.
 */
export async function drainHttpServer(server: Server, graceMs: number): Promise<'drained' | 'cut'> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    closed.then(() => 'drained' as const),
    new Promise<'cut'>((resolve) => {
      timer = setTimeout(() => resolve('cut'), graceMs);
    }),
  ]);
  clearTimeout(timer);
  if (outcome === 'cut') {
    server.closeAllConnections();
    await closed;
  }
  return outcome;
}
