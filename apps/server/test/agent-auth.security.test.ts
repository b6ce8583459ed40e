import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, withTenant, type Tenant } from '@guichet/db';
import { communeBySlug, httpClient, readJson, requestWithHost, startServer, type TestServer } from '@guichet/testing';
import { createAgent, PASSWORD, signInAndEnrol, totpCode } from './agent-fixtures.ts';

let server: TestServer;
let libercourt: Tenant;
const auth = '/api/agent/auth';
let machine = 0;

beforeAll(async () => {
  server = await startServer();
  libercourt = await communeBySlug(server.databases.app, 'libercourt');
});
afterAll(() => server?.close());

/** Each client its own address, so that only the test about addresses meets the per-address limit. */
const client = (slug = 'libercourt') => httpClient(server, slug, { ip: `10.2.0.${(machine += 1)}` });

async function actionsAbout(commune: Tenant, subjectId: string) {
  const rows = await withTenant(server.databases.app, commune.id, (tx) =>
    tx.select().from(auditEvents).where(and(eq(auditEvents.tenantId, commune.id), eq(auditEvents.subjectId, subjectId))).orderBy(auditEvents.id),
  );
  return rows.map((row) => ({ action: row.action, details: row.details }));
}

describe('brute-force protection of agent sign-in', () => {
  it('locks an account out after five wrong passwords, with Retry-After and audit events', async () => {
    const agent = await createAgent(server.databases.app, libercourt, { role: 'agent' });
    for (let attempt = 0; attempt < 5; attempt += 1) {
      // From different addresses: the account's own limit is what stops this attacker.
      expect((await client().api.agent.auth.connexion.$post({ json: { email: agent.email, password: `faux-${attempt}` } })).status).toBe(401);
    }
    const locked = await client().api.agent.auth.connexion.$post({ json: { email: agent.email, password: 'faux-5' } });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(800);
    expect(await readJson(locked)).toMatchObject({ title: 'Trop de tentatives.', detail: expect.stringMatching(/^Trop de mots de passe erronés pour ce compte : sa connexion est bloquée pendant 15 minutes/) });
    // Even the right password waits for the end of the lock-out.
    expect((await client().api.agent.auth.connexion.$post({ json: { email: agent.email, password: PASSWORD } })).status).toBe(429);
    const events = await actionsAbout(libercourt, agent.id);
    expect(events.filter((event) => event.action === 'sign_in_failed')).toHaveLength(5);
    expect(events.filter((event) => event.action === 'account_locked')).toEqual([{ action: 'account_locked', details: { limit: 'account', retryAfterSeconds: expect.any(Number) } }]);
  });

  it('limits the attempts of one address across accounts', async () => {
    const attacker = httpClient(server, 'libercourt', { ip: '10.9.9.9' });
    let status = 0;
    for (let attempt = 0; attempt < 31; attempt += 1) {
      status = (await attacker.api.agent.auth.connexion.$post({ json: { email: `personne-${attempt}@libercourt.example.fr`, password: 'devine' } })).status;
    }
    expect(status).toBe(429);
    // Another address is not held up.
    expect((await client().api.agent.auth.connexion.$post({ json: { email: 'personne@libercourt.example.fr', password: 'devine' } })).status).toBe(401);
  });

  it('locks the second factor after five wrong codes', async () => {
    const agent = await createAgent(server.databases.app, libercourt, { role: 'agent' });
    const secret = await signInAndEnrol(client(), 'agent', agent);
    const browser = client();
    await browser.api.agent.auth.connexion.$post({ json: { email: agent.email, password: PASSWORD } });
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await browser.api.agent.auth.totp.verification.$post({ json: { code: totpCode(secret, -10 - attempt) } })).status).toBe(401);
    }
    const locked = await browser.api.agent.auth.totp.verification.$post({ json: { code: totpCode(secret, 1) } });
    expect(locked.status).toBe(429);
    const events = await actionsAbout(libercourt, agent.id);
    expect(events.filter((event) => event.action === 'second_factor_failed')).toHaveLength(5);
    expect(events.at(-1)).toEqual({ action: 'account_locked', details: { limit: 'second_factor', retryAfterSeconds: expect.any(Number) } });
  });

  it('answers an unknown address exactly as a wrong password', async () => {
    const agent = await createAgent(server.databases.app, libercourt, { role: 'agent' });
    const wrongPassword = await client().api.agent.auth.connexion.$post({ json: { email: agent.email, password: 'pas le bon' } });
    const unknown = await client().api.agent.auth.connexion.$post({ json: { email: 'inconnu@libercourt.example.fr', password: 'pas le bon' } });
    expect(unknown.status).toBe(wrongPassword.status);
    expect(await readJson(unknown)).toEqual(await readJson(wrongPassword));
  });

  it('refuses a disabled agent with the same answer', async () => {
    const agent = await createAgent(server.databases.app, libercourt, { role: 'agent' });
    await server.databases.ownerClient.begin(async (sql) => {
      await sql`select set_config('app.tenant_id', ${libercourt.id}, true)`;
      await sql`update agents set disabled_at = now() where id = ${agent.id}`;
    });
    const refused = await client().api.agent.auth.connexion.$post({ json: { email: agent.email, password: PASSWORD } });
    expect(refused.status).toBe(401);
    expect((await actionsAbout(libercourt, agent.id)).at(-1)).toMatchObject({ action: 'sign_in_failed', details: { reason: 'disabled' } });
  });
});

describe('an agent belongs to one commune', () => {
  it("cannot sign in on another commune's host: the account does not exist there", async () => {
    const agent = await createAgent(server.databases.app, libercourt, { role: 'commune_admin' });
    const refused = await client('carvin').api.agent.auth.connexion.$post({ json: { email: agent.email, password: PASSWORD } });
    expect(refused.status).toBe(401);
    expect((await readJson(refused)).title).toBe('Adresse e-mail ou mot de passe incorrect.');
  });

  it("is not signed in on another commune's host with the first commune's session cookie", async () => {
    const agent = await createAgent(server.databases.app, libercourt, { role: 'commune_admin' });
    const browser = client();
    await signInAndEnrol(browser, 'agent', agent);
    expect((await browser.api.agent.auth.moi.$get()).status).toBe(200);
    // A browser would not even send it (no Domain attribute); replayed by hand, it is refused and cleared.
    const cookie = browser.cookieHeader();
    const onCarvin = await requestWithHost(`${server.origin}${auth}/moi`, { host: `carvin.localhost:${server.port}`, headers: { cookie } });
    expect(onCarvin.status).toBe(401);
    expect(onCarvin.headers.get('set-cookie')).toMatch(/guichet_session=;/);
    const administration = await requestWithHost(`${server.origin}/api/agent/administration/agents`, { host: `carvin.localhost:${server.port}`, headers: { cookie } });
    expect(administration.status).toBe(401);
    const consoleRead = await requestWithHost(`${server.origin}/api/console/communes/agents`, { host: `agglo-henin-carvin.localhost:${server.port}`, headers: { cookie } });
    expect(consoleRead.status).toBe(401);
  });

  it('sets the session cookie HttpOnly, SameSite=Lax, for its host only', async () => {
    const agent = await createAgent(server.databases.app, libercourt, { role: 'agent' });
    const signIn = await client().api.agent.auth.connexion.$post({ json: { email: agent.email, password: PASSWORD } });
    const cookie = signIn.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Domain=/i);
  });
});

describe('bad input and forged requests', () => {
  it('refuses a sign-in posted from another origin (CSRF)', async () => {
    const agent = await createAgent(server.databases.app, libercourt, { role: 'agent' });
    const forged = await client().request(`${auth}/connexion`, {
      method: 'POST',
      json: { email: agent.email, password: PASSWORD },
      headers: { origin: `http://carvin.localhost:${server.port}` },
    });
    expect(forged.status).toBe(403);
  });

  it('says which field is wrong', async () => {
    const response = await client().post(`${auth}/connexion`, { email: 'pas-une-adresse', password: '' });
    expect(response.status).toBe(422);
    expect((await readJson(response)).errors.map((error: { field: string }) => error.field).sort()).toEqual(['email', 'password']);
  });

  it('asks for the password before any code', async () => {
    expect((await client().api.agent.auth.totp.verification.$post({ json: { code: '123456' } })).status).toBe(401);
    expect((await client().api.agent.auth.totp.inscription.$post()).status).toBe(401);
  });
});
