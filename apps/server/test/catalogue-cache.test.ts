import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentSession, communeBySlug, httpClient, insertTestProcedure, readJson, startServer, testProcedureDefinition, type TestServer } from '@guichet/testing';
import { as } from './catalogue-sessions.ts';

let server: TestServer;
let admin: ReturnType<typeof as>;

type Listing = { themes: { procedures: { slug: string; title: string; published: boolean }[] }[] };

beforeAll(async () => {
  server = await startServer();
  const libercourt = await communeBySlug(server.databases.app, 'libercourt');
  admin = as(httpClient(server, 'libercourt'), (await agentSession(server.databases.app, libercourt, { role: 'commune_admin', services: [], email: 'admin.cache@tests.example.fr' })).cookie);
  await insertTestProcedure(server.databases.ownerClient, 'libercourt', 'test-cache-catalogue', 'services-techniques', testProcedureDefinition({ title: 'Démarche du cache' }));
});
afterAll(() => server.close());

const visitor = () => httpClient(server, 'libercourt');
const titleIn = (listing: Listing, slug: string) => listing.themes.flatMap((theme) => theme.procedures).find((procedure) => procedure.slug === slug)?.title;

async function publicTitle(slug: string): Promise<string | undefined> {
  const response = await visitor().api.catalogue.$get();
  expect(response.status).toBe(200);
  return titleIn(await readJson(response), slug);
}

/** A change made straight in the database, as another server process or the catalogue loader would. */
async function retitleElsewhere(slug: string, title: string): Promise<void> {
  await server.databases.ownerClient.begin(async (sql) => {
    const [commune] = await sql<{ id: string }[]>`select id from tenants where slug = 'libercourt'`;
    await sql`select set_config('app.tenant_id', ${commune!.id}, true)`;
    await sql`update procedures set definition = jsonb_set(definition, '{title}', to_jsonb(${title}::text)) where slug = ${slug}`;
  });
}

describe('the public catalogue kept in memory', () => {
  it('answers 304 to a browser that has the current list, and the new list once it changed', async () => {
    const first = await visitor().request('/api/catalogue');
    const etag = first.headers.get('etag')!;
    expect(first.status).toBe(200);
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get('cache-control')).toBe('no-cache');

    const again = await visitor().request('/api/catalogue', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);

    // The administrator's change, through this process: the next reading is fresh at once, even
    // before (here: without) the announcement of the change.
    const owner = server.databases.ownerClient;
    await owner`alter table procedures disable trigger procedures_announce`;
    try {
      const changed = await admin.api.catalogue[':slug'].$put({ param: { slug: 'test-cache-catalogue' }, json: { title: 'Démarche du cache, modifiée' } });
      expect(changed.status).toBe(200);
      const after = await visitor().request('/api/catalogue', { headers: { 'if-none-match': etag } });
      expect(after.status).toBe(200);
      expect(after.headers.get('etag')).not.toBe(etag);
      expect(titleIn(await readJson(after), 'test-cache-catalogue')).toBe('Démarche du cache, modifiée');
    } finally {
      await owner`alter table procedures enable trigger procedures_announce`;
    }
  });

  it('drops its copy when the catalogue changes through another process', async () => {
    expect(await publicTitle('test-cache-catalogue')).toBe('Démarche du cache, modifiée');
    await retitleElsewhere('test-cache-catalogue', 'Démarche changée ailleurs');
    // Announced at commit, heard within moments; a copy kept otherwise would last a minute.
    const deadline = Date.now() + 5_000;
    while ((await publicTitle('test-cache-catalogue')) !== 'Démarche changée ailleurs') {
      if (Date.now() > deadline) throw new Error('the change made elsewhere is still not shown after 5 s');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });

  it('keeps the administrator’s drafts out of the copy every visitor gets', async () => {
    const drafted = await admin.api.catalogue[':slug'].$put({ param: { slug: 'test-cache-catalogue' }, json: { published: false } });
    expect(drafted.status).toBe(200);
    try {
      const adminView: Listing = await readJson(await admin.api.catalogue.$get());
      expect(adminView.themes.flatMap((theme) => theme.procedures).find((procedure) => procedure.slug === 'test-cache-catalogue')?.published).toBe(false);
      expect(await publicTitle('test-cache-catalogue')).toBeUndefined();
    } finally {
      await admin.api.catalogue[':slug'].$put({ param: { slug: 'test-cache-catalogue' }, json: { published: true } });
    }
  });
});
