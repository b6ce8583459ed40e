import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { countAttempts, rateKey, type RateRule } from '@guichet/db';
import { testDatabases } from '@guichet/testing';

const databases = testDatabases();
afterAll(() => databases.close());

/** The wait each of `count` attempts is told (0 when it may proceed). */
async function waits(rule: RateRule, count: number): Promise<number[]> {
  const key = { key: rateKey('essai', randomUUID()), rule };
  const told: number[] = [];
  for (let attempt = 0; attempt < count; attempt += 1) told.push((await countAttempts(databases.app, [key]))?.retryAfterSeconds ?? 0);
  return told;
}

describe('attempt counters', () => {
  it('blocks for a fixed time past the limit, however many attempts are made meanwhile', async () => {
    expect(await waits({ attempts: 2, windowSeconds: 60, blockSeconds: 600 }, 5)).toEqual([0, 0, 600, 600, 600].map(within));
  });

  it('doubles the wait at each attempt past a growing limit, up to its ceiling', async () => {
    expect(await waits(growing, 8)).toEqual([0, 0, 10, 20, 40, 80, 100, 100].map(within));
  });

  it('keeps to the ceiling a counter left to climb for days (2 to the thousandth power overflows Postgres)', async () => {
    const key = { key: rateKey('essai', randomUUID()), rule: growing };
    await databases.app.execute(sql`insert into rate_limits (key, window_started_at, attempts) values (${key.key}, now(), 5000)`);
    expect((await countAttempts(databases.app, [key]))?.retryAfterSeconds).toEqual(within(100));
  });
});

const growing: RateRule = { attempts: 2, windowSeconds: 60, blockSeconds: 10, maxBlockSeconds: 100 };

/** A wait told a moment after it was set: at most the seconds set, and not much less. */
function within(seconds: number) {
  return seconds === 0 ? 0 : expect.toSatisfy((wait: number) => wait <= seconds && wait > seconds - 3);
}
