import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { applicationUrl, ensureApplicationRole, migrateDatabase, startEmbeddedPostgres } from '@guichet/db';
import { installJobQueue } from '@guichet/jobs';
import { freePort } from './platform-process.ts';

export type TestDatabaseUrls = { ownerUrl: string; applicationUrl: string };
export type TestDatabase = TestDatabaseUrls & { stop: () => Promise<void> };

/**
 * A real, migrated Postgres for one test run. By default a throwaway embedded cluster;
 * TEST_DATABASE_URL (an admin connection) makes a fresh database on an existing server;
 * TEST_POSTGRES=testcontainers starts the official image where Docker is available.
 */
export async function startTestDatabase(): Promise<TestDatabase> {
  const database = await provision();
  await migrateDatabase(database.ownerUrl);
  await installJobQueue(database.ownerUrl);
  return database;
}

async function provision(): Promise<TestDatabase> {
  if (process.env.TEST_DATABASE_URL) return freshDatabaseOn(process.env.TEST_DATABASE_URL, async () => {});
  if (process.env.TEST_POSTGRES === 'testcontainers') return inContainer();
  const dir = await mkdtemp(path.join(tmpdir(), 'guichet-test-'));
  // mkdtemp makes a private folder; as root the cluster runs as `postgres`, which must enter it.
  await chmod(dir, 0o755);
  const cluster = await startEmbeddedPostgres({ dataDir: path.join(dir, 'postgres'), port: await freePort() });
  return {
    ownerUrl: cluster.ownerUrl,
    applicationUrl: cluster.applicationUrl,
    stop: async () => {
      await cluster.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function inContainer(): Promise<TestDatabase> {
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const container = await new PostgreSqlContainer('postgres:18-alpine').start();
  // The container's default user is a superuser, which RLS never binds: only the owner and
  // the application roles made below are used by the tests.
  return freshDatabaseOn(container.getConnectionUri(), async () => {
    await container.stop();
  });
}

/** Creates an owner role and a database on a server reached with an admin connection. */
async function freshDatabaseOn(adminUrl: string, stopServer: () => Promise<void>): Promise<TestDatabase> {
  const suffix = randomBytes(4).toString('hex');
  const owner = `guichet_test_owner_${suffix}`;
  const database = `guichet_test_${suffix}`;
  const ownerPassword = randomBytes(16).toString('hex');
  const appPassword = randomBytes(16).toString('hex');
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE ROLE ${owner} LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD '${ownerPassword}'`);
  await admin.unsafe(`CREATE DATABASE ${database} OWNER ${owner}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  await ensureApplicationRole(url.toString(), appPassword);
  const inDatabase = postgres(url.toString(), { max: 1, onnotice: () => {} });
  await inDatabase.unsafe(`ALTER SCHEMA public OWNER TO ${owner}; GRANT CONNECT ON DATABASE ${database} TO guichet_app`);
  await inDatabase.end();
  url.username = owner;
  url.password = ownerPassword;
  const ownerUrl = url.toString();
  return {
    ownerUrl,
    applicationUrl: applicationUrl(ownerUrl, appPassword),
    stop: async () => {
      const cleanup = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await cleanup.unsafe(`DROP ROLE IF EXISTS ${owner}`);
      await cleanup.end();
      await stopServer();
    },
  };
}
