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

const client = (slug = 'libercourt') => httpClient(server, slug, { ip: `10.3.0.${(machine += 1)}` });

async function signedIn(commune: Tenant, role: 'agent' | 'service_manager' | 'commune_admin', services: string[] = []) {
  const account = await createAgent(server.databases.app, commune, { role, services });
  const browser = client(commune.slug);
  await signInAndEnrol(browser, 'agent', account);
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
    const response = await admin.api.agent.administration.agents.$get();
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
    const role = await admin.api.agent.administration.agents[':id'].role.$patch({ param: { id: agent.id }, json: { role: 'service_manager' } });
    expect(await readJson(role)).toEqual({ id: agent.id, role: 'service_manager' });
    const services = await admin.api.agent.administration.agents[':id'].services.$put({ param: { id: agent.id }, json: { services: ['urbanisme', 'ccas'] } });
    expect(services.status).toBe(200);
    const unknown = await admin.api.agent.administration.agents[':id'].services.$put({ param: { id: agent.id }, json: { services: ['police-municipale'] } });
    expect(unknown.status).toBe(422);
    const { agents } = await readJson(await admin.api.agent.administration.agents.$get());
    expect(agents.find((row: { id: string }) => row.id === agent.id)).toMatchObject({
      role: 'service_manager',
      services: [{ slug: 'ccas' }, { slug: 'urbanisme' }],
    });
    const events = await withTenant(server.databases.app, libercourt.id, (tx) =>
      tx.select().from(auditEvents).where(and(eq(auditEvents.tenantId, libercourt.id), eq(auditEvents.subjectId, agent.id))).orderBy(auditEvents.id),
    );
    expect(events.map((event) => [event.action, event.actorId, event.details])).toEqual([
      ['role_changed', adminId, { from: 'agent', to: 'service_manager', sessions: 0 }],
      ['services_changed', adminId, { from: ['etat-civil'], to: ['ccas', 'urbanisme'] }],
    ]);
  });

  it('disables an agent: their session ends and they can no longer sign in', async () => {
    const agent = await signedIn(libercourt, 'agent');
    expect((await agent.browser.api.agent.auth.moi.$get()).status).toBe(200);
    expect((await admin.api.agent.administration.agents[':id'].desactivation.$post({ param: { id: agent.id } })).status).toBe(200);
    expect((await agent.browser.api.agent.auth.moi.$get()).status).toBe(401);
    expect((await client().api.agent.auth.connexion.$post({ json: { email: agent.email, password: PASSWORD } })).status).toBe(401);
    const { agents } = await readJson(await admin.api.agent.administration.agents.$get());
    expect(agents.find((row: { id: string }) => row.id === agent.id).status).toBe('disabled');
  });

  it('revokes an agent’s sessions: their next request is refused', async () => {
    const agent = await signedIn(libercourt, 'agent');
    const revoked = await admin.api.agent.administration.agents[':id']['revocation-sessions'].$post({ param: { id: agent.id } });
    expect(await readJson(revoked)).toEqual({ id: agent.id, sessions: 1 });
    const next = await agent.browser.api.agent.auth.moi.$get();
    expect(next.status).toBe(401);
    // The account itself still works.
    expect((await client().api.agent.auth.connexion.$post({ json: { email: agent.email, password: PASSWORD } })).status).toBe(200);
  });

  it('refuses to disable oneself', async () => {
    const response = await admin.api.agent.administration.agents[':id'].desactivation.$post({ param: { id: adminId } });
    expect(response.status).toBe(409);
  });

  it('reads the commune’s audit log newest first, a page at a time', async () => {
    const first = await readJson(await admin.api.agent.administration.journal.$get({ query: { limite: '3' } }));
    expect(first.entries).toHaveLength(3);
    expect(first.entries[0].id).toBeGreaterThan(first.entries[2].id);
    expect(first.nextCursor).toBe(first.entries[2].id);
    const second = await readJson(await admin.api.agent.administration.journal.$get({ query: { limite: '3', avant: String(first.nextCursor) } }));
    expect(second.entries[0].id).toBeLessThan(first.nextCursor);
    const all = await readJson(await admin.api.agent.administration.journal.$get({ query: { limite: '100' } }));
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
        browser.api.agent.administration.agents.$get(),
        browser.api.agent.administration.agents.$post({ json: { email: 'x@libercourt.example.fr', displayName: 'X Y', role: 'commune_admin', services: [] } }),
        browser.api.agent.administration.agents[':id'].role.$patch({ param: { id: someone.id }, json: { role: 'commune_admin' } }),
        browser.api.agent.administration.agents[':id'].desactivation.$post({ param: { id: someone.id } }),
        browser.api.agent.administration.agents[':id']['revocation-sessions'].$post({ param: { id: someone.id } }),
        browser.api.agent.administration.journal.$get({ query: {} }),
      ];
      for (const response of await Promise.all(attempts)) {
        expect(response.status).toBe(403);
        expect((await readJson(response)).title).toBe("Votre rôle ne permet pas d'accéder à cette fonction.");
      }
    }
  });

  it('refuses the administration to someone signed out (401)', async () => {
    expect((await client().api.agent.administration.agents.$get()).status).toBe(401);
  });

  it("cannot reach another commune's agent, even by its id", async () => {
    const carvinAgent = await createAgent(server.databases.app, carvin, { role: 'agent' });
    expect((await admin.api.agent.administration.agents[':id'].role.$patch({ param: { id: carvinAgent.id }, json: { role: 'commune_admin' } })).status).toBe(404);
    expect((await admin.api.agent.administration.agents[':id'].desactivation.$post({ param: { id: carvinAgent.id } })).status).toBe(404);
    expect((await admin.api.agent.administration.agents[':id']['revocation-sessions'].$post({ param: { id: carvinAgent.id } })).status).toBe(404);
    const journal = await readJson(await admin.api.agent.administration.journal.$get({ query: { limite: '100' } }));
    expect(journal.entries.every((entry: { subject: { id: string } | null }) => entry.subject?.id !== carvinAgent.id)).toBe(true);
  });

  it('refuses an invitation to an address an agent of the commune already has', async () => {
    const existing = await createAgent(server.databases.app, libercourt, { role: 'agent' });
    const response = await admin.api.agent.administration.agents.$post({ json: { email: existing.email.toUpperCase(), displayName: 'Doublon', role: 'agent', services: ['ccas'] } });
    expect(response.status).toBe(409);
  });
});

describe('EPCI console', () => {
  async function consoleOf(slug: 'agglo-henin-carvin' | 'tarn-agout') {
    const [epci] = await server.databases.app.select().from(epcis).where(eq(epcis.slug, slug));
    const staff = await createEpciStaff(server.databases.app, epci!.id, slug);
    const browser = client(slug);
    await signInAndEnrol(browser, 'console', staff);
    return browser;
  }

  it("lists its own communes' agents, read-only, and none of another EPCI", async () => {
    const henin = await consoleOf('agglo-henin-carvin');
    const me = await readJson(await henin.api.console.auth.moi.$get());
    expect(me.epci.name).toBe("Communauté d'agglomération d'Hénin-Carvin");
    const { communes } = await readJson(await henin.api.console.communes.agents.$get());
    expect(communes.map((commune: { slug: string }) => commune.slug)).toEqual(['carvin', 'libercourt', 'oignies']);
    const libercourtAgents = communes.find((commune: { slug: string }) => commune.slug === 'libercourt').agents;
    expect(libercourtAgents).toEqual(expect.arrayContaining([expect.objectContaining({ displayName: 'Nathalie Dufresne', role: 'commune_admin' })]));
    expect(JSON.stringify(communes)).not.toContain('lavaur.example.fr');

    const tarn = await consoleOf('tarn-agout');
    const other = await readJson(await tarn.api.console.communes.agents.$get());
    expect(other.communes.map((commune: { slug: string }) => commune.slug)).toEqual(['lavaur']);
    expect(JSON.stringify(other)).not.toContain('libercourt.example.fr');
  });

  it('does not accept an agent’s password on the console, nor a console account on a commune', async () => {
    const agent = await createAgent(server.databases.app, libercourt, { role: 'commune_admin' });
    expect((await client('agglo-henin-carvin').api.console.auth.connexion.$post({ json: { email: agent.email, password: PASSWORD } })).status).toBe(401);
    const [epci] = await server.databases.app.select().from(epcis).where(eq(epcis.slug, 'agglo-henin-carvin'));
    const staff = await createEpciStaff(server.databases.app, epci!.id, 'agglo-henin-carvin');
    expect((await client('libercourt').api.agent.auth.connexion.$post({ json: { email: staff.email, password: PASSWORD } })).status).toBe(401);
    expect((await client('libercourt').api.console.auth.connexion.$post({ json: { email: staff.email, password: PASSWORD } })).status).toBe(404);
  });

  it('refuses the console’s list to someone signed out', async () => {
    expect((await client('agglo-henin-carvin').api.console.communes.agents.$get()).status).toBe(401);
  });
});
