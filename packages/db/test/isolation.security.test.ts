import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communeBySlug, seedIsolationFixtures, testDatabases } from '@guichet/testing';
import { epciIsolationProblems, epciTables, isolationProblems, tenantTables, type TenantTable } from './tenant-tables.ts';

const databases = testDatabases();
const app = databases.appClient;
const owner = databases.ownerClient;
let tables: TenantTable[] = [];
let communeA = '';
let communeB = '';
let lavaur = '';

let epciOwned: TenantTable[] = [];

beforeAll(async () => {
  await seedIsolationFixtures(owner);
  tables = await tenantTables(owner);
  epciOwned = await epciTables(owner);
  communeA = (await communeBySlug(databases.app, 'libercourt')).id;
  communeB = (await communeBySlug(databases.app, 'carvin')).id;
  lavaur = (await communeBySlug(databases.app, 'lavaur')).id;
});
afterAll(() => databases.close());

/** Runs statements as the application role with a tenant set, and always rolls back. */
function asTenant<T>(tenantId: string | null, work: (sql: typeof app) => Promise<T>): Promise<T> {
  return inScope(tenantId ? { 'app.tenant_id': tenantId } : {}, work);
}

/** As `asTenant`, in the scope of an EPCI's console. */
function asEpci<T>(epciId: string, work: (sql: typeof app) => Promise<T>): Promise<T> {
  return inScope({ 'app.epci_id': epciId }, work);
}

async function inScope<T>(settings: Record<string, string>, work: (sql: typeof app) => Promise<T>): Promise<T> {
  let result: T | undefined;
  await app
    .begin(async (sql) => {
      for (const [name, value] of Object.entries(settings)) await sql`select set_config(${name}, ${value}, true)`;
      result = await work(sql as unknown as typeof app);
      throw new Rollback();
    })
    .catch((error: unknown) => {
      if (!(error instanceof Rollback)) throw error;
    });
  return result as T;
}
class Rollback extends Error {}

async function ownerCount(table: string, tenantId: string): Promise<number> {
  return owner.begin(async (sql) => {
    await sql`select set_config('app.tenant_id', ${tenantId}, true)`;
    const [row] = await sql`select count(*)::int as n from ${sql(table)}`;
    return row?.n as number;
  });
}

async function sqlState(run: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await run();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe('tenant isolation by row-level security', () => {
  it('finds the tenant-owned tables in the catalog', () => {
    expect(tables.map((table) => table.name)).toContain('services');
  });

  it('enables and forces row-level security with a tenant policy on every tenant table', () => {
    expect(tables.flatMap(isolationProblems)).toEqual([]);
  });

  it('reports a tenant table whose isolation is missing, so the check above can fail', async () => {
    const problems = await owner
      .begin(async (sql) => {
        await sql`create table scratch_unprotected (tenant_id uuid not null)`;
        await sql`alter table services no force row level security`;
        await sql`drop policy tenant_isolation on services`;
        const found = (await tenantTables(sql as unknown as typeof owner)).flatMap(isolationProblems);
        throw Object.assign(new Rollback(), { found });
      })
      .catch((error: { found?: string[] }) => error.found);
    expect(problems).toEqual(
      expect.arrayContaining([
        'scratch_unprotected: ROW LEVEL SECURITY is not enabled',
        'scratch_unprotected: ROW LEVEL SECURITY is not forced',
        'services: ROW LEVEL SECURITY is not forced',
        'services: no tenant_isolation policy',
      ]),
    );
  });

  it('has rows of two communes in every tenant table, so that each check below means something', async () => {
    for (const table of tables) {
      expect.soft(await ownerCount(table.name, communeA), `${table.name} rows for commune A`).toBeGreaterThan(0);
      expect.soft(await ownerCount(table.name, communeB), `${table.name} rows for commune B`).toBeGreaterThan(0);
    }
  });

  it("shows a commune its own rows and none of another's", async () => {
    for (const table of tables) {
      const rows = await asTenant(communeA, (sql) => sql`select tenant_id from ${sql(table.name)}`);
      expect(rows.length, table.name).toBeGreaterThan(0);
      expect(new Set(rows.map((row) => row.tenant_id)), table.name).toEqual(new Set([communeA]));
      const [other] = await asTenant(communeA, (sql) => sql`select count(*)::int as n from ${sql(table.name)} where tenant_id = ${communeB}`);
      expect(other?.n, table.name).toBe(0);
    }
  });

  it("cannot update or delete another commune's rows", async () => {
    for (const table of tables) {
      const before = await ownerCount(table.name, communeB);
      // Zero rows touched, or refused outright where the table is append-only.
      for (const statement of ['update', 'delete'] as const) {
        const outcome = await asTenant(communeA, (sql) =>
          (statement === 'update'
            ? sql`update ${sql(table.name)} set tenant_id = tenant_id where tenant_id = ${communeB}`
            : sql`delete from ${sql(table.name)} where tenant_id = ${communeB}`
          ).then(
            (result) => result.count,
            (error: { code?: string }) => error.code,
          ),
        );
        expect([0, '42501'], `${table.name} ${statement}`).toContain(outcome);
      }
      expect(await ownerCount(table.name, communeB), table.name).toBe(before);
    }
  });

  it("cannot insert a row carrying another commune's id, nor move its own row there", async () => {
    for (const table of tables) {
      const inserted = await sqlState(() =>
        asTenant(communeA, async (sql) => {
          const [row] = await sql`select row_to_json(t) as json from ${sql(table.name)} t limit 1`;
          const copy = { ...(row?.json as Record<string, unknown>), tenant_id: communeB };
          await sql`insert into ${sql(table.name)} overriding system value select * from json_populate_record(null::${sql(table.name)}, ${JSON.stringify(copy)}::json)`;
        }),
      );
      expect(inserted, `${table.name} insert`).toBe('42501');
      const moved = await sqlState(() =>
        asTenant(communeA, (sql) => sql`update ${sql(table.name)} set tenant_id = ${communeB}`),
      );
      expect(moved, `${table.name} update`).toBe('42501');
    }
  });

  it('shows nothing when no commune is set, or an empty one', async () => {
    for (const table of tables) {
      const [unset] = await asTenant(null, (sql) => sql`select count(*)::int as n from ${sql(table.name)}`);
      expect(unset?.n, table.name).toBe(0);
      const [empty] = await asTenant(null, async (sql) => {
        await sql`select set_config('app.tenant_id', '', true)`;
        return sql`select count(*)::int as n from ${sql(table.name)}`;
      });
      expect(empty?.n, table.name).toBe(0);
    }
  });

  it('reads across the communes of its own EPCI only, and only reads, in the EPCI scope', async () => {
    const seen = await asTenant(null, async (sql) => {
      await sql`select set_config('app.epci_id', (select epci_id::text from tenants where id = ${communeA}), true)`;
      return sql`select distinct tenant_id from services`;
    });
    const ids = seen.map((row) => row.tenant_id);
    expect(ids).toEqual(expect.arrayContaining([communeA, communeB]));
    expect(ids).not.toContain(lavaur);
    const write = await sqlState(() =>
      asTenant(null, async (sql) => {
        await sql`select set_config('app.epci_id', (select epci_id::text from tenants where id = ${communeA}), true)`;
        await sql`insert into services (tenant_id, slug, name) values (${communeA}, 'intrus', 'Intrus')`;
      }),
    );
    expect(write).toBe('42501');
  });
});

describe('EPCI isolation by row-level security', () => {
  it('finds the EPCI-owned tables in the catalog', () => {
    expect(epciOwned.map((table) => table.name)).toEqual(expect.arrayContaining(['citizen_accounts', 'sessions', 'audit_events']));
  });

  it('enables and forces row-level security with an EPCI policy on every EPCI table', () => {
    expect(epciOwned.flatMap(epciIsolationProblems)).toEqual([]);
  });

  it("shows a commune its EPCI's rows, never another EPCI's, and only its own commune's where a row names one", async () => {
    for (const table of epciOwned) {
      const rows = await asTenant(communeA, (sql) => sql`select * from ${sql(table.name)}`);
      expect(rows.length, table.name).toBeGreaterThan(0);
      const epcis = new Set(rows.map((row) => row.epci_id));
      expect(epcis.size, table.name).toBe(1);
      const [lavaurRow] = await asTenant(lavaur, (sql) => sql`select epci_id from ${sql(table.name)} limit 1`);
      expect(epcis.has(lavaurRow?.epci_id), table.name).toBe(false);
      if ('tenant_id' in (rows[0] ?? {})) {
        const communes = rows.map((row) => row.tenant_id).filter((id) => id !== null);
        expect(communes.every((id) => id === communeA), table.name).toBe(true);
      }
    }
  });

  it("cannot write a row into another EPCI, and sees nothing without a commune or an EPCI", async () => {
    for (const table of epciOwned) {
      // Refused, or (where only the EPCI's console writes) no row of the commune's view to update.
      const moved = await asTenant(communeA, (sql) => sql`update ${sql(table.name)} set epci_id = (select epci_id from tenants where id = ${lavaur})`).then(
        (rows) => `${rows.count} rows`,
        (error: { code?: string }) => error.code,
      );
      expect(['42501', '23503', '0 rows'], `${table.name} update → ${moved}`).toContain(moved);
      const [unset] = await asTenant(null, (sql) => sql`select count(*)::int as n from ${sql(table.name)}`);
      expect(unset?.n, table.name).toBe(0);
    }
  });

  it.each(['procedure_templates', 'procedure_template_versions', 'epci_quality_reports'])('lets the EPCI’s console write %s, and a member commune only read it', async (table) => {
    const [seen] = await asTenant(communeA, (sql) => sql`select count(*)::int as n from ${sql(table)}`);
    expect(seen?.n).toBeGreaterThan(0);
    expect((await asTenant(communeA, (sql) => sql`update ${sql(table)} set epci_id = epci_id`)).count).toBe(0);
    expect((await asTenant(communeA, (sql) => sql`delete from ${sql(table)}`)).count).toBe(0);
    expect(await sqlState(() => asTenant(communeA, (sql) => sql`insert into ${sql(table)} select * from ${sql(table)} limit 1`))).toBe('42501');
    const [commune] = await owner<{ epci_id: string }[]>`select epci_id from tenants where id = ${communeA}`;
    expect((await asEpci(commune!.epci_id, (sql) => sql`update ${sql(table)} set epci_id = epci_id`)).count).toBeGreaterThan(0);
  });

  it.each(['audit_events', 'request_events'])('keeps %s append-only, even for the owner', async (table) => {
    expect(await sqlState(() => asTenant(communeA, (sql) => sql`update ${sql(table)} set at = at`))).toBe('42501');
    expect(await sqlState(() => asTenant(communeA, (sql) => sql`delete from ${sql(table)}`))).toBe('42501');
    for (const statement of [`update ${table} set at = now()`, `delete from ${table}`, `truncate ${table}`]) {
      const state = await sqlState(() =>
        owner.begin(async (sql) => {
          await sql`select set_config('app.tenant_id', ${communeA}, true)`;
          await sql.unsafe(statement);
        }),
      );
      expect(state, statement).toBe('42501');
    }
  });
});

describe('the application role', () => {
  it('connects without superuser, BYPASSRLS or any membership', async () => {
    const [role] = await app`select rolsuper, rolbypassrls, rolcreaterole, rolcreatedb from pg_roles where rolname = current_user`;
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false });
    const [memberships] = await app`select count(*)::int as n from pg_auth_members m join pg_roles r on r.oid = m.member where r.rolname = current_user`;
    expect(memberships?.n).toBe(0);
  });

  it('owns no table', async () => {
    const [owned] = await app`select count(*)::int as n from pg_class c join pg_roles r on r.oid = c.relowner where r.rolname = current_user`;
    expect(owned?.n).toBe(0);
  });

  it('cannot disable row-level security, switch role, or turn row security off to read around it', async () => {
    for (const table of tables) {
      expect(await sqlState(() => asTenant(communeA, (sql) => sql`alter table ${sql(table.name)} disable row level security`))).toBe('42501');
      expect(await sqlState(() => asTenant(communeA, (sql) => sql`alter table ${sql(table.name)} no force row level security`))).toBe('42501');
      expect(await sqlState(() => asTenant(communeA, (sql) => sql`drop policy tenant_isolation on ${sql(table.name)}`))).toBe('42501');
      const readAround = await sqlState(() =>
        asTenant(communeA, async (sql) => {
          await sql`set local row_security = off`;
          return sql`select * from ${sql(table.name)}`;
        }),
      );
      expect(readAround).toBe('42501');
    }
    const ownerName = new URL(databases.urls.ownerUrl).username;
    expect(await sqlState(() => asTenant(communeA, (sql) => sql.unsafe(`set role ${ownerName}`)))).toBe('42501');
    expect(await sqlState(() => asTenant(communeA, (sql) => sql.unsafe('set role postgres')))).toBe('42501');
  });
});
