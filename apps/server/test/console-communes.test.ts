import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, statementIn, tenants, withEpci, withTenant } from '@guichet/db';
import { createPeerBrowser } from '@guichet/franceconnect';
import { agentSession, communeBySlug, epciStaffSession, franceConnectRoundTrip, httpClient, insertTestEpci, readJson, startServer, type TestServer } from '@guichet/testing';
import { as } from './catalogue-sessions.ts';

/*
 * Communes are created in an EPCI of this file's own: the demo EPCIs keep their members, which
 * other files count.
 */
let server: TestServer;
let epciId: string;
let staff: ReturnType<typeof as>;

beforeAll(async () => {
  server = await startServer();
  epciId = await insertTestEpci(server.databases.owner, 'essai-creations', '200000172');
  staff = as(httpClient(server, 'essai-creations'), await epciStaffSession(server.databases.app, epciId, 'createur@essai.example.fr'));
});
afterAll(() => server.close());

const commune = (slug: string, inseeCode: string, name = 'Courcelles-lès-Lens') => ({
  slug,
  name,
  inseeCode,
  hostnames: [],
  branding: { primaryColor: '#1d4f91', secondaryColor: '#eef3fa', textOnPrimary: '#ffffff', tagline: 'Portail citoyen de Courcelles-lès-Lens' },
  contact: { address: 'Place Jean Jaurès', postalCode: '62970', city: 'Courcelles-lès-Lens' },
  administrator: { email: `admin.${slug}@example.fr`, displayName: 'Claire Dumont' },
});

describe('POST /api/console/communes', () => {
  it('creates a commune of the console’s EPCI, whose portal answers at once, and invites its administrator', async () => {
    const portal = httpClient(server, 'courcelles-les-lens');
    // Asked before it exists: the answer "unknown" is cached, and must not outlive the creation.
    expect((await portal.get('/api/commune')).status).toBe(404);
    const before = new Date();

    const created = await staff.api.console.communes.$post({ json: commune('courcelles-les-lens', '62249') });
    expect(created.status).toBe(201);
    const body = await readJson(created);
    const origin = `http://courcelles-les-lens.localhost:${server.port}`;
    expect(body).toMatchObject({ slug: 'courcelles-les-lens', name: 'Courcelles-lès-Lens', portalUrl: `${origin}/` });
    expect(body.redirects).toEqual({
      franceconnect: [`${origin}/api/auth/franceconnect/callback`],
      franceconnectSignedOut: [`${origin}/api/auth/franceconnect/deconnecte`],
      proconnect: [`${origin}/api/agent/auth/fournisseur/retour`],
    });

    expect(await readJson(await portal.get('/api/commune'))).toMatchObject({ name: 'Courcelles-lès-Lens', epci: { slug: 'essai-creations' } });
    const row = await communeBySlug(server.databases.app, 'courcelles-les-lens');
    expect(row.epciId).toBe(epciId);

    const mail = await server.mailbox.waitFor((message) => message.to.includes('admin.courcelles-les-lens@example.fr') && message.receivedAt > before);
    expect(mail.subject).toBe('Invitation à rejoindre l’espace agents – Courcelles-lès-Lens');
    expect(mail.text).toContain('Agent intercommunal de test vous invite');
    const link = new URL(/http:\/\/\S+\/agent\/activer\?jeton=[a-z0-9]+/.exec(mail.text)![0]);
    expect(link.origin).toBe(origin);
    const administrator = httpClient(server, 'courcelles-les-lens');
    const activation = await administrator.api.agent.auth.activation.$post({ json: { token: link.searchParams.get('jeton')!, password: 'cheval agrafe pile correcte' } });
    expect(await readJson(activation)).toEqual({ next: 'totp_enrolment' });

    const audit = await withEpci(server.databases.app, epciId, (tx) =>
      tx.select({ action: auditEvents.action, actorKind: auditEvents.actorKind }).from(auditEvents).where(and(eq(auditEvents.epciId, epciId), eq(auditEvents.tenantId, row.id))),
    );
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: 'commune_created', actorKind: 'epci_staff' },
        { action: 'agent_invited', actorKind: 'epci_staff' },
      ]),
    );
    const services = await withTenant(server.databases.app, row.id, (tx) => statementIn<{ slug: string }>(tx, 'select slug from services', []));
    expect(services).toEqual([{ slug: 'accueil' }]);
  });

  it('lets a citizen sign in with FranceConnect (démo) on the new portal without a restart', async () => {
    await staff.api.console.communes.$post({ json: commune('estevelles', '62311', 'Estevelles') });
    const citizen = httpClient(server, 'estevelles');
    const answer = await franceConnectRoundTrip(citizen, createPeerBrowser(), 'lucas');
    expect(answer.headers.get('location')).toBe('/mon-compte');
  });

  it('lists the EPCI’s communes with the addresses to declare, and no other EPCI’s', async () => {
    const listed = await readJson(await staff.api.console.communes.$get());
    expect(listed.communes.map((row: { slug: string }) => row.slug)).toEqual(['courcelles-les-lens', 'estevelles']);
    const henin = as(httpClient(server, 'agglo-henin-carvin'), await epciStaffSession(server.databases.app, (await communeBySlug(server.databases.app, 'carvin')).epciId, 'liste@henin.example.fr'));
    const theirs = await readJson(await henin.api.console.communes.$get());
    expect(theirs.communes.map((row: { slug: string }) => row.slug)).toEqual(['carvin', 'libercourt', 'oignies']);
  });

  it('refuses, in French on the field, what another portal already has or the platform’s own addresses, and writes nothing', async () => {
    const count = async () => (await server.databases.app.select({ id: tenants.id }).from(tenants)).length;
    const before = await count();
    const cases = [
      [{ ...commune('libercourt', '62999') }, 'slug', 'Cet identifiant est déjà celui d’une commune ou d’une intercommunalité de la plateforme.'],
      [{ ...commune('agglo-henin-carvin', '62998') }, 'slug', 'Cet identifiant est déjà celui d’une commune ou d’une intercommunalité de la plateforme.'],
      [{ ...commune('double-insee', '62249') }, 'inseeCode', 'Une commune de la plateforme a déjà ce code INSEE.'],
      [{ ...commune('www', '62992') }, 'slug', 'Cet identifiant est réservé à la plateforme : choisissez le nom de la commune.'],
      [{ ...commune('sous-la-plateforme', '62997'), hostnames: ['oignies.localhost'] }, 'hostnames', 'oignies.localhost est une adresse de la plateforme elle-même : donnez le domaine propre à la commune.'],
    ] as const;
    for (const [body, field, message] of cases) {
      const refused = await staff.post('/api/console/communes', body);
      expect(refused.status).toBe(422);
      expect((await readJson(refused)).errors).toEqual([expect.objectContaining({ field, message })]);
    }
    const unreadable = await staff.post('/api/console/communes', { ...commune('contraste', '62996'), branding: { primaryColor: '#1d4f91', secondaryColor: '#eef3fa', textOnPrimary: '#2050a0' } });
    expect(unreadable.status).toBe(422);
    expect((await readJson(unreadable)).errors).toEqual([expect.objectContaining({ field: 'branding/textOnPrimary' })]);
    expect(await count()).toBe(before);
  });

  it('is the EPCI staff’s only: an agent of a commune, or nobody, is refused', async () => {
    const anonymous = await httpClient(server, 'essai-creations').request('/api/console/communes', { method: 'POST', json: commune('anonyme', '62995') });
    expect(anonymous.status).toBe(401);
    const libercourt = await communeBySlug(server.databases.app, 'libercourt');
    const { cookie } = await agentSession(server.databases.app, libercourt, { email: 'admin.console@libercourt.example.fr', role: 'commune_admin', services: [] });
    const agent = await httpClient(server, 'libercourt').request('/api/console/communes', { method: 'POST', json: commune('par-un-agent', '62995'), headers: { cookie } });
    expect(agent.status).toBe(401);
    const onConsole = await httpClient(server, 'essai-creations').request('/api/console/communes', { method: 'POST', json: commune('par-un-agent', '62995'), headers: { cookie } });
    expect(onConsole.status).toBe(401);
  });
});

describe('GET /api/console/journal', () => {
  it('reads the EPCI’s audit log, each line with its commune and its EPCI administrator named, or one commune’s, and no other EPCI’s', async () => {
    const all = await readJson(await staff.api.console.journal.$get({ query: {} }));
    const created = all.entries.filter((entry: { action: string }) => entry.action === 'commune_created');
    expect(created.map((entry: { commune: { slug: string } }) => entry.commune.slug).sort()).toEqual(['courcelles-les-lens', 'estevelles']);
    expect(created[0].actor).toMatchObject({ kind: 'epci_staff', name: 'Agent intercommunal de test' });
    const names = Object.fromEntries(created.map((entry: { commune: { slug: string }; subject: { name: string } }) => [entry.commune.slug, entry.subject.name]));
    expect(names).toEqual({ 'courcelles-les-lens': 'Courcelles-lès-Lens', estevelles: 'Estevelles' });

    const one = await readJson(await staff.api.console.journal.$get({ query: { commune: 'estevelles' } }));
    expect(one.entries.length).toBeGreaterThan(0);
    expect(one.entries.every((entry: { commune: { slug: string } }) => entry.commune.slug === 'estevelles')).toBe(true);

    const foreign = await staff.api.console.journal.$get({ query: { commune: 'libercourt' } });
    expect(foreign.status).toBe(422);
    expect((await readJson(foreign)).errors).toEqual([expect.objectContaining({ field: 'commune', message: 'Commune inconnue de l’intercommunalité : libercourt.' })]);

    const henin = as(httpClient(server, 'agglo-henin-carvin'), await epciStaffSession(server.databases.app, (await communeBySlug(server.databases.app, 'carvin')).epciId, 'journal@henin.example.fr'));
    const theirs = await readJson(await henin.api.console.journal.$get({ query: { limite: '100' } }));
    expect(JSON.stringify(theirs)).not.toContain('courcelles-les-lens');
  });
});

describe('create_commune, the only way the application role adds a commune', () => {
  const call = "select create_commune('intrus', 'Intrus', '62994', '{}'::jsonb, '{}'::jsonb, '{}'::text[], '[]'::jsonb, 'intrus@example.fr', 'Intrus')";

  it('refuses a caller scoped to a commune, or to no EPCI', async () => {
    const libercourt = await communeBySlug(server.databases.app, 'libercourt');
    await expect(withTenant(server.databases.app, libercourt.id, (tx) => statementIn(tx, call, []))).rejects.toMatchObject({ code: '42501' });
    await expect(server.databases.appClient.unsafe(call)).rejects.toMatchObject({ code: '42501' });
  });

  it('leaves the registry read-only to the application role otherwise', async () => {
    await expect(
      withEpci(server.databases.app, epciId, (tx) =>
        tx.insert(tenants).values({
          epciId,
          slug: 'direct',
          name: 'Direct',
          inseeCode: '62993',
          branding: { logo: '', primaryColor: '#1d4f91', secondaryColor: '#eef3fa', textOnPrimary: '#ffffff' },
          contact: { address: 'Mairie', postalCode: '62000', city: 'Direct' },
        }),
      ),
    ).rejects.toMatchObject({ cause: expect.objectContaining({ code: '42501' }) });
  });
});
