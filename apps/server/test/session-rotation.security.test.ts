import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, citizenAccounts, epcis, sessions, withTenant, type Tenant } from '@guichet/db';
import { createPeerBrowser } from '@guichet/franceconnect';
import { agentAccounts, createSessionLookups, hashPassword, invalidateAccountSessions, validateSessionToken, verifyTotp } from '@guichet/identity';
import { communeBySlug, httpClient, readJson, startServer, type HttpClient, type TestServer } from '@guichet/testing';
import { createAgent, createEpciStaff, PASSWORD, signInAndEnrol, totpCode } from './agent-fixtures.ts';

let server: TestServer;
let libercourt: Tenant;
let machine = 0;

beforeAll(async () => {
  server = await startServer();
  libercourt = await communeBySlug(server.databases.app, 'libercourt');
});
afterAll(() => server?.close());

/** Each browser its own address, so that no per-address limit is met. */
const client = (slug = 'libercourt') => httpClient(server, slug, { ip: `10.6.0.${(machine += 1)}` });
const tokenOf = (browser: HttpClient) => browser.cookie('guichet_session')!;

/** `path` asked by another browser holding only `token`, as someone who copied the cookie would. */
const withToken = (slug: string, token: string, path: string) => client(slug).request(path, { headers: { cookie: `guichet_session=${token}` } });

describe('a new session at the second factor', () => {
  it('gives an agent a new session when the code is accepted: the token of the password step opens nothing', async () => {
    const agent = await createAgent(server.databases.app, libercourt, { role: 'agent' });
    const secret = await signInAndEnrol(client(), 'agent', agent);
    const browser = client();
    expect((await browser.api.agent.auth.connexion.$post({ json: { email: agent.email, password: PASSWORD } })).status).toBe(200);
    const afterPassword = tokenOf(browser);

    expect((await browser.api.agent.auth.totp.verification.$post({ json: { code: totpCode(secret, 1) } })).status).toBe(200);
    const afterCode = tokenOf(browser);
    expect(afterCode).not.toBe(afterPassword);
    expect((await withToken('libercourt', afterPassword, '/api/agent/auth/moi')).status).toBe(401);
    expect((await withToken('libercourt', afterPassword, '/api/agent/auth/session')).status).toBe(401);
    expect((await withToken('libercourt', afterCode, '/api/agent/auth/moi')).status).toBe(200);
    expect((await browser.api.agent.auth.moi.$get()).status).toBe(200);
  });

  it('keeps the session of the password step while the code is wrong', async () => {
    const agent = await createAgent(server.databases.app, libercourt, { role: 'agent' });
    const secret = await signInAndEnrol(client(), 'agent', agent);
    const browser = client();
    await browser.api.agent.auth.connexion.$post({ json: { email: agent.email, password: PASSWORD } });
    const afterPassword = tokenOf(browser);
    expect((await browser.api.agent.auth.totp.verification.$post({ json: { code: totpCode(secret, -5) } })).status).toBe(401);
    expect(tokenOf(browser)).toBe(afterPassword);
    expect(await readJson(await browser.api.agent.auth.session.$get())).toEqual({ stage: 'second_factor', enrolled: true });
  });

  it('does the same when the second factor is enrolled at first sign-in', async () => {
    const agent = await createAgent(server.databases.app, libercourt, { role: 'service_manager' });
    const browser = client();
    await browser.api.agent.auth.connexion.$post({ json: { email: agent.email, password: PASSWORD } });
    const afterPassword = tokenOf(browser);
    const { secret } = await readJson(await browser.api.agent.auth.totp.inscription.$post());
    expect((await browser.api.agent.auth.totp.activation.$post({ json: { code: totpCode(secret) } })).status).toBe(200);
    expect(tokenOf(browser)).not.toBe(afterPassword);
    expect((await withToken('libercourt', afterPassword, '/api/agent/auth/session')).status).toBe(401);
    expect((await browser.api.agent.auth.moi.$get()).status).toBe(200);
  });

  it('does the same on the EPCI console, at enrolment and at every sign-in', async () => {
    const [epci] = await server.databases.app.select().from(epcis).where(eq(epcis.slug, 'agglo-henin-carvin'));
    const staff = await createEpciStaff(server.databases.app, epci!.id, epci!.slug);
    const consoleHost = 'agglo-henin-carvin';

    const first = client(consoleHost);
    await first.api.console.auth.connexion.$post({ json: staff });
    const enrolling = tokenOf(first);
    const { secret } = await readJson(await first.api.console.auth.totp.inscription.$post());
    expect((await first.api.console.auth.totp.activation.$post({ json: { code: totpCode(secret) } })).status).toBe(200);
    expect(tokenOf(first)).not.toBe(enrolling);
    expect((await withToken(consoleHost, enrolling, '/api/console/auth/session')).status).toBe(401);
    expect((await first.api.console.auth.moi.$get()).status).toBe(200);

    const next = client(consoleHost);
    await next.api.console.auth.connexion.$post({ json: staff });
    const afterPassword = tokenOf(next);
    expect((await next.api.console.auth.totp.verification.$post({ json: { code: totpCode(secret, 1) } })).status).toBe(200);
    expect(tokenOf(next)).not.toBe(afterPassword);
    expect((await withToken(consoleHost, afterPassword, '/api/console/auth/session')).status).toBe(401);
    expect((await withToken(consoleHost, afterPassword, '/api/console/communes/agents')).status).toBe(401);
    expect((await next.api.console.communes.agents.$get()).status).toBe(200);
  });

  it('does not sign in a session revoked between the password and the code', async () => {
    const agent = await createAgent(server.databases.app, libercourt, { role: 'agent' });
    const secret = await signInAndEnrol(client(), 'agent', agent);
    const browser = client();
    await browser.api.agent.auth.connexion.$post({ json: { email: agent.email, password: PASSWORD } });
    // The session as the middleware read it, then revoked (an administrator, another tab) before the code is checked.
    const db = server.databases.app;
    const found = await validateSessionToken({ lookups: createSessionLookups(db), inSite: (work) => withTenant(db, libercourt.id, work) }, tokenOf(browser), { epciId: libercourt.epciId, tenantId: libercourt.id });
    const session = found?.session;
    await withTenant(server.databases.app, libercourt.id, (tx) => invalidateAccountSessions(tx, 'agent', agent.id));

    const context = { db: server.databases.app, accounts: agentAccounts, session: session!, secretBox: server.dependencies.identity.secretBox, ip: '10.6.1.1' };
    expect(await verifyTotp(context, { code: totpCode(secret, 1) })).toEqual({ outcome: 'session_ended' });
    const left = await withTenant(server.databases.app, libercourt.id, (tx) =>
      tx.select().from(sessions).where(and(eq(sessions.accountKind, 'agent'), eq(sessions.accountId, agent.id))),
    );
    expect(left).toEqual([]);
  });
});

describe('a change of privilege', () => {
  it('ends an agent’s sessions when an administrator changes their role, up or down', async () => {
    const admin = await createAgent(server.databases.app, libercourt, { role: 'commune_admin' });
    const adminBrowser = client();
    await signInAndEnrol(adminBrowser, 'agent', admin);
    const agent = await createAgent(server.databases.app, libercourt, { role: 'agent', services: ['etat-civil'] });
    const agentBrowser = client();
    const secret = await signInAndEnrol(agentBrowser, 'agent', agent);

    const promoted = await adminBrowser.api.agent.administration.agents[':id'].role.$patch({ param: { id: agent.id }, json: { role: 'service_manager' } });
    expect(promoted.status).toBe(200);
    expect((await agentBrowser.api.agent.auth.moi.$get()).status).toBe(401);

    // Signed in again, the agent works with the new role until it changes again.
    await agentBrowser.api.agent.auth.connexion.$post({ json: { email: agent.email, password: PASSWORD } });
    await agentBrowser.api.agent.auth.totp.verification.$post({ json: { code: totpCode(secret, 1) } });
    expect(await readJson(await agentBrowser.api.agent.auth.moi.$get())).toMatchObject({ role: 'service_manager' });
    await adminBrowser.api.agent.administration.agents[':id'].role.$patch({ param: { id: agent.id }, json: { role: 'agent' } });
    expect((await agentBrowser.api.agent.auth.moi.$get()).status).toBe(401);

    const changes = await withTenant(server.databases.app, libercourt.id, (tx) =>
      tx
        .select({ details: auditEvents.details })
        .from(auditEvents)
        .where(and(eq(auditEvents.subjectId, agent.id), eq(auditEvents.action, 'role_changed')))
        .orderBy(auditEvents.id),
    );
    expect(changes.map((change) => change.details)).toEqual([
      { from: 'agent', to: 'service_manager', sessions: 1 },
      { from: 'service_manager', to: 'agent', sessions: 1 },
    ]);
  });

  it('gives a citizen a new session when FranceConnect is added to their account', async () => {
    const email = `rotation-${Date.now()}@example.org`;
    const password = 'une phrase de passe solide';
    const passwordHash = await hashPassword(password);
    // Lucas at Lavaur: files share one database, and no other one links him in that EPCI.
    const lavaur = await communeBySlug(server.databases.app, 'lavaur');
    await withTenant(server.databases.app, lavaur.id, (tx) =>
      tx.insert(citizenAccounts).values({ epciId: lavaur.epciId, email, emailVerifiedAt: new Date(), passwordHash }),
    );
    const citizen = client('lavaur');
    expect((await citizen.api.auth.connexion.$post({ json: { email, password } })).status).toBe(200);
    const beforeLink = tokenOf(citizen);

    const started = await readJson(await citizen.api.compte.franceconnect.$post());
    const callback = await createPeerBrowser().signIn(started.redirect, { person: 'lucas' });
    expect((await citizen.get(`${callback.pathname}${callback.search}`)).headers.get('location')).toBe('/mon-compte');

    expect(tokenOf(citizen)).not.toBe(beforeLink);
    expect((await withToken('lavaur', beforeLink, '/api/compte')).status).toBe(401);
    expect(await readJson(await citizen.api.compte.$get())).toMatchObject({ email, identityVerified: true, methods: { franceconnect: true, password: true } });
  });
});
