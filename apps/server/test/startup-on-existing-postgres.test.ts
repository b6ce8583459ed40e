import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sql } from 'drizzle-orm';
import { loadCatalogue, readCatalogueFiles } from '@guichet/catalogue';
import { APPLICATION_ROLE, createDatabase, ensureApplicationRole, migrateDatabase, startEmbeddedPostgres, type EmbeddedCluster } from '@guichet/db';
import { loadTenants, readTenantFiles } from '@guichet/tenants';
import { demoTenantsDir, freePort, readJson, requestWithHost, spawnPlatform, startPlatformServer, type PlatformServer } from '@guichet/testing';

/**
 * `npm start` on a Postgres server that is already there, the three ways an operator can give it:
 * (a) a superuser's URL, (b) an owner role with CREATEROLE and its own database, (c) an owner
 * without CREATEROLE and the application role made beforehand by an administrator. Each way gets
 * a fresh database on the server and the real server process. The ways run one after another:
 * guichet_app is one role for the whole server, and each way sets its password.
 */
function startupTests(adminUrl: () => string) {
  // A server start migrates a new database, installs the job queue and loads the demo communes.
  const timeout = 90_000;
  test('loads the demo communes as a superuser, whom row-level security does not bind, each commune on its own services', { timeout }, async () => {
    await withFreshDatabase(adminUrl(), async (database) => {
      const superuserUrl = urlFor(adminUrl(), { database });
      await ensureApplicationRole(superuserUrl, secret());
      await migrateDatabase(superuserUrl);
      const owner = createDatabase(superuserUrl, { max: 1 });
      try {
        await loadTenants(owner.db, demoTenantsDir);
        await loadCatalogue(owner.db, demoTenantsDir);
        await expectEachCommuneOnItsOwnRows(superuserUrl);

        // The first commune loaded has the oldest rows: its agents, made again once every other commune's
        // services exist, are where a lookup of services by slug alone would find another commune's.
        const first = (await readTenantFiles(demoTenantsDir))[0]!.communes[0]!;
        await owner.db.execute(sql`delete from agents where tenant_id = (select id from tenants where slug = ${first.slug})`);
        expect((await loadTenants(owner.db, demoTenantsDir)).changed).toBeGreaterThan(0);
        await expectEachCommuneOnItsOwnRows(superuserUrl);

        expect((await loadTenants(owner.db, demoTenantsDir)).changed).toBe(0);
        expect((await loadCatalogue(owner.db, demoTenantsDir)).changed).toBe(0);
      } finally {
        await owner.close();
      }
    });
  });

  test('(b) starts with an owner role that has CREATEROLE and its own database, creating the application role, then resetting its password', { timeout }, async () => {
    const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
    const owner = `guichet_owner_${randomBytes(4).toString('hex')}`;
    const ownerPassword = secret();
    try {
      await dropApplicationRole(adminUrl());
      await admin.unsafe(`CREATE ROLE ${owner} LOGIN CREATEROLE PASSWORD '${ownerPassword}'`);
      await withFreshDatabase(adminUrl(), async (database) => {
        await admin.unsafe(`ALTER DATABASE ${database} OWNER TO ${owner}`);
        const ownerUrl = urlFor(adminUrl(), { database, user: owner, password: ownerPassword });
        await expectToServeTheDemoCommunes({ DATABASE_URL: ownerUrl, APP_DATABASE_PASSWORD: secret() }, adminUrl(), database);
        // The next start finds the role and only resets its password (another one here).
        await expectToServeTheDemoCommunes({ DATABASE_URL: ownerUrl, APP_DATABASE_PASSWORD: secret() }, adminUrl(), database);

        // An application role that could create databases is refused, by name, before anything runs.
        await admin.unsafe(`ALTER ROLE ${APPLICATION_ROLE} CREATEDB`);
        await expectRefusedStart(
          { DATABASE_URL: ownerUrl, APP_DATABASE_PASSWORD: secret() },
          `The role ${APPLICATION_ROLE} has CREATEDB, which would let the application step around tenant isolation`,
        );
        await admin.unsafe(`ALTER ROLE ${APPLICATION_ROLE} NOCREATEDB`);
      });
      const [role] = await admin`select rolsuper, rolcreaterole, rolcreatedb, rolbypassrls, rolreplication from pg_roles where rolname = ${APPLICATION_ROLE}`;
      expect(role).toEqual({ rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolbypassrls: false, rolreplication: false });
      expect(await membershipsOf(admin, APPLICATION_ROLE)).toEqual([]);
    } finally {
      await admin.unsafe(`DROP ROLE IF EXISTS ${owner}`);
      await admin.end();
    }
  });

  test('(c) starts with an owner role without CREATEROLE and the application role provisioned beforehand (APP_DATABASE_URL)', { timeout }, async () => {
    const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
    const owner = `guichet_owner_${randomBytes(4).toString('hex')}`;
    const ownerPassword = secret();
    const applicationPassword = secret();
    try {
      await admin.unsafe(`CREATE ROLE ${owner} LOGIN NOCREATEROLE PASSWORD '${ownerPassword}'`);
      const [existing] = await admin`select 1 from pg_roles where rolname = ${APPLICATION_ROLE}`;
      await admin.unsafe(`${existing ? 'ALTER' : 'CREATE'} ROLE ${APPLICATION_ROLE} LOGIN PASSWORD '${applicationPassword}'`);
      await withFreshDatabase(adminUrl(), async (database) => {
        await admin.unsafe(`ALTER DATABASE ${database} OWNER TO ${owner}`);
        await admin.unsafe(`GRANT CONNECT ON DATABASE ${database} TO ${APPLICATION_ROLE}`);
        const ownerUrl = urlFor(adminUrl(), { database, user: owner, password: ownerPassword });

        // Without CREATEROLE, APP_DATABASE_PASSWORD cannot work: the start says why and what to do.
        await expectRefusedStart(
          { DATABASE_URL: ownerUrl, APP_DATABASE_PASSWORD: secret() },
          `The role ${owner} of DATABASE_URL may not create roles (it has no CREATEROLE)`,
        );

        // A provisioned role that is member of another role could use that role's rights: refused.
        const applicationUrl = urlFor(adminUrl(), { database, user: APPLICATION_ROLE, password: applicationPassword });
        await admin.unsafe(`GRANT pg_read_all_data TO ${APPLICATION_ROLE}`);
        await expectRefusedStart(
          { DATABASE_URL: ownerUrl, APP_DATABASE_URL: applicationUrl },
          `The role ${APPLICATION_ROLE} is a member of pg_read_all_data`,
        ).finally(() => admin.unsafe(`REVOKE pg_read_all_data FROM ${APPLICATION_ROLE}`));

        await expectToServeTheDemoCommunes({ DATABASE_URL: ownerUrl, APP_DATABASE_URL: applicationUrl }, adminUrl(), database);
      });
    } finally {
      await admin.unsafe(`DROP ROLE IF EXISTS ${owner}`);
      await admin.end();
    }
  });

  test('(a) starts with a superuser URL and loads each commune on its own services', { timeout }, async () => {
    await withFreshDatabase(adminUrl(), async (database) => {
      const superuserUrl = urlFor(adminUrl(), { database });
      await expectToServeTheDemoCommunes({ DATABASE_URL: superuserUrl, APP_DATABASE_PASSWORD: secret() }, adminUrl(), database);
    });
  });
}

describe('on a throwaway embedded Postgres 18 cluster', () => {
  let cluster: EmbeddedCluster;
  let dir: string;
  beforeAll(async () => {
    // Not the run's shared cluster: way (b) resets guichet_app's password, which the other files use.
    dir = await mkdtemp(path.join(tmpdir(), 'guichet-startup-'));
    await chmod(dir, 0o755);
    cluster = await startEmbeddedPostgres({ dataDir: path.join(dir, 'postgres'), port: await freePort() });
  });
  afterAll(async () => {
    await cluster?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  startupTests(() => cluster.superuserUrl);
});

const externalUrl = process.env.STARTUP_POSTGRES_URL;
const externalIsTheRunsDatabase = externalUrl !== undefined && sameServer(externalUrl, process.env.TEST_DATABASE_URL);
if (!externalUrl || externalIsTheRunsDatabase) {
  // The default reporter counts skipped tests without naming them: the reason is said out loud.
  console.warn(
    !externalUrl
      ? 'SKIPPED: the start-up tests on an existing Postgres server did not run, STARTUP_POSTGRES_URL is not set (.ci/run sets it to Debian’s postgresql); they ran on the embedded Postgres 18 only.'
      : 'SKIPPED: the start-up tests on STARTUP_POSTGRES_URL did not run: it is TEST_DATABASE_URL’s server, whose guichet_app the other test files use.',
  );
}
describe.skipIf(!externalUrl || externalIsTheRunsDatabase)(
  !externalUrl
    ? 'on the Postgres server named by STARTUP_POSTGRES_URL (not set: skipped; .ci/run sets it to Debian’s postgresql)'
    : externalIsTheRunsDatabase
      ? 'on the Postgres server named by STARTUP_POSTGRES_URL (skipped: it is TEST_DATABASE_URL’s server, whose guichet_app the other files use)'
      : 'on the throwaway Postgres server named by STARTUP_POSTGRES_URL',
  () => {
    startupTests(() => externalUrl!);
  },
);

/** Starts the real server process, proves it serves the demo communes, then stops it with SIGTERM. */
async function expectToServeTheDemoCommunes(environment: Record<string, string>, adminUrl: string, database: string) {
  let server: PlatformServer | undefined;
  try {
    server = await startPlatformServer(environment);
    expect((await fetch(`${server.origin}/readyz`)).status).toBe(200);
    const tenant = await requestWithHost(`${server.origin}/api/commune`, { host: `libercourt.localhost:${server.port}` });
    expect(tenant.status).toBe(200);
    expect(await readJson(tenant)).toMatchObject({ slug: 'libercourt', epci: { slug: 'agglo-henin-carvin' } });
    for (const slug of ['carvin', 'lavaur']) {
      const catalogue = await requestWithHost(`${server.origin}/api/catalogue`, { host: `${slug}.localhost:${server.port}` });
      expect(catalogue.status).toBe(200);
      const { themes } = (await readJson(catalogue)) as { themes: { procedures: unknown[] }[] };
      expect(themes.flatMap((theme) => theme.procedures).length, slug).toBeGreaterThan(0);
    }
    await expectEachCommuneOnItsOwnRows(urlFor(adminUrl, { database }));
    // How it ends (exit code, draining) is the signal tests' business; here it must only end.
    server.child.kill('SIGTERM');
    await server.exited;
  } finally {
    await server?.cleanUp();
  }
}

/** The server process stops at start, non-zero, and its output says `reason`. */
async function expectRefusedStart(environment: Record<string, string>, reason: string) {
  const refused = await spawnPlatform('server', environment);
  try {
    expect(await refused.exited).not.toBe(0);
    expect(refused.output()).toContain(reason);
  } finally {
    await refused.cleanUp();
  }
}

/** Procedures, themes, agents' services: every reference stays inside its commune, and each commune has its own. */
async function expectEachCommuneOnItsOwnRows(superuserUrl: string) {
  const superuser = postgres(superuserUrl, { max: 1, onnotice: () => {} });
  try {
    const crossed = await superuser`
      select p.slug, t.slug as commune from procedures p
        join tenants t on t.id = p.tenant_id
        left join services s on s.id = p.service_id
        left join themes th on th.id = p.theme_id
         left join procedure_templates pt on pt.id = p.template_id
       where s.tenant_id is distinct from p.tenant_id or th.tenant_id is distinct from p.tenant_id
          or (p.template_id is not null and pt.epci_id is distinct from t.epci_id)
      union all
      select a.email, t.slug from agent_services x
        join agents a on a.id = x.agent_id join tenants t on t.id = x.tenant_id
        join services s on s.id = x.service_id
       where s.tenant_id <> x.tenant_id or a.tenant_id <> x.tenant_id`;
    expect(crossed).toEqual([]);
    // Each commune holds every procedure its catalogue.yaml declares (one read through another
    // commune's settings would skip those whose declaration looks already applied).
    const stored = await superuser<{ commune: string; slugs: string[] }[]>`
      select t.slug as commune, coalesce(array_agg(p.slug order by p.slug) filter (where p.id is not null), '{}') as slugs
        from tenants t left join procedures p on p.tenant_id = t.id group by t.slug order by t.slug`;
    const declared = (await readCatalogueFiles(demoTenantsDir))
      .flatMap((epci) => epci.communes)
      .map((catalogue) => ({ commune: catalogue.communeSlug, slugs: catalogue.procedures.map((procedure) => procedure.slug).sort() }))
      .sort((a, b) => a.commune.localeCompare(b.commune));
    expect(declared.length).toBe(4);
    expect(stored).toEqual(declared);
  } finally {
    await superuser.end();
  }
}

/** A database with a random name, whose CONNECT is revoked from PUBLIC as a careful administrator does; dropped after. */
async function withFreshDatabase(adminUrl: string, use: (database: string) => Promise<void>) {
  const database = `guichet_startup_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE ${database}`);
    await admin.unsafe(`REVOKE CONNECT, TEMPORARY ON DATABASE ${database} FROM PUBLIC`);
    await use(database);
  } finally {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  }
}

/** So that way (b) creates the role itself, as on a new server (Postgres 16+ lets CREATEROLE alter only roles it made). */
async function dropApplicationRole(adminUrl: string) {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [role] = await admin`select 1 from pg_roles where rolname = ${APPLICATION_ROLE}`;
    if (!role) return;
    const databases = await admin<{ datname: string }[]>`select datname from pg_database where datallowconn`;
    for (const { datname } of databases) {
      const inDatabase = postgres(urlFor(adminUrl, { database: datname }), { max: 1, onnotice: () => {} });
      try {
        await inDatabase.unsafe(`DROP OWNED BY ${APPLICATION_ROLE}`);
      } finally {
        await inDatabase.end();
      }
    }
    await admin.unsafe(`DROP ROLE ${APPLICATION_ROLE}`);
  } finally {
    await admin.end();
  }
}

async function membershipsOf(admin: postgres.Sql, role: string): Promise<string[]> {
  const rows = await admin<{ name: string }[]>`
    select g.rolname as name from pg_auth_members m join pg_roles g on g.oid = m.roleid join pg_roles r on r.oid = m.member
     where r.rolname = ${role}`;
  return rows.map((row) => row.name);
}

function urlFor(serverUrl: string, target: { database: string; user?: string; password?: string }): string {
  const url = new URL(serverUrl);
  url.pathname = `/${target.database}`;
  if (target.user !== undefined) url.username = target.user;
  if (target.password !== undefined) url.password = target.password;
  return url.toString();
}

function sameServer(a: string, b: string | undefined): boolean {
  if (b === undefined) return false;
  const [left, right] = [new URL(a), new URL(b)];
  return left.hostname === right.hostname && (left.port || '5432') === (right.port || '5432');
}

function secret(): string {
  return randomBytes(16).toString('hex');
}
