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
  it('sends its first statement with its tenant scope: one statement costs two round trips, BEGIN with the statement, then COMMIT', async () => {
    const libercourt = await communeBySlug(databases.app, 'libercourt');
    const transaction = () => withTenant(counted.db, libercourt.id, (tx) => statementIn(tx, 'select $1::text as slug', [libercourt.slug]));
    await transaction();
    expect(await counted.count(transaction)).toBe(2);
  });

  it('keeps each transaction on a connection of its own when more start at once than the pool holds', async () => {
    const libercourt = await communeBySlug(databases.app, 'libercourt');
    // A BEGIN sent without waiting must not let another transaction's BEGIN follow it on its connection.
    const ids = await Promise.all(
      Array.from({ length: 12 }, () =>
        withTenant(databases.app, libercourt.id, async (tx) => {
          const [first] = await statementIn<{ id: string }>(tx, 'select txid_current()::text as id', []);
          await new Promise((resolve) => setTimeout(resolve, 5));
          const [second] = await statementIn<{ id: string }>(tx, 'select txid_current()::text as id', []);
          expect(second!.id).toBe(first!.id);
          return first!.id;
        }),
      ),
    );
    expect(new Set(ids).size).toBe(12);
  });

  it('fails as a whole when its BEGIN fails, and sends nothing more of it', async () => {
    // postgres.js's own begin() with options Postgres refuses. What left with BEGIN runs; what the
    // transaction sends after must not (here a session lock, which would outlive it on the pool).
    const failing = databases.appClient.begin('nonsense', async (sql) => {
      await sql`select 1 as one`.catch(() => undefined);
      await sql`select pg_advisory_lock(4242)`;
    });
    await expect(failing).rejects.toThrow(/syntax error/);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const [lock] = await databases.ownerClient<{ taken: boolean }[]>`select pg_try_advisory_lock(4242) as taken`;
    await databases.ownerClient`select pg_advisory_unlock(4242)`;
    expect(lock!.taken).toBe(true);
    expect(await Promise.all(Array.from({ length: 6 }, (_, n) => databases.appClient`select ${n}::int as n`))).toEqual(Array.from({ length: 6 }, (_, n) => [{ n }]));
  });

  it('still fails as a whole when a statement sent with its scope fails', async () => {
    const libercourt = await communeBySlug(databases.app, 'libercourt');
    await expect(withTenant(counted.db, libercourt.id, (tx) => tx.execute(sql`select 1 / 0`))).rejects.toThrow();
    // Rolled back: the connection is back in the pool, outside any transaction (an aborted one would refuse this).
    expect(await counted.client`select 1 as one`).toEqual([{ one: 1 }]);
  });
});
