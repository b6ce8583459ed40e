/**
 * The benchmark's client, in a worker thread of its own so that it does not share the server's
 * event loop: `connections` keep-alive connections send `total` requests, each a new one as soon
 * as the last answered, and report every latency.
 */
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

export type LoadPlan = {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  total: number;
  connections: number;
  /** What each answer must be, else the run stops: a benchmark of errors measures nothing. */
  expectStatus: number;
};

export type LoadResult = { latencies: number[]; seconds: number };

const plan = workerData as LoadPlan;
const agent = new Agent({ keepAlive: true, maxSockets: plan.connections });
// With its length known, a request leaves in one write, as a browser's does (else it is chunked: three).
const headers = plan.body === undefined ? plan.headers : { ...plan.headers, 'content-length': String(Buffer.byteLength(plan.body)) };

function once(): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const outgoing = request(plan.url, { method: plan.method, agent, headers }, (incoming) => {
      incoming.resume();
      incoming.on('end', () =>
        incoming.statusCode === plan.expectStatus ? resolve(performance.now() - started) : reject(new Error(`HTTP ${incoming.statusCode} from ${plan.url}`)),
      );
    });
    outgoing.on('error', reject);
    outgoing.end(plan.body);
  });
}

const latencies: number[] = [];
let issued = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: plan.connections }, async () => {
    while (issued < plan.total) {
      issued += 1;
      latencies.push(await once());
    }
  }),
);
agent.destroy();
parentPort!.postMessage({ latencies, seconds: (performance.now() - started) / 1000 } satisfies LoadResult);
