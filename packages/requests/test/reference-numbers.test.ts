import { sql } from 'drizzle-orm';
import { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant, type Tenant } from '@guichet/db';
import { createJobQueue } from '@guichet/jobs';
import { fileRequest } from '@guichet/requests';
import { communeBySlug, insertTestProcedure, testDatabases, testProcedureDefinition } from '@guichet/testing';

const databases = testDatabases();
let jobs: PgBoss;
let libercourt: Tenant;
let carvin: Tenant;

beforeAll(async () => {
  jobs = createJobQueue(databases.urls.applicationUrl, { work: false });
  await jobs.start();
  await insertTestProcedure(databases.ownerClient, 'libercourt', 'test-numeros', 'services-techniques', testProcedureDefinition({ routing: [] }));
  libercourt = await communeBySlug(databases.app, 'libercourt');
  carvin = await communeBySlug(databases.app, 'carvin');
});
afterAll(async () => {
  await jobs.stop({ graceful: false });
  await databases.close();
});

/** A phone request recorded by an agent of Libercourt at `now`. */
function fileAt(now: Date) {
  return withTenant(databases.app, libercourt.id, (tx) =>
    fileRequest(
      { tx, jobs, tenant: libercourt, actor: { kind: 'agent', agentId: '00000000-0000-4000-8000-000000000001', role: 'agent', serviceIds: [] }, now },
      { procedure: 'test-numeros', channel: 'phone', values: { objet: 'Numéro', nature: 'voirie' }, contact: { familyName: 'Martin' } },
    ),
  );
}

/** The SQLSTATE a statement run as the application role, in Libercourt's scope, fails with. */
async function refusal(statement: ReturnType<typeof sql>): Promise<string | undefined> {
  try {
    await withTenant(databases.app, libercourt.id, (tx) => tx.execute(statement));
    return undefined;
  } catch (error) {
    return ((error as { cause?: { code?: string } }).cause ?? (error as { code?: string })).code;
  }
}

describe('reference numbers, one sequence per commune and year', () => {
  it('numbers the first filings of a year made at the same moment one after another, from 1', async () => {
    // No filing was ever made in 2031: its sequence is created by these, racing each other.
    const filed = await Promise.all(Array.from({ length: 8 }, () => fileAt(new Date('2031-03-04T09:00:00Z'))));
    expect(filed.map((request) => request.reference).sort()).toEqual(Array.from({ length: 8 }, (_, index) => `LIB-2031-${String(index + 1).padStart(6, '0')}`));
  });

  it('draws no number for another commune', async () => {
    expect(await refusal(sql`select next_request_number(${carvin.id}::uuid, 2031)`)).toBe('42501');
  });

  it('leaves the sequences out of the application role’s reach', async () => {
    const sequence = `request_numbers.c${libercourt.id.replaceAll('-', '')}_2031`;
    expect(await refusal(sql`select nextval(${sequence})`)).toBe('42501');
    expect(await refusal(sql`select setval(${sequence}, 1)`)).toBe('42501');
  });
});
