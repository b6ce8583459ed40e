import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, withTenant, type Tenant } from '@guichet/db';
import { createPeerBrowser } from '@guichet/franceconnect';
import { communeBySlug, httpClient, readJson, startServer, type TestServer } from '@guichet/testing';
import { createAgent, PASSWORD, signInAndEnrol, totpCode } from './agent-fixtures.ts';

let server: TestServer;
let libercourt: Tenant;
let carvin: Tenant;
const auth = '/api/agent/auth';

beforeAll(async () => {
  server = await startServer();
  libercourt = await communeBySlug(server.databases.app, 'libercourt');
  carvin = await communeBySlug(server.databases.app, 'carvin');
});
afterAll(() => server?.close());

const client = (slug = 'libercourt') => httpClient(server, slug, { ip: `10.1.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` });

async function auditOf(commune: Tenant, subjectId: string) {
  return withTenant(server.databases.app, commune.id, (tx) =>
    tx.select().from(auditEvents).where(and(eq(auditEvents.tenantId, commune.id), eq(auditEvents.subjectId, subjectId))).orderBy(auditEvents.id),
  );
}

describe('agent sign-in with password and TOTP', () => {
  it('enrols the second factor at first sign-in, then signs the agent in', async () => {
    const agent = await createAgent(server.databases.app, libercourt, { role: 'service_manager', services: ['etat-civil', 'urbanisme'], name: 'Hélène Martel' });
    const browser = client();
    await signInAndEnrol(browser, 'agent', agent);
    const me = await browser.api.agent.auth.moi.$get();
    expect(me.status).toBe(200);
    expect(await readJson(me)).toMatchObject({
      id: agent.id,
      displayName: 'Hélène Martel',
      role: 'service_manager',
      status: 'active',
      secondFactor: true,
      services: [
        { slug: 'etat-civil', name: 'État civil' },
        { slug: 'urbanisme', name: 'Urbanisme' },
      ],
      commune: { name: 'Libercourt' },
    });
    expect((await auditOf(libercourt, agent.id)).map((event) => event.action)).toEqual(['second_factor_enrolled', 'sign_in']);
  });

  it('asks for a code at the next sign-in and refuses a wrong or reused one', async () => {
    const agent = await createAgent(server.databases.app, libercourt, { role: 'agent' });
    const secret = await signInAndEnrol(client(), 'agent', agent);

    const browser = client();
    const signIn = await browser.api.agent.auth.connexion.$post({ json: { email: agent.email.toUpperCase(), password: PASSWORD } });
    expect(await readJson(signIn)).toEqual({ next: 'totp_verification' });
    expect(await readJson(await browser.api.agent.auth.session.$get())).toEqual({ stage: 'second_factor', enrolled: true });
    // Between the password and the code, the back office stays closed.
    const early = await browser.api.agent.auth.moi.$get();
    expect(early.status).toBe(401);
    expect((await readJson(early)).type).toMatch(/second-facteur-requis$/);
    // A second enrolment would let a password thief replace the app: refused.
    expect((await browser.api.agent.auth.totp.inscription.$post()).status).toBe(409);

    const wrong = await browser.api.agent.auth.totp.verification.$post({ json: { code: totpCode(secret, -5) } });
    expect(wrong.status).toBe(401);
    expect((await readJson(wrong)).title).toBe('Code incorrect ou déjà utilisé.');
    // The enrolment used the current step's code: the same code again is a replay.
    expect((await browser.api.agent.auth.totp.verification.$post({ json: { code: totpCode(secret) } })).status).toBe(401);
    const next = await browser.api.agent.auth.totp.verification.$post({ json: { code: totpCode(secret, 1) } });
    expect(next.status).toBe(200);
    expect((await browser.api.agent.auth.moi.$get()).status).toBe(200);
    const actions = (await auditOf(libercourt, agent.id)).map((event) => event.action);
    expect(actions.filter((action) => action === 'second_factor_failed')).toHaveLength(2);
    expect(actions.at(-1)).toBe('sign_in');
  });

  it('keeps the TOTP secret sealed in the database', async () => {
    const agent = await createAgent(server.databases.app, libercourt, { role: 'agent' });
    const secret = await signInAndEnrol(client(), 'agent', agent);
    const [row] = await server.databases.ownerClient.begin(async (sql) => {
      await sql`select set_config('app.tenant_id', ${libercourt.id}, true)`;
      return sql`select totp_secret from agents where id = ${agent.id}`;
    });
    expect(row!.totp_secret).toMatch(/^v1\./);
    expect(row!.totp_secret).not.toContain(secret);
  });

  it('signs out of this browser, or of every browser', async () => {
    const agent = await createAgent(server.databases.app, libercourt, { role: 'agent' });
    const office = client();
    const secret = await signInAndEnrol(office, 'agent', agent);
    const home = client();
    await home.api.agent.auth.connexion.$post({ json: { email: agent.email, password: PASSWORD } });
    expect((await home.api.agent.auth.totp.verification.$post({ json: { code: totpCode(secret, 1) } })).status).toBe(200);
    expect((await office.api.agent.auth.deconnexion.$post()).status).toBe(200);
    expect((await office.api.agent.auth.moi.$get()).status).toBe(401);
    expect((await home.api.agent.auth.moi.$get()).status).toBe(200);

    // A third browser half-way through (password given, code not yet) is signed out too.
    const third = client();
    await third.api.agent.auth.connexion.$post({ json: { email: agent.email, password: PASSWORD } });
    const everywhere = await home.api.agent.auth['deconnexion-partout'].$post();
    expect(await readJson(everywhere)).toEqual({ signedOut: true, sessions: 2 });
    expect((await home.api.agent.auth.moi.$get()).status).toBe(401);
    expect((await third.api.agent.auth.session.$get()).status).toBe(401);
    expect((await auditOf(libercourt, agent.id)).map((event) => event.action)).toContain('sessions_revoked');
  });
});

describe('invitation of an agent', () => {
  it('mails a single-use link with which the agent chooses a password and enrols TOTP', async () => {
    const admin = await createAgent(server.databases.app, libercourt, { role: 'commune_admin', name: 'Nadia Admin' });
    const adminBrowser = client();
    await signInAndEnrol(adminBrowser, 'agent', admin);
    const email = `invite-${Date.now()}@libercourt.example.fr`;
    const invited = await adminBrowser.api.agent.administration.agents.$post({
      json: { email, displayName: 'Bruno Lemaire', role: 'agent', services: ['ccas'] },
    });
    expect(invited.status).toBe(201);
    const { id } = await readJson(invited);

    const mail = await server.mailbox.waitFor((message) => message.to.includes(email));
    expect(mail.subject).toBe('Invitation à rejoindre l’espace agents – Libercourt');
    expect(mail.text).toContain('Nadia Admin vous invite');
    const link = new URL(/http:\/\/\S+\/agent\/activer\?jeton=[a-z0-9]+/.exec(mail.text)![0]);
    expect(link.host).toBe(`libercourt.localhost:${server.port}`);
    const token = link.searchParams.get('jeton')!;

    const agent = client();
    expect(await readJson(await agent.api.agent.auth.invitation.$post({ json: { token } }))).toEqual({ displayName: 'Bruno Lemaire', email });
    const short = await agent.post(`${auth}/activation`, { token, password: 'court' });
    expect(short.status).toBe(422);
    expect((await readJson(short)).errors).toEqual([expect.objectContaining({ field: 'password', message: 'Au moins 12 caractères' })]);
    const activation = await agent.api.agent.auth.activation.$post({ json: { token, password: 'cheval agrafe pile correcte' } });
    expect(await readJson(activation)).toEqual({ next: 'totp_enrolment' });
    const { secret } = await readJson(await agent.api.agent.auth.totp.inscription.$post());
    expect((await agent.api.agent.auth.totp.activation.$post({ json: { code: totpCode(secret) } })).status).toBe(200);
    expect(await readJson(await agent.api.agent.auth.moi.$get())).toMatchObject({ id, displayName: 'Bruno Lemaire', role: 'agent', status: 'active', services: [{ slug: 'ccas' }] });

    // Single use: the link cannot set a password twice.
    const again = await client().api.agent.auth.activation.$post({ json: { token, password: 'un autre mot de passe' } });
    expect(again.status).toBe(410);
    // The chosen password works for the next sign-in.
    expect((await client().api.agent.auth.connexion.$post({ json: { email, password: 'cheval agrafe pile correcte' } })).status).toBe(200);
    expect((await auditOf(libercourt, id)).map((event) => event.action)).toEqual(['agent_invited', 'password_changed', 'second_factor_enrolled', 'sign_in']);
  });

  it('is refused on another commune’s host', async () => {
    const admin = await createAgent(server.databases.app, libercourt, { role: 'commune_admin' });
    const adminBrowser = client();
    await signInAndEnrol(adminBrowser, 'agent', admin);
    const email = `invite-b-${Date.now()}@libercourt.example.fr`;
    await adminBrowser.api.agent.administration.agents.$post({ json: { email, displayName: 'Léa Fournier', role: 'agent', services: ['ccas'] } });
    const mail = await server.mailbox.waitFor((message) => message.to.includes(email));
    const token = /jeton=([a-z0-9]+)/.exec(mail.text)![1]!;
    expect((await client('carvin').api.agent.auth.invitation.$post({ json: { token } })).status).toBe(410);
    expect((await client('carvin').api.agent.auth.activation.$post({ json: { token, password: 'un mot de passe assez long' } })).status).toBe(410);
  });

  it('cannot be scanned for: one address gets 30 reads or activations a quarter of an hour, then 429', async () => {
    const scanner = httpClient(server, 'libercourt', { ip: '10.31.31.31' });
    for (let attempt = 0; attempt < 30; attempt += 1) {
      const tried = attempt % 2 === 0
        ? await scanner.api.agent.auth.invitation.$post({ json: { token: `jeton-invente-${String(attempt).padStart(4, '0')}` } })
        : await scanner.api.agent.auth.activation.$post({ json: { token: `jeton-invente-${String(attempt).padStart(4, '0')}`, password: 'un mot de passe assez long' } });
      expect(tried.status).toBe(410);
    }
    const refused = await scanner.api.agent.auth.invitation.$post({ json: { token: 'jeton-invente-final' } });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});

describe('public addresses behind a TLS-terminating proxy (TRUST_PROXY)', () => {
  it('writes the https address the browser sees in an invitation and in Open311’s discovery', async () => {
    const admin = await createAgent(server.databases.app, libercourt, { role: 'commune_admin' });
    const adminBrowser = client();
    await signInAndEnrol(adminBrowser, 'agent', admin);
    const email = `invite-proxy-${Date.now()}@libercourt.example.fr`;
    const invited = await adminBrowser.request('/api/agent/administration/agents', {
      method: 'POST',
      json: { email, displayName: 'Inès Caron', role: 'agent', services: ['ccas'] },
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(invited.status).toBe(201);
    const mail = await server.mailbox.waitFor((message) => message.to.includes(email));
    expect(mail.text).toMatch(new RegExp(`https://libercourt\\.localhost:${server.port}/agent/activer\\?jeton=`));

    const discovery = await readJson(await client().get('/open311/v2/discovery.json', { 'x-forwarded-proto': 'https' }));
    expect(discovery.endpoints[0].url).toBe(`https://libercourt.localhost:${server.port}/open311/v2`);
  });
});

describe('sign-in through the commune’s identity provider (ProConnect)', () => {
  const proconnect = async (browser: ReturnType<typeof client>, person: string) => {
    const start = await browser.api.agent.auth.fournisseur.connexion.$get();
    expect(start.status).toBe(302);
    const authorization = new URL(start.headers.get('location')!);
    expect(authorization.origin).toBe(new URL(server.proconnectPeer!.issuer).origin);
    expect(authorization.searchParams.get('scope')).toBe('openid given_name usual_name email uid siret');
    const callback = await createPeerBrowser().signIn(authorization, { person });
    expect(callback.pathname).toBe('/api/agent/auth/fournisseur/retour');
    return browser.get(`${callback.pathname}${callback.search}`);
  };

  it('offers the provider on the commune that declares one only', async () => {
    expect(await readJson(await client('carvin').api.agent.auth.options.$get())).toEqual({ provider: { kind: 'proconnect', label: 'ProConnect' } });
    expect(await readJson(await client('libercourt').api.agent.auth.options.$get())).toEqual({ provider: null });
    expect((await client('libercourt').api.agent.auth.fournisseur.connexion.$get()).status).toBe(404);
  });

  it('links a declared agent by the verified e-mail on first use, then by the subject', async () => {
    const browser = client('carvin');
    const back = await proconnect(browser, 'claire-vasseur-carvin-example-fr');
    expect(back.status).toBe(302);
    expect(back.headers.get('location')).toBe('/agent');
    const me = await readJson(await browser.api.agent.auth.moi.$get());
    expect(me).toMatchObject({ displayName: 'Claire Vasseur', role: 'agent', providerLinked: true, authMethod: 'proconnect' });
    const actions = (await auditOf(carvin, me.id)).map((event) => event.action);
    expect(actions).toContain('sign_in');

    const later = client('carvin');
    expect((await proconnect(later, 'claire-vasseur-carvin-example-fr')).headers.get('location')).toBe('/agent');
    expect((await readJson(await later.api.agent.auth.moi.$get())).id).toBe(me.id);
    expect((await auditOf(carvin, me.id)).filter((event) => event.action === 'identity_linked')).toHaveLength(1);
  });

  it('refuses a ProConnect identity that is no agent of the commune', async () => {
    const browser = client('carvin');
    const back = await proconnect(browser, 'marie');
    expect(back.headers.get('location')).toBe('/agent/connexion?erreur=unknown_agent');
    expect((await browser.api.agent.auth.session.$get()).status).toBe(401);
  });

  it('still asks an administrator for the TOTP second factor', async () => {
    const browser = client('carvin');
    const back = await proconnect(browser, 'sophie-marchand-carvin-example-fr');
    expect(back.headers.get('location')).toBe('/agent/connexion');
    expect(await readJson(await browser.api.agent.auth.session.$get())).toMatchObject({ stage: 'second_factor' });
    expect((await browser.api.agent.administration.agents.$get()).status).toBe(401);
  });

  it('refuses a callback replayed or without its flow', async () => {
    const browser = client('carvin');
    const start = await browser.api.agent.auth.fournisseur.connexion.$get();
    const callback = await createPeerBrowser().signIn(start.headers.get('location')!, { person: 'claire-vasseur-carvin-example-fr' });
    // Another browser (no flow cookie) brings the callback: refused.
    expect((await client('carvin').get(`${callback.pathname}${callback.search}`)).headers.get('location')).toBe('/agent/connexion?erreur=expired');
    expect((await browser.get(`${callback.pathname}${callback.search}`)).headers.get('location')).toBe('/agent');
    // The flow is spent: the same callback again is refused.
    expect((await browser.get(`${callback.pathname}${callback.search}`)).headers.get('location')).toBe('/agent/connexion?erreur=expired');
  });
});
