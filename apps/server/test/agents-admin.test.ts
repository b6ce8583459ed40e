import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, epcis, withTenant, type Tenant } from '@guichet/db';
import { communeBySlug, httpClient, readJson, startServer, type HttpClient, type TestServer } from '@guichet/testing';
import { createAgent, createEpciStaff, PASSWORD, signInAndEnrol } from './agent-fixtures.ts';

let server: TestServer;
let libercourt: Tenant;
let carvin: Tenant;
let admin: HttpClient;
let adminId: string;
let machine = 0;
const auth = '/api/agent/auth';
const administration = '/api/agent/administration';

const client = (slug = 'libercourt') => httpClient(server, slug, { ip: `10.3.0.${(machine += 1)}` });

async function signedIn(commune: Tenant, role: 'agent' | 'service_manager' | 'commune_admin', services: string[] = []) {
  const account = await createAgent(server.databases.app, commune, { role, services });
  const browser = client(commune.slug);
  await signInAndEnrol(browser, auth, account);
  return { browser, ...account };
}

beforeAll(async () => {
  server = await startServer();
  libercourt = await communeBySlug(server.databases.app, 'libercourt');
  carvin = await communeBySlug(server.databases.app, 'carvin');
  const signedInAdmin = await signedIn(libercourt, 'commune_admin');
  admin = signedInAdmin.browser;
  adminId = signedInAdmin.id;
});
afterAll(() => server?.close());

describe('administration of agents', () => {
  it('lists the commune’s agents with their roles, services and status', async () => {
    const response = await admin.get(`${administration}/agents`);
    expect(response.status).toBe(200);
    const { agents } = await readJson(response);
    expect(agents).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ displayName: 'Nathalie Dufresne', role: 'commune_admin', services: [{ slug: 'cabinet-du-maire', name: 'Cabinet du maire' }] }),
        expect.objectContaining({
          displayName: 'Amandine Lefort',
          role: 'agent',
          services: [
            { slug: 'ccas', name: "Centre communal d'action sociale" },
            { slug: 'etat-civil', name: 'État civil' },
          ],
        }),
        expect.objectContaining({ id: adminId, status: 'active', secondFactor: true }),
      ]),
    );
    // Only Libercourt's: Carvin's declared agents are not in the list.
    expect(agents.map((agent: { email: string }) => agent.email).filter((email: string) => email.endsWith('@carvin.example.fr'))).toEqual([]);
    expect(agents[0]).not.toHaveProperty('passwordHash');
  });

  it('changes a role and the services, and writes both to the audit log', async () => {
    const agent = await createAgent(server.databases.app, libercourt, { role: 'agent', services: ['etat-civil'] });
    const role = await admin.patch(`${administration}/agents/${agent.id}/role`, { role: 'service_manager' });
    expect(await readJson(role)).toEqual({ id: agent.id, role: 'service_manager' });
    const services = await admin.request(`${administration}/agents/${agent.id}/services`, { method: 'PUT', json: { services: ['urbanisme', 'ccas'] } });
    expect(services.status).toBe(200);
    const unknown = await admin.request(`${administration}/agents/${agent.id}/services`, { method: 'PUT', json: { services: ['police-municipale'] } });
    expect(unknown.status).toBe(422);
    const { agents } = await readJson(await admin.get(`${administration}/agents`));
    expect(agents.find((row: { id: string }) => row.id === agent.id)).toMatchObject({
      role: 'service_manager',
      services: [{ slug: 'ccas' }, { slug: 'urbanisme' }],
    });
    const events = await withTenant(server.databases.app, libercourt.id, (tx) =>
      tx.select().from(auditEvents).where(and(eq(auditEvents.tenantId, libercourt.id), eq(auditEvents.subjectId, agent.id))).orderBy(auditEvents.id),
    );
    expect(events.map((event) => [event.action, event.actorId, event.details])).toEqual([
      ['role_changed', adminId, { from: 'agent', to: 'service_manager' }],
      ['services_changed', adminId, { from: ['etat-civil'], to: ['ccas', 'urbanisme'] }],
    ]);
  });

  it('disables an agent: their session ends and they can no longer sign in', async () => {
    const agent = await signedIn(libercourt, 'agent');
    expect((await agent.browser.get(`${auth}/moi`)).status).toBe(200);
    expect((await admin.post(`${administration}/agents/${agent.id}/desactivation`)).status).toBe(200);
    expect((await agent.browser.get(`${auth}/moi`)).status).toBe(401);
    expect((await client().post(`${auth}/connexion`, { email: agent.email, password: PASSWORD })).status).toBe(401);
    const { agents } = await readJson(await admin.get(`${administration}/agents`));
    expect(agents.find((row: { id: string }) => row.id === agent.id).status).toBe('disabled');
  });

  it('revokes an agent’s sessions: their next request is refused', async () => {
    const agent = await signedIn(libercourt, 'agent');
    const revoked = await admin.post(`${administration}/agents/${agent.id}/revocation-sessions`);
    expect(await readJson(revoked)).toEqual({ id: agent.id, sessions: 1 });
    const next = await agent.browser.get(`${auth}/moi`);
    expect(next.status).toBe(401);
    // The account itself still works.
    expect((await client().post(`${auth}/connexion`, { email: agent.email, password: PASSWORD })).status).toBe(200);
  });

  it('refuses to disable oneself', async () => {
    const response = await admin.post(`${administration}/agents/${adminId}/desactivation`);
    expect(response.status).toBe(409);
  });

  it('reads the commune’s audit log newest first, a page at a time', async () => {
    const first = await readJson(await admin.get(`${administration}/journal?limite=3`));
    expect(first.entries).toHaveLength(3);
    expect(first.entries[0].id).toBeGreaterThan(first.entries[2].id);
    expect(first.nextCursor).toBe(first.entries[2].id);
    const second = await readJson(await admin.get(`${administration}/journal?limite=3&avant=${first.nextCursor}`));
    expect(second.entries[0].id).toBeLessThan(first.nextCursor);
    const all = await readJson(await admin.get(`${administration}/journal?limite=100`));
    expect(all.entries.some((entry: { action: string; actor: { name: string } | null }) => entry.action === 'role_changed' && entry.actor?.name === 'Camille Test')).toBe(true);
    // The log names people by id and name, never by e-mail.
    expect(JSON.stringify(all)).not.toContain('@');
  });
});

describe('roles and communes', () => {
  it('refuses every administration route to an agent and to a service manager (403)', async () => {
    const someone = await createAgent(server.databases.app, libercourt, { role: 'agent' });
    for (const role of ['agent', 'service_manager'] as const) {
      const { browser } = await signedIn(libercourt, role, ['etat-civil']);
      const attempts = [
        browser.get(`${administration}/agents`),
        browser.post(`${administration}/agents`, { email: 'x@libercourt.example.fr', displayName: 'X Y', role: 'commune_admin', services: [] }),
        browser.patch(`${administration}/agents/${someone.id}/role`, { role: 'commune_admin' }),
        browser.post(`${administration}/agents/${someone.id}/desactivation`),
        browser.post(`${administration}/agents/${someone.id}/revocation-sessions`),
        browser.get(`${administration}/journal`),
      ];
      for (const response of await Promise.all(attempts)) {
        expect(response.status).toBe(403);
        expect((await readJson(response)).title).toBe("Votre rôle ne permet pas d'accéder à cette fonction.");
      }
    }
  });

  it('refuses the administration to someone signed out (401)', async () => {
    expect((await client().get(`${administration}/agents`)).status).toBe(401);
  });

  it("cannot reach another commune's agent, even by its id", async () => {
    const carvinAgent = await createAgent(server.databases.app, carvin, { role: 'agent' });
    expect((await admin.patch(`${administration}/agents/${carvinAgent.id}/role`, { role: 'commune_admin' })).status).toBe(404);
    expect((await admin.post(`${administration}/agents/${carvinAgent.id}/desactivation`)).status).toBe(404);
    expect((await admin.post(`${administration}/agents/${carvinAgent.id}/revocation-sessions`)).status).toBe(404);
    const journal = await readJson(await admin.get(`${administration}/journal?limite=100`));
    expect(journal.entries.every((entry: { subject: { id: string } | null }) => entry.subject?.id !== carvinAgent.id)).toBe(true);
  });

  it('refuses an invitation to an address an agent of the commune already has', async () => {
    const existing = await createAgent(server.databases.app, libercourt, { role: 'agent' });
    const response = await admin.post(`${administration}/agents`, { email: existing.email.toUpperCase(), displayName: 'Doublon', role: 'agent', services: [] });
    expect(response.status).toBe(409);
  });
});

describe('EPCI console', () => {
  async function consoleOf(slug: 'agglo-henin-carvin' | 'tarn-agout') {
    const [epci] = await server.databases.app.select().from(epcis).where(eq(epcis.slug, slug));
    const staff = await createEpciStaff(server.databases.app, epci!.id, slug);
    const browser = client(slug);
    await signInAndEnrol(browser, '/api/console/auth', staff);
    return browser;
  }

  it("lists its own communes' agents, read-only, and none of another EPCI", async () => {
    const henin = await consoleOf('agglo-henin-carvin');
    const me = await readJson(await henin.get('/api/console/auth/moi'));
    expect(me.epci.name).toBe("Communauté d'agglomération d'Hénin-Carvin");
    const { communes } = await readJson(await henin.get('/api/console/communes/agents'));
    expect(communes.map((commune: { slug: string }) => commune.slug)).toEqual(['carvin', 'libercourt', 'oignies']);
    const libercourtAgents = communes.find((commune: { slug: string }) => commune.slug === 'libercourt').agents;
    expect(libercourtAgents).toEqual(expect.arrayContaining([expect.objectContaining({ displayName: 'Nathalie Dufresne', role: 'commune_admin' })]));
    expect(JSON.stringify(communes)).not.toContain('lavaur.example.fr');

    const tarn = await consoleOf('tarn-agout');
    const other = await readJson(await tarn.get('/api/console/communes/agents'));
    expect(other.communes.map((commune: { slug: string }) => commune.slug)).toEqual(['lavaur']);
    expect(JSON.stringify(other)).not.toContain('libercourt.example.fr');
  });

  it('does not accept an agent’s password on the console, nor a console account on a commune', async () => {
    const agent = await createAgent(server.databases.app, libercourt, { role: 'commune_admin' });
    expect((await client('agglo-henin-carvin').post('/api/console/auth/connexion', { email: agent.email, password: PASSWORD })).status).toBe(401);
    const [epci] = await server.databases.app.select().from(epcis).where(eq(epcis.slug, 'agglo-henin-carvin'));
    const staff = await createEpciStaff(server.databases.app, epci!.id, 'agglo-henin-carvin');
    expect((await client('libercourt').post(`${auth}/connexion`, { email: staff.email, password: PASSWORD })).status).toBe(401);
    expect((await client('libercourt').post('/api/console/auth/connexion', { email: staff.email, password: PASSWORD })).status).toBe(404);
  });

  it('refuses the console’s list to someone signed out', async () => {
    expect((await client('agglo-henin-carvin').get('/api/console/communes/agents')).status).toBe(401);
  });
});
