import { chmod, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, migrateDatabase, migrationsFolder, startEmbeddedPostgres, type EmbeddedCluster } from '@guichet/db';
import { loadTenants } from '@guichet/tenants';
import { demoTenantsDir, freePort } from '@guichet/testing';

/** The last migration before deliveries and reference sequences: a platform that ran it has data to carry over. */
const BEFORE = '0026_idempotency_keys';

let dir: string;
let cluster: EmbeddedCluster;
let libercourtId: string;

/** The migrations folder as it was up to `last`, journal included. */
async function migrationsUpTo(last: string): Promise<string> {
  const folder = path.join(dir, 'migrations');
  await cp(migrationsFolder, folder, { recursive: true });
  const journalPath = path.join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(await readFile(journalPath, 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.slice(0, journal.entries.findIndex((entry) => entry.tag === last) + 1);
  await writeFile(journalPath, JSON.stringify(journal));
  return folder;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'guichet-upgrade-'));
  await chmod(dir, 0o755);
  cluster = await startEmbeddedPostgres({ dataDir: path.join(dir, 'postgres'), port: await freePort() });
  const owner = createDatabase(cluster.ownerUrl, { max: 1 });
  try {
    await migrate(owner.db, { migrationsFolder: await migrationsUpTo(BEFORE), migrationsSchema: 'drizzle' });
    await loadTenants(owner.db, demoTenantsDir);
    const [commune] = await owner.client<{ id: string }[]>`select id from tenants where slug = 'libercourt'`;
    libercourtId = commune!.id;
    // Libercourt gave its 41st reference of 2026; a citizen's acknowledgement left (e-mail and SMS), and an agent's mail.
    await owner.client.begin(async (sql) => {
      await sql`select set_config('app.tenant_id', ${libercourtId}, true)`;
      await sql`insert into request_counters (tenant_id, year, last) values (${libercourtId}, 2026, 41)`;
    });
    await owner.client`insert into sent_mail (message_id) values (${`<demande-7.${libercourtId}@guichet.localhost>`}), ('<service-7-a1@guichet.localhost>')`;
  } finally {
    await owner.close();
  }
  await migrateDatabase(cluster.ownerUrl);
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('an upgrade past the deliveries and the reference sequences', () => {
  it('carries each commune’s reference numbers on from its counter', async () => {
    const app = createDatabase(cluster.applicationUrl, { max: 1 });
    try {
      const [next] = await app.client.begin(async (sql) => {
        await sql`select set_config('app.tenant_id', ${libercourtId}, true)`;
        return sql<{ n: string }[]>`select next_request_number(${libercourtId}::uuid, 2026)::text as n`;
      });
      expect(next!.n).toBe('42');
    } finally {
      await app.close();
    }
  });

  it('counts what was sent as delivered, the citizen’s SMS with its e-mail', async () => {
    const owner = createDatabase(cluster.ownerUrl, { max: 1 });
    try {
      const rows = await owner.client<{ message_id: string; channel: string; accepted: boolean }[]>`
        select message_id, channel, accepted_at is not null as accepted from deliveries order by message_id`;
      expect(rows).toEqual([
        { message_id: `<demande-7.${libercourtId}@guichet.localhost>`, channel: 'email', accepted: true },
        { message_id: `<demande-7.sms.${libercourtId}@guichet.localhost>`, channel: 'sms', accepted: true },
        { message_id: '<service-7-a1@guichet.localhost>', channel: 'email', accepted: true },
      ]);
    } finally {
      await owner.close();
    }
  });
});
