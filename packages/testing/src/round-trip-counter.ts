import { connect, createServer, type Socket } from 'node:net';
import { createDatabase } from '@guichet/db';

const ANSWER_DELAY_MS = 20;

/**
 * A pool of one connection whose traffic goes through a local relay that counts its round trips:
 * the times it writes after having heard from the server. Statements are prepared on first use, a
 * round trip each: count from the second run of the same work.
 */
export async function roundTripCountedDatabase(url: string) {
  const target = new URL(url);
  let roundTrips = 0;
  let answered = true;
  const relay = createServer((client: Socket) => {
    const upstream = connect(Number(target.port), target.hostname);
    client.on('data', (chunk) => {
      if (answered) roundTrips += 1;
      answered = false;
      upstream.write(chunk);
    });
    // Answers are held a moment, so that what the pool writes in one turn (in several writes when
    // large) reaches the relay before any answer reaches the pool.
    upstream.on('data', (chunk) =>
      setTimeout(() => {
        answered = true;
        client.write(chunk);
      }, ANSWER_DELAY_MS),
    );
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  const port = await new Promise<number>((resolve) => relay.listen(0, '127.0.0.1', () => resolve((relay.address() as { port: number }).port)));
  const pool = createDatabase(url.replace(`:${target.port}/`, `:${port}/`), { max: 1 });
  return {
    db: pool.db,
    client: pool.client,
    /** The round trips `work` takes. */
    count: async (work: () => Promise<unknown>): Promise<number> => {
      roundTrips = 0;
      await work();
      return roundTrips;
    },
    close: async () => {
      await pool.close();
      await new Promise<void>((resolve) => relay.close(() => resolve()));
    },
  };
}
