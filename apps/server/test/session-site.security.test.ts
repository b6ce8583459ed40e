import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { sessions, withEpci, withTenant, type Tenant } from '@guichet/db';
import { createSessionLookups, validateSessionToken } from '@guichet/identity';
import { agentSession, citizenSession, communeBySlug, epciStaffSession, httpClient, startServer, type TestServer } from '@guichet/testing';

let server: TestServer;
let libercourt: Tenant;
let cookies: { libercourtCitizen: string; libercourtAgent: string; consoleStaff: string; lavaurCitizen: string };

beforeAll(async () => {
  server = await startServer();
  const db = server.databases.app;
  libercourt = await communeBySlug(db, 'libercourt');
  const lavaur = await communeBySlug(db, 'lavaur');
  cookies = {
    libercourtCitizen: (await citizenSession(db, libercourt, 'site.citoyen@example.fr')).cookie,
    libercourtAgent: (await agentSession(db, libercourt, { email: 'site.agent@libercourt.example.fr', role: 'commune_admin', services: [] })).cookie,
    consoleStaff: await epciStaffSession(db, libercourt.epciId, 'site.staff@tests.example.fr'),
    lavaurCitizen: (await citizenSession(db, lavaur, 'site.lavaur@example.fr')).cookie,
  };
});
afterAll(() => server.close());

const get = (site: string, path: string, cookie: string) => httpClient(server, site).request(path, { headers: { cookie } });

describe('a session works on the site that opened it only', () => {
  it('opens its own site', async () => {
    expect((await get('libercourt', '/api/compte', cookies.libercourtCitizen)).status).toBe(200);
    expect((await get('libercourt', '/api/agent/auth/session', cookies.libercourtAgent)).status).toBe(200);
    expect((await get('agglo-henin-carvin', '/api/console/auth/session', cookies.consoleStaff)).status).toBe(200);
  });

  it('is nobody on another commune of the same EPCI', async () => {
    expect((await get('carvin', '/api/compte', cookies.libercourtCitizen)).status).toBe(401);
    expect((await get('carvin', '/api/agent/auth/session', cookies.libercourtAgent)).status).toBe(401);
  });

  it('is nobody on its EPCI’s console, and a console session is nobody on a commune', async () => {
    expect((await get('agglo-henin-carvin', '/api/console/auth/session', cookies.libercourtAgent)).status).toBe(401);
    expect((await get('libercourt', '/api/agent/auth/session', cookies.consoleStaff)).status).toBe(401);
    expect((await get('libercourt', '/api/compte', cookies.consoleStaff)).status).toBe(401);
  });

  it('is nobody in another EPCI', async () => {
    expect((await get('libercourt', '/api/compte', cookies.lavaurCitizen)).status).toBe(401);
    expect((await get('tarn-agout', '/api/console/auth/session', cookies.consoleStaff)).status).toBe(401);
  });
});

describe('session checks that arrive together', () => {
  it('are each answered for their own cookie and site', async () => {
    const probes: [string, string, string, number][] = [
      ['libercourt', '/api/compte', cookies.libercourtCitizen, 200],
      ['carvin', '/api/compte', cookies.libercourtCitizen, 401],
      ['libercourt', '/api/agent/auth/session', cookies.libercourtAgent, 200],
      ['carvin', '/api/agent/auth/session', cookies.libercourtAgent, 401],
      ['agglo-henin-carvin', '/api/console/auth/session', cookies.consoleStaff, 200],
      ['libercourt', '/api/compte', cookies.consoleStaff, 401],
      ['libercourt', '/api/compte', cookies.lavaurCitizen, 401],
      ['lavaur', '/api/compte', cookies.lavaurCitizen, 200],
    ];
    const rounds = Array.from({ length: 4 }, () => probes).flat();
    const statuses = await Promise.all(rounds.map(async ([site, path, cookie]) => (await get(site, path, cookie)).status));
    expect(statuses).toEqual(rounds.map((probe) => probe[3]));
  });
});

describe('a session’s expiry', () => {
  const idOf = (cookie: string) => cookie.replace('guichet_session=', '').split('.')[0]!;
  const setExpiry = (cookie: string, expiresAt: Date) =>
    withTenant(server.databases.app, libercourt.id, (tx) => tx.update(sessions).set({ expiresAt }).where(eq(sessions.id, idOf(cookie))));
  const stored = (cookie: string) => withTenant(server.databases.app, libercourt.id, (tx) => tx.select().from(sessions).where(eq(sessions.id, idOf(cookie))));

  it('refuses a session presented after its expiry, and deletes it at once', async () => {
    const { cookie } = await citizenSession(server.databases.app, libercourt, 'site.expiree@example.fr');
    await setExpiry(cookie, new Date(Date.now() - 1_000));
    expect((await get('libercourt', '/api/compte', cookie)).status).toBe(401);
    expect(await stored(cookie)).toEqual([]);
  });

  it('renews a session used in the second half of its life', async () => {
    const { cookie } = await citizenSession(server.databases.app, libercourt, 'site.renouvelee@example.fr');
    await setExpiry(cookie, new Date(Date.now() + 24 * 3600_000));
    const response = await get('libercourt', '/api/compte', cookie);
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toContain('guichet_session=');
    const [renewed] = await stored(cookie);
    expect(renewed!.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * 24 * 3600_000);
  });

  it('sends the cookie again only with a new expiry', async () => {
    const { cookie } = await citizenSession(server.databases.app, libercourt, 'site.en-cours@example.fr');
    const response = await get('libercourt', '/api/compte', cookie);
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('sends the renewed cookie for a while after the renewal, in case the answer that carried it was lost', async () => {
    const { cookie } = await citizenSession(server.databases.app, libercourt, 'site.reponse-perdue@example.fr');
    // Opened 20 days ago, renewed an hour ago: the browser may still hold the expiry given before.
    const hour = 3600_000;
    await withTenant(server.databases.app, libercourt.id, (tx) =>
      tx.update(sessions).set({ createdAt: new Date(Date.now() - 480 * hour), expiresAt: new Date(Date.now() + 719 * hour) }).where(eq(sessions.id, idOf(cookie))),
    );
    expect((await get('libercourt', '/api/compte', cookie)).headers.get('set-cookie')).toContain('guichet_session=');
    // Two days after the renewal, the cookie has had every chance to arrive.
    await setExpiry(cookie, new Date(Date.now() + 672 * hour));
    expect((await get('libercourt', '/api/compte', cookie)).headers.get('set-cookie')).toBeNull();
  });
});

describe('the session check itself (site_sessions), under the routes’ own checks', () => {
  const tokenOf = (cookie: string) => cookie.replace('guichet_session=', '');
  const onCommune = (cookie: string) => {
    const db = server.databases.app;
    return validateSessionToken({ lookups: createSessionLookups(db), inSite: (work) => withTenant(db, libercourt.id, work) }, tokenOf(cookie), { epciId: libercourt.epciId, tenantId: libercourt.id });
  };
  const onConsole = (cookie: string) => {
    const db = server.databases.app;
    return validateSessionToken({ lookups: createSessionLookups(db), inSite: (work) => withEpci(db, libercourt.epciId, work) }, tokenOf(cookie), { epciId: libercourt.epciId, tenantId: null });
  };

  it('finds a session on its own site, with an agent’s role', async () => {
    expect((await onCommune(cookies.libercourtCitizen))?.session.accountKind).toBe('citizen');
    expect((await onCommune(cookies.libercourtAgent))?.agentRole).toBe('commune_admin');
    expect((await onConsole(cookies.consoleStaff))?.session.accountKind).toBe('epci_staff');
  });

  it('finds no console session on a commune, and no commune session on the console', async () => {
    expect(await onCommune(cookies.consoleStaff)).toBeNull();
    expect(await onConsole(cookies.libercourtAgent)).toBeNull();
    expect(await onConsole(cookies.libercourtCitizen)).toBeNull();
  });

  it('gives no role to a disabled agent, whose session then opens nothing, even if it was left behind', async () => {
    const { cookie, agentId } = await agentSession(server.databases.app, libercourt, { email: 'site.desactive@libercourt.example.fr', role: 'agent', services: [] });
    expect((await get('libercourt', '/api/agent/auth/session', cookie)).status).toBe(200);
    // Disabling revokes the sessions too; this one is kept to check the role check on its own.
    await withTenant(server.databases.app, libercourt.id, (tx) => tx.execute(sql`update agents set disabled_at = now() where id = ${agentId}`));
    expect((await onCommune(cookie))?.agentRole).toBeNull();
    expect((await get('libercourt', '/api/agent/auth/session', cookie)).status).toBe(401);
  });

  it('finds nothing with a wrong secret', async () => {
    const [id] = tokenOf(cookies.libercourtCitizen).split('.');
    expect(await onCommune(`guichet_session=${id}.${'a'.repeat(32)}`)).toBeNull();
  });
});
