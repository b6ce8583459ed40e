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
  it('sends its first statement with its tenant scope: one statement costs three round trips, BEGIN, the statement, COMMIT', async () => {
    const libercourt = await communeBySlug(databases.app, 'libercourt');
    const transaction = () => withTenant(counted.db, libercourt.id, (tx) => statementIn(tx, 'select $1::text as slug', [libercourt.slug]));
    await transaction();
    expect(await counted.count(transaction)).toBe(3);
  });

  it('still fails as a whole when a statement sent with its scope fails', async () => {
    const libercourt = await communeBySlug(databases.app, 'libercourt');
    await expect(withTenant(counted.db, libercourt.id, (tx) => tx.execute(sql`select 1 / 0`))).rejects.toThrow();
    // Rolled back: the connection is back in the pool, outside any transaction (an aborted one would refuse this).
    expect(await counted.client`select 1 as one`).toEqual([{ one: 1 }]);
  });
});
