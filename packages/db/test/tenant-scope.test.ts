import { afterAll, describe, expect, it } from 'vitest';
import { services, withEpciScope, withTenant } from '@guichet/db';
import { communeBySlug, testDatabases } from '@guichet/testing';

const databases = testDatabases();
afterAll(() => databases.close());

describe('withTenant', () => {
  it("sees the commune's services and leaves no tenant on the pooled connection afterwards", async () => {
    const libercourt = await communeBySlug(databases.app, 'libercourt');
    const rows = await withTenant(databases.app, libercourt.id, (tx) => tx.select().from(services));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.tenantId === libercourt.id)).toBe(true);
    // Same pool, no tenant: transaction-local settings must not leak into the next use.
    const after = await databases.app.select().from(services);
    expect(after).toEqual([]);
  });

  it('keeps the read-only EPCI scope within the EPCI', async () => {
    const lavaur = await communeBySlug(databases.app, 'lavaur');
    const carvin = await communeBySlug(databases.app, 'carvin');
    const rows = await withEpciScope(databases.app, carvin.epciId, (tx) => tx.select().from(services));
    const communes = new Set(rows.map((row) => row.tenantId));
    expect(communes.size).toBe(3);
    expect(communes.has(lavaur.id)).toBe(false);
  });
});
