import postgres from 'postgres';

/** The role the server and workers connect as: owns nothing, no BYPASSRLS, member of nothing. */
export const APPLICATION_ROLE = 'guichet_app';

/**
 * Creates the application role, or resets its password, with the owner's connection.
 * Needs CREATEROLE; where roles are provisioned by someone else, give APP_DATABASE_URL instead.
 */
export async function ensureApplicationRole(ownerUrl: string, password: string): Promise<void> {
  const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    const [existing] = await sql`select 1 from pg_roles where rolname = ${APPLICATION_ROLE}`;
    const verb = existing ? 'ALTER' : 'CREATE';
    // Role DDL takes no bind parameters; the password is quoted by postgres' own escaping.
    await sql.unsafe(
      `${verb} ROLE ${APPLICATION_ROLE} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOBYPASSRLS NOREPLICATION PASSWORD ${quoteLiteral(password)}`,
    );
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** The application's URL: same server and database as the owner's, as the application role. */
export function applicationUrl(ownerUrl: string, password: string): string {
  const url = new URL(ownerUrl);
  url.username = APPLICATION_ROLE;
  url.password = encodeURIComponent(password);
  return url.toString();
}

function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
