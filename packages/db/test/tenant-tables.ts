import type postgres from 'postgres';

export type TenantTable = { name: string; rowSecurity: boolean; forced: boolean; policies: string[]; tenantRequired: boolean };

/**
 * The platform registry: rows that point at a commune but belong to the platform (a commune's
 * own domains must be resolved before any tenant is known). Every other table with a
 * tenant_id column is tenant-owned.
 */
const REGISTRY_TABLES = ['hostnames'];

/**
 * Every table of the public schema with a tenant_id column, except the registry and the
 * EPCI-owned tables (epci_id NOT NULL), whose tenant_id is an optional narrowing.
 */
export async function tenantTables(sql: postgres.Sql): Promise<TenantTable[]> {
  const rows = await sql<{ name: string; rowsecurity: boolean; forcerowsecurity: boolean; notnull: boolean; policies: string[] | null }[]>`
    select c.relname as name, c.relrowsecurity as rowsecurity, c.relforcerowsecurity as forcerowsecurity, a.attnotnull as notnull,
           (select array_agg(p.polname::text order by p.polname) from pg_policy p where p.polrelid = c.oid) as policies
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
    where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname <> all(${REGISTRY_TABLES})
      and not exists (select 1 from pg_attribute e where e.attrelid = c.oid and e.attname = 'epci_id' and e.attnotnull)
    order by c.relname`;
  return rows.map((row) => ({
    name: row.name,
    rowSecurity: row.rowsecurity,
    forced: row.forcerowsecurity,
    policies: row.policies ?? [],
    tenantRequired: row.notnull,
  }));
}

/** What is missing for a table to be isolated; empty when it is. */
export function isolationProblems(table: TenantTable): string[] {
  const problems: string[] = [];
  if (!table.tenantRequired) problems.push(`${table.name}: tenant_id is nullable`);
  if (!table.rowSecurity) problems.push(`${table.name}: ROW LEVEL SECURITY is not enabled`);
  if (!table.forced) problems.push(`${table.name}: ROW LEVEL SECURITY is not forced`);
  if (!table.policies.includes('tenant_isolation')) problems.push(`${table.name}: no tenant_isolation policy`);
  return problems;
}

/** Tables owned by an EPCI: an epci_id NOT NULL column (tenants, the registry itself, excepted). */
export async function epciTables(sql: postgres.Sql): Promise<TenantTable[]> {
  const rows = await sql<{ name: string; rowsecurity: boolean; forcerowsecurity: boolean; policies: string[] | null }[]>`
    select c.relname as name, c.relrowsecurity as rowsecurity, c.relforcerowsecurity as forcerowsecurity,
      (select array_agg(p.polname::text order by p.polname) from pg_policy p where p.polrelid = c.oid) as policies
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attname = 'epci_id' and a.attnotnull and not a.attisdropped
    where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname <> 'tenants'
    order by c.relname`;
  return rows.map((row) => ({
    name: row.name,
    rowSecurity: row.rowsecurity,
    forced: row.forcerowsecurity,
    policies: row.policies ?? [],
    tenantRequired: true,
  }));
}

export function epciIsolationProblems(table: TenantTable): string[] {
  const problems: string[] = [];
  if (!table.rowSecurity) problems.push(`${table.name}: ROW LEVEL SECURITY is not enabled`);
  if (!table.forced) problems.push(`${table.name}: ROW LEVEL SECURITY is not forced`);
  if (!table.policies.includes('epci_isolation')) problems.push(`${table.name}: no epci_isolation policy`);
  return problems;
}
