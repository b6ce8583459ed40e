import { and, desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, citizenAccounts, withEpci, type Tenant } from '@guichet/db';
import { createPeerBrowser } from '@guichet/franceconnect';
import { safeReturnPath } from '@guichet/identity';
import {
  communeBySlug,
  franceConnectCallback,
  franceConnectRoundTrip,
  httpClient,
  listen,
  mailedLink,
  onHost,
  readJson,
  startServer,
  type TestServer,
} from '@guichet/testing';
import { createApp } from '../src/app.ts';

let server: TestServer;
let libercourt: Tenant;

beforeAll(async () => {
  server = await startServer();
  libercourt = await communeBySlug(server.databases.app, 'libercourt');
});
afterAll(() => server?.close());

let lastIp = 0;
/** A browser on one portal with an address of its own, so that per-IP limits stay per test. */
function browser(slug: string, on: TestServer = server) {
  const client = httpClient(on, slug, { ip: `203.0.113.${(lastIp += 1)}` });
  return { client, api: client.api, get: client.get, post: client.post };
}
type Browser = ReturnType<typeof browser>;

/** The token of a mailed link (`?jeton=`). */
function tokenOf(link: URL): string {
  const token = link.searchParams.get('jeton');
  if (!token) throw new Error(`No token in ${link.href}`);
  return token;
}

async function refusedWith(response: Response, code: string) {
  expect(response.status).toBe(302);
  expect(response.headers.get('location')).toBe(`/connexion?erreur=${code}`);
}

async function messageFor(citizen: Browser, location: string) {
  const code = new URL(location, 'http://portail').searchParams.get('erreur');
  if (!code) throw new Error(`No error code in ${location}`);
  return (await readJson(await citizen.api.auth.erreurs[':code'].$get({ param: { code } }))).message as string;
}

async function failedFranceConnectCodes() {
  const events = await withEpci(server.databases.app, libercourt.epciId, (tx) =>
    tx.select().from(auditEvents).where(and(eq(auditEvents.action, 'sign_in_failed'), sql`${auditEvents.details}->>'method' = 'franceconnect'`)),
  );
  return events.map((event) => (event.details as { code: string }).code);
}

async function signUpAndConfirm(slug: string, email: string, password: string) {
  const citizen = browser(slug);
  const after = new Date();
  await citizen.api.auth.inscription.$post({ json: { email, password, acceptTerms: true } });
  const link = await mailedLink(server.mailbox, { to: email, path: '/verifier-email', after });
  expect((await citizen.api.auth.verification.$post({ json: { token: tokenOf(link) } })).status).toBe(200);
}

describe('FranceConnect callbacks that must be refused', () => {
  it('refuses a callback whose state was tampered with, in French, and opens no session', async () => {
    const citizen = browser('libercourt');
    const callback = await franceConnectCallback(citizen, createPeerBrowser(), 'lucas');
    callback.searchParams.set('state', `${callback.searchParams.get('state')!.slice(0, -1)}x`);

    const answer = await citizen.get(`${callback.pathname}${callback.search}`);

    await refusedWith(answer, 'state_mismatch');
    expect(answer.headers.getSetCookie().some((cookie) => cookie.startsWith('guichet_session=') && !cookie.startsWith('guichet_session=;'))).toBe(false);
    expect(await messageFor(citizen, answer.headers.get('location')!)).toBe(
      'Votre demande de connexion avec FranceConnect a expiré ou a déjà été utilisée. Veuillez recommencer la connexion.',
    );
    expect((await citizen.api.compte.$get()).status).toBe(401);
    expect(await failedFranceConnectCodes()).toContain('state_mismatch');
  });

  it('refuses a callback without the flow cookie that started it (login CSRF)', async () => {
    const victim = browser('libercourt');
    const attackerCallback = await franceConnectCallback(browser('libercourt'), createPeerBrowser(), 'lucas');

    await refusedWith(await victim.get(`${attackerCallback.pathname}${attackerCallback.search}`), 'state_mismatch');
    expect((await victim.api.compte.$get()).status).toBe(401);
  });

  it('refuses a replayed callback and a replayed code', async () => {
    const citizen = browser('libercourt');
    const callback = await franceConnectCallback(citizen, createPeerBrowser(), 'lucas');
    expect((await citizen.get(`${callback.pathname}${callback.search}`)).headers.get('location')).toBe('/mon-compte');

    // The same callback again: its flow is spent.
    await refusedWith(await citizen.get(`${callback.pathname}${callback.search}`), 'state_mismatch');

    // The same code under a fresh flow's state: FranceConnect refuses a code used once.
    const another = browser('libercourt');
    const started = await another.api.auth.franceconnect.$get({ query: {} });
    const freshState = new URL(started.headers.get('location')!).searchParams.get('state')!;
    const replay = new URL(callback);
    replay.searchParams.set('state', freshState);
    const answer = await another.get(`${replay.pathname}${replay.search}`);
    await refusedWith(answer, 'code_rejected');
    expect(await messageFor(another, answer.headers.get('location')!)).toMatch(/a expiré ou a déjà été utilisée/);
    expect((await another.api.compte.$get()).status).toBe(401);
  });

  it('refuses an ID token whose nonce belongs to another sign-in', async () => {
    const citizen = browser('libercourt');
    const mine = await citizen.api.auth.franceconnect.$get({ query: {} });
    const myState = new URL(mine.headers.get('location')!).searchParams.get('state')!;
    // Someone else's authorization request (their nonce), sent back under my state.
    const theirs = await browser('libercourt').api.auth.franceconnect.$get({ query: {} });
    const crossed = new URL(theirs.headers.get('location')!);
    crossed.searchParams.set('state', myState);
    const callback = await createPeerBrowser().signIn(crossed, { person: 'lucas' });

    const answer = await citizen.get(`${callback.pathname}${callback.search}`);

    await refusedWith(answer, 'nonce_mismatch');
    expect(await messageFor(citizen, answer.headers.get('location')!)).toBe(
      "La connexion avec FranceConnect n'a pas pu être vérifiée. Veuillez recommencer la connexion.",
    );
    expect((await citizen.api.compte.$get()).status).toBe(401);
  });

  it('tells the citizen who went back from FranceConnect that the connection was cancelled', async () => {
    const citizen = browser('libercourt');
    const started = await citizen.api.auth.franceconnect.$get({ query: {} });
    const callback = await createPeerBrowser().signIn(started.headers.get('location')!, 'cancel');

    const answer = await citizen.get(`${callback.pathname}${callback.search}`);
    await refusedWith(answer, 'cancelled');
    expect(await messageFor(citizen, answer.headers.get('location')!)).toMatch(/^La connexion avec FranceConnect a été annulée\./);
  });

  it('refuses a FranceConnect logout return whose state is not the one kept', async () => {
    const citizen = browser('libercourt');
    const peer = createPeerBrowser();
    await franceConnectRoundTrip(citizen, peer, 'lucas');
    const { redirect } = await readJson(await citizen.api.auth.deconnexion.$post());
    const back = await peer.signOut(redirect);
    back.searchParams.set('state', 'etat-forge-par-un-tiers-etat-forge-par-un-tiers');

    const answer = await citizen.get(`${back.pathname}${back.search}`);
    expect(answer.headers.get('location')).toBe('/connexion?erreur=signed_out_unconfirmed');
    expect((await citizen.api.compte.$get()).status).toBe(401);
  });

  it('never sends the citizen elsewhere than this portal after signing in', async () => {
    for (const target of ['//evil.example/x', 'https://evil.example', '/\\evil.example', '/api/compte/deconnexion-partout', 'javascript:alert(1)']) {
      expect(safeReturnPath(target), target).toBe('/mon-compte');
    }
    expect(safeReturnPath('/mes-demandes?page=2#haut')).toBe('/mes-demandes?page=2#haut');

    const citizen = browser('libercourt');
    const answer = await franceConnectRoundTrip(citizen, createPeerBrowser(), 'lucas', `/api/auth/franceconnect?retour=${encodeURIComponent('//evil.example')}`);
    expect(answer.headers.get('location')).toBe('/mon-compte');
  });
});

describe('signatures FranceConnect did not make', () => {
  let relayed: TestServer;
  beforeAll(async () => {
    relayed = await startServer({ franceconnectRelay: true });
  });
  afterAll(() => relayed?.close());

  function flipSignature(jwt: string): string {
    const [header, payload, signature = ''] = jwt.split('.');
    const flipped = signature.startsWith('A') ? `B${signature.slice(1)}` : `A${signature.slice(1)}`;
    return `${header}.${payload}.${flipped}`;
  }

  it('signs in when nothing is altered on the way', async () => {
    const citizen = browser('libercourt', relayed);
    const answer = await franceConnectRoundTrip(citizen, createPeerBrowser(), 'lucas');
    expect(answer.headers.get('location')).toBe('/mon-compte');
  });

  it('refuses an ID token whose signature was altered', async () => {
    const citizen = browser('libercourt', relayed);
    const callback = await franceConnectCallback(citizen, createPeerBrowser(), 'lucas');
    relayed.franceconnectRelay!.alter((pathname, body) => {
      if (!pathname.endsWith('/token')) return body;
      const tokens = JSON.parse(body) as { id_token: string };
      return JSON.stringify({ ...tokens, id_token: flipSignature(tokens.id_token) });
    });
    try {
      const answer = await citizen.get(`${callback.pathname}${callback.search}`);
      await refusedWith(answer, 'verification_failed');
      expect(await messageFor(citizen, answer.headers.get('location')!)).toBe(
        "La connexion avec FranceConnect n'a pas pu être vérifiée. Veuillez recommencer la connexion.",
      );
    } finally {
      relayed.franceconnectRelay!.restore();
    }
    expect((await citizen.api.compte.$get()).status).toBe(401);
  });

  it('refuses a userinfo whose signature was altered', async () => {
    const citizen = browser('libercourt', relayed);
    const callback = await franceConnectCallback(citizen, createPeerBrowser(), 'lucas');
    relayed.franceconnectRelay!.alter((pathname, body) => (pathname.endsWith('/userinfo') ? flipSignature(body) : body));
    try {
      await refusedWith(await citizen.get(`${callback.pathname}${callback.search}`), 'verification_failed');
    } finally {
      relayed.franceconnectRelay!.restore();
    }
  });
});

describe('passwords and brute force', () => {
  it('locks an account after five wrong passwords, says so in French with Retry-After, and audits it', async () => {
    const email = 'cible@example.org';
    await signUpAndConfirm('libercourt', email, 'le vrai mot de passe');
    const attacker = browser('libercourt');
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      expect((await attacker.api.auth.connexion.$post({ json: { email, password: `essai ${attempt}` } })).status).toBe(401);
    }

    const locked = await attacker.api.auth.connexion.$post({ json: { email, password: 'le vrai mot de passe' } });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(800);
    expect(await readJson(locked)).toMatchObject({ title: 'Trop de tentatives.', detail: expect.stringMatching(/^Par sécurité, cette action est bloquée pendant 15 minutes/) });
    // The lock is the account's: another address does not lift it.
    expect((await browser('carvin').api.auth.connexion.$post({ json: { email, password: 'le vrai mot de passe' } })).status).toBe(429);

    const [account] = await withEpci(server.databases.app, libercourt.epciId, (tx) =>
      tx.select().from(citizenAccounts).where(eq(sql`lower(${citizenAccounts.email})`, email)),
    );
    const actions = await withEpci(server.databases.app, libercourt.epciId, (tx) =>
      tx.select({ action: auditEvents.action, details: auditEvents.details }).from(auditEvents).where(eq(auditEvents.subjectId, account!.id)).orderBy(desc(auditEvents.id)),
    );
    expect(actions.filter((event) => event.action === 'account_locked')).toHaveLength(1);
    expect(actions.filter((event) => event.action === 'sign_in_failed').length).toBeGreaterThanOrEqual(6);
    // The log holds ids, never the address.
    expect(JSON.stringify(actions)).not.toContain(email);
  });

  it('answers an unknown address exactly like a wrong password, and limits it the same way', async () => {
    await signUpAndConfirm('libercourt', 'existe@example.org', 'une phrase de passe solide');
    const known = await browser('libercourt').api.auth.connexion.$post({ json: { email: 'existe@example.org', password: 'mauvais mot de passe' } });
    const unknown = await browser('libercourt').api.auth.connexion.$post({ json: { email: 'existe.pas@example.org', password: 'mauvais mot de passe' } });

    expect(unknown.status).toBe(known.status);
    expect(await readJson(unknown)).toEqual(await readJson(known));
    const guesser = browser('libercourt');
    for (let attempt = 0; attempt < 5; attempt += 1) await guesser.api.auth.connexion.$post({ json: { email: 'personne@example.org', password: 'x' } });
    expect((await guesser.api.auth.connexion.$post({ json: { email: 'personne@example.org', password: 'x' } })).status).toBe(429);
  });

  it('refuses a sign-up with a short password or without consent, field by field, and creates nothing', async () => {
    const answer = await browser('libercourt').post('/api/auth/inscription', { email: 'pas-une-adresse', password: 'court' });
    expect(answer.status).toBe(422);
    const problem = await readJson(answer);
    expect(problem.errors.map((error: { field: string }) => error.field).sort()).toEqual(['acceptTerms', 'email', 'password']);
    expect(problem.errors.find((error: { field: string }) => error.field === 'password').message).toBe('Le mot de passe doit contenir au moins 12 caractères.');
  });

  it('refuses a reset link used twice or forged', async () => {
    const forged = await browser('libercourt').api.auth['mot-de-passe'].reinitialisation.$post({ json: { token: 'a'.repeat(43), password: 'un mot de passe solide' } });
    expect(forged.status).toBe(400);
    expect((await readJson(forged)).title).toBe('Ce lien n’est plus valable.');
  });

  it('does not accept a reset link issued by one commune on another commune’s portal', async () => {
    const email = 'lien.commune@example.org';
    await signUpAndConfirm('libercourt', email, 'une phrase de passe solide');
    const after = new Date();
    await browser('libercourt').api.auth['mot-de-passe'].oubli.$post({ json: { email } });
    const link = await mailedLink(server.mailbox, { to: email, path: '/reinitialiser-mot-de-passe', after });

    const elsewhere = await browser('carvin').api.auth['mot-de-passe'].reinitialisation.$post({ json: { token: tokenOf(link), password: 'un autre mot de passe' } });
    expect(elsewhere.status).toBe(400);
  });
});

describe('sessions and requests from elsewhere', () => {
  it('refuses a state-changing request without an Origin, or from another site', async () => {
    const request = onHost(server, 'libercourt');
    const body = JSON.stringify({ email: 'a@example.org', password: 'une phrase de passe solide' });
    const headers = { 'content-type': 'application/json' };
    for (const origin of [undefined, `http://carvin.localhost:${server.port}`, 'https://evil.example']) {
      const answer = await request('/api/auth/connexion', { method: 'POST', body, headers: origin ? { ...headers, origin } : headers });
      expect(answer.status, origin).toBe(403);
      expect((await readJson(answer)).title).toBe('Requête refusée : elle ne provient pas de ce site.');
    }
  });

  it('keeps a session to the portal that opened it: a libercourt cookie is refused on carvin', async () => {
    const email = 'deux.portails@example.org';
    await signUpAndConfirm('libercourt', email, 'une phrase de passe solide');
    const onLibercourt = browser('libercourt');
    await onLibercourt.api.auth.connexion.$post({ json: { email, password: 'une phrase de passe solide' } });
    const cookie = onLibercourt.client.cookieHeader();
    expect(cookie).toContain('guichet_session=');

    const onCarvin = onHost(server, 'carvin');
    expect((await onCarvin('/api/compte', { headers: { cookie } })).status).toBe(401);
    expect(await readJson(await onCarvin('/api/auth/session', { headers: { cookie } }))).toMatchObject({ signedIn: false });
    // Still good where it was opened.
    expect((await onLibercourt.api.compte.$get()).status).toBe(200);
  });

  it('requires a signed-in citizen for the account', async () => {
    const citizen = browser('libercourt');
    const answer = await citizen.api.compte.$get();
    expect(answer.status).toBe(401);
    expect((await readJson(answer)).title).toBe('Vous devez vous connecter pour accéder à cette page.');
    expect((await citizen.api.compte['deconnexion-partout'].$post()).status).toBe(401);
  });

  it('has no development mailbox when mail is not captured', async () => {
    const withoutCapture = createApp({ ...server.dependencies, identity: { ...server.dependencies.identity, mailbox: undefined } });
    const listening = await listen(withoutCapture.fetch);
    try {
      expect((await onHost(listening, 'libercourt')('/api/dev/courriels')).status).toBe(404);
    } finally {
      await listening.close();
    }
  });
});
