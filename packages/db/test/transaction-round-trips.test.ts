import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { statementIn, withTenant } from '@guichet/db';
import { communeBySlug, roundTripCountedDatabase, testDatabases } from '@guichet/testing';

const databases = testDatabases();
let counted: Awaited<ReturnType<typeof roundTripCountedDatabase>>;

beforeAll(async () => {
  counted = await roundTripCountedDatabase(databases.urls.applicationUrl);
});

afterAll(async () => {
  await counted.close();
  await databases.close();
});

describe('a transaction', () => {
  it('sends its first statements with its BEGIN: one statement costs two round trips, the second being COMMIT', async () => {
    const libercourt = await communeBySlug(databases.app, 'libercourt');
    const transaction = () => withTenant(counted.db, libercourt.id, (tx) => statementIn(tx, 'select $1::text as slug', [libercourt.slug]));
    await transaction();
    expect(await counted.count(transaction)).toBe(2);
  });

  it('still fails as a whole when a statement sent with its BEGIN fails', async () => {
    const libercourt = await communeBySlug(databases.app, 'libercourt');
    await expect(withTenant(counted.db, libercourt.id, (tx) => tx.execute(sql`select 1 / 0`))).rejects.toThrow();
    // Rolled back: the connection is back in the pool, outside any transaction (an aborted one would refuse this).
    expect(await counted.client`select 1 as one`).toEqual([{ one: 1 }]);
  });

  it('awaits a BEGIN it cannot vouch for: a malformed one fails alone, before any statement is sent behind it', async () => {
    const pid = async () => ((await counted.client`select pg_backend_pid() as pid`) as unknown as [{ pid: number }])[0].pid;
    const before = await pid();
    let ran = false;
    await expect(
      counted.client.begin('malformed', (sql) => {
        ran = true;
        return sql`select 1`;
      }),
    ).rejects.toThrow();
    expect(ran).toBe(false);
    // Its connection, outside any transaction, serves the next caller.
    expect(await pid()).toBe(before);
  });
});
