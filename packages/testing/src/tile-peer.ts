import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { samplePng } from './sample-files.ts';

/**
 * A local map tile server in the OpenStreetMap layout (`/{z}/{x}/{y}.png`), one plain tile for
 * every address: what the browser tests' maps load, with the tiles asked for counted.
 */
export async function startTilePeer() {
  const tile = samplePng([0xe8, 0xe4, 0xd8]);
  const requested: string[] = [];
  const server = createServer((request, response) => {
    const match = /^\/(\d+)\/(\d+)\/(\d+)\.png$/.exec(request.url ?? '');
    if (!match) {
      response.statusCode = 404;
      return response.end();
    }
    requested.push(match.slice(1).join('/'));
    response.setHeader('content-type', 'image/png');
    response.end(tile);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    template: `http://127.0.0.1:${port}/{z}/{x}/{y}.png`,
    /** The tiles asked for so far, as `z/x/y`. */
    requested: () => [...requested],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
