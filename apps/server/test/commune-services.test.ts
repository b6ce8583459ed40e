import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tenant } from '@guichet/db';
import { agentSession, communeBySlug, httpClient, readJson, startServer, type TestServer, withCookie } from '@guichet/testing';

let server: TestServer;
let lavaur: Tenant;
let admin: ReturnType<typeof withCookie>;

// Lavaur: its own services are created here with names no other file uses.
beforeAll(async () => {
  server = await startServer();
  lavaur = await communeBySlug(server.databases.app, 'lavaur');
  admin = withCookie(httpClient(server, 'lavaur'), (await agentSession(server.databases.app, lavaur, { email: 'services.admin@lavaur.example.fr', role: 'commune_admin', services: [] })).cookie);
});
afterAll(() => server.close());

const listed = async () => (await readJson(await httpClient(server, 'lavaur').api.services.$get())).services as { slug: string; name: string; email: string | null }[];

describe('the commune’s services, administered', () => {
  it('creates a service (its slug drawn from its name), renames it keeping its slug, and audits both', async () => {
    const created = await admin.api.agent.administration.services.$post({ json: { name: 'Eau & assainissement (test)', email: 'eau@lavaur.example.fr' } });
    expect(created.status).toBe(201);
    expect(await readJson(created)).toMatchObject({ slug: 'eau-assainissement-test' });
    const renamed = await admin.api.agent.administration.services[':slug'].$put({ param: { slug: 'eau-assainissement-test' }, json: { name: 'Eau potable (test)', email: 'eau@lavaur.example.fr', phone: '05 63 00 00 00' } });
    expect(renamed.status).toBe(200);
    expect((await listed()).find((service) => service.slug === 'eau-assainissement-test')).toMatchObject({ name: 'Eau potable (test)', email: 'eau@lavaur.example.fr' });
    const journal = await readJson(await admin.api.agent.administration.journal.$get({ query: {} }));
    expect(journal.entries.slice(0, 2).map((entry: { action: string }) => entry.action)).toEqual(['service_changed', 'service_changed']);
  });

  it('refuses a second service of the same name or slug (409, on the name), and an unknown one (404)', async () => {
    await admin.api.agent.administration.services.$post({ json: { name: 'Jeunesse (test)' } });
    const again = await admin.api.agent.administration.services.$post({ json: { name: 'Jeunesse (test)' } });
    expect(again.status).toBe(409);
    expect((await readJson(again)).errors).toEqual([{ field: 'name', code: 'taken', message: 'Un service de la commune porte déjà ce nom.' }]);
    const homonym = await admin.api.agent.administration.services[':slug'].$put({ param: { slug: 'jeunesse-test' }, json: { name: 'État civil' } });
    expect(homonym.status).toBe(409);
    expect((await admin.api.agent.administration.services[':slug'].$put({ param: { slug: 'absent' }, json: { name: 'Absent' } })).status).toBe(404);
    expect((await admin.api.agent.administration.services.$post({ json: { name: 'x' } })).status).toBe(422);
  });

  it('requires an agent invited to name at least one service (an administrator sees the whole commune)', async () => {
    const without = await admin.api.agent.administration.agents.$post({ json: { email: 'sans.service@lavaur.example.fr', displayName: 'Sans Service', role: 'agent', services: [] } });
    expect(without.status).toBe(422);
    expect((await readJson(without)).errors).toEqual([expect.objectContaining({ field: 'services', message: 'Choisissez au moins un service : un agent ne voit que les demandes de ses services.' })]);
    const administrator = await admin.api.agent.administration.agents.$post({ json: { email: 'admin.sans.service@lavaur.example.fr', displayName: 'Admin Sans Service', role: 'commune_admin', services: [] } });
    expect(administrator.status).toBe(201);
  });
});
