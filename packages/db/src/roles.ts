import postgres from 'postgres';

/** The role the server and workers connect as: owns nothing, no BYPASSRLS, member of nothing. */
export const APPLICATION_ROLE = 'guichet_app';

/** Attributes that would let the application role step around row-level security or out of its role. */
const FORBIDDEN_ATTRIBUTES = [
  ['rolsuper', 'SUPERUSER'],
  ['rolbypassrls', 'BYPASSRLS'],
  ['rolcreaterole', 'CREATEROLE'],
  ['rolcreatedb', 'CREATEDB'],
  ['rolreplication', 'REPLICATION'],
] as const;

type RoleAttributes = Record<(typeof FORBIDDEN_ATTRIBUTES)[number][0], boolean> & { rolcanlogin: boolean };

export class DatabaseRoleError extends Error {
  override name = 'DatabaseRoleError';
}

/**
 * Creates the application role, or resets its password, with the owner's connection (a superuser,
 * or a role with CREATEROLE), lets it connect to the owner's database, then checks it is safe.
 *
 * A role that is not a superuser may not write SUPERUSER/NOSUPERUSER, nor (before Postgres 16)
 * REPLICATION or BYPASSRLS, even to change nothing: the role is created with the defaults
 * (NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS) and, when it exists, only its
 * password is set; what it turned out to be is read back from pg_roles.
 */
export async function ensureApplicationRole(ownerUrl: string, password: string): Promise<void> {
  const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    const [self] = await sql<{ name: string; rolsuper: boolean; rolcreaterole: boolean }[]>`
      select current_user as name, rolsuper, rolcreaterole from pg_roles where rolname = current_user`;
    if (!self!.rolsuper && !self!.rolcreaterole) {
      throw new DatabaseRoleError(
        `The role ${self!.name} of DATABASE_URL may not create roles (it has no CREATEROLE), so it cannot create ${APPLICATION_ROLE} or set its password. ` +
          `Either have an administrator run ALTER ROLE ${self!.name} CREATEROLE, or have them create ${APPLICATION_ROLE} and give APP_DATABASE_URL instead of APP_DATABASE_PASSWORD.`,
      );
    }
    const existing = await readAttributes(sql);
    // Role DDL takes no bind parameters; the password is quoted by postgres' own escaping.
    if (!existing) {
      await sql.unsafe(`CREATE ROLE ${APPLICATION_ROLE} WITH LOGIN NOINHERIT PASSWORD ${quoteLiteral(password)}`);
    } else if (self!.rolsuper) {
      // A superuser may (and does) put back every attribute the role must not have.
      await sql.unsafe(
        `ALTER ROLE ${APPLICATION_ROLE} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOBYPASSRLS NOREPLICATION PASSWORD ${quoteLiteral(password)}`,
      );
    } else {
      refuseUnsafe(existing);
      await sql.unsafe(`ALTER ROLE ${APPLICATION_ROLE} WITH LOGIN NOINHERIT PASSWORD ${quoteLiteral(password)}`).catch((error: unknown) => {
        throw new DatabaseRoleError(
          `The role ${self!.name} of DATABASE_URL may not change the existing role ${APPLICATION_ROLE} (${messageOf(error)}). ` +
            `CREATEROLE reaches no superuser, and since Postgres 16 only the roles one created or holds with ADMIN OPTION: have an administrator run ` +
            `GRANT ${APPLICATION_ROLE} TO ${self!.name} WITH ADMIN OPTION, or drop ${APPLICATION_ROLE}, or give APP_DATABASE_URL instead.`,
        );
      });
    }
    await grantConnect(sql, self!.name);
    await checkApplicationRole(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * Refuses an application role that could defeat tenant isolation: one with SUPERUSER, BYPASSRLS,
 * CREATEROLE, CREATEDB or REPLICATION, without LOGIN, or member of another role (whose rights,
 * or SET ROLE to it, would reach around the policies). `sql` may be any connection to the server.
 */
export async function checkApplicationRole(sql: postgres.Sql): Promise<void> {
  const attributes = await readAttributes(sql);
  if (!attributes) throw new DatabaseRoleError(`The role ${APPLICATION_ROLE} does not exist on this server.`);
  refuseUnsafe(attributes);
  if (!attributes.rolcanlogin) {
    throw new DatabaseRoleError(`The role ${APPLICATION_ROLE} cannot log in: an administrator must run ALTER ROLE ${APPLICATION_ROLE} LOGIN.`);
  }
  const memberships = await sql<{ name: string }[]>`
    select g.rolname as name from pg_auth_members m
      join pg_roles g on g.oid = m.roleid
      join pg_roles r on r.oid = m.member
     where r.rolname = ${APPLICATION_ROLE}
     order by 1`;
  if (memberships.length > 0) {
    const names = memberships.map((row) => row.name).join(', ');
    throw new DatabaseRoleError(
      `The role ${APPLICATION_ROLE} is a member of ${names}: the application role must be member of no role, or it could use that role's rights. ` +
        `An administrator must run REVOKE ${names} FROM ${APPLICATION_ROLE}.`,
    );
  }
}

/** The application's URL: same server and database as the owner's, as the application role. */
export function applicationUrl(ownerUrl: string, password: string): string {
  const url = new URL(ownerUrl);
  url.username = APPLICATION_ROLE;
  url.password = encodeURIComponent(password);
  return url.toString();
}

async function readAttributes(sql: postgres.Sql): Promise<RoleAttributes | undefined> {
  const [row] = await sql<RoleAttributes[]>`
    select rolsuper, rolbypassrls, rolcreaterole, rolcreatedb, rolreplication, rolcanlogin
      from pg_roles where rolname = ${APPLICATION_ROLE}`;
  return row;
}

function refuseUnsafe(attributes: RoleAttributes): void {
  const unsafe = FORBIDDEN_ATTRIBUTES.filter(([column]) => attributes[column]).map(([, name]) => name);
  if (unsafe.length === 0) return;
  throw new DatabaseRoleError(
    `The role ${APPLICATION_ROLE} has ${unsafe.join(', ')}, which would let the application step around tenant isolation: ` +
      `an administrator must run ALTER ROLE ${APPLICATION_ROLE} ${unsafe.map((name) => `NO${name}`).join(' ')} before the platform starts.`,
  );
}

/** A database whose CONNECT was revoked from PUBLIC needs it granted to the application role. */
async function grantConnect(sql: postgres.Sql, owner: string): Promise<void> {
  const [row] = await sql<{ database: string; allowed: boolean }[]>`
    select current_database() as database, has_database_privilege(${APPLICATION_ROLE}, current_database(), 'CONNECT') as allowed`;
  if (row!.allowed) return;
  await sql.unsafe(`GRANT CONNECT ON DATABASE ${quoteIdentifier(row!.database)} TO ${APPLICATION_ROLE}`).catch((error: unknown) => {
    throw new DatabaseRoleError(
      `The role ${APPLICATION_ROLE} may not connect to the database ${row!.database}, and ${owner} cannot grant it (${messageOf(error)}): ` +
        `the owner role should own the database, or an administrator must run GRANT CONNECT ON DATABASE ${quoteIdentifier(row!.database)} TO ${APPLICATION_ROLE}.`,
    );
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

function quoteIdentifier(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}
