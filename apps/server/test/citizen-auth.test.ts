import { and, desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, citizenAccounts, withEpci, type Tenant } from '@guichet/db';
import { createPeerBrowser } from '@guichet/franceconnect';
import {
  communeBySlug,
  franceConnectRoundTrip,
  httpClient,
  mailedLink,
  readJson,
  startServer,
  type TestServer,
} from '@guichet/testing';

let server: TestServer;
const communes: Record<string, Tenant> = {};

beforeAll(async () => {
  server = await startServer();
  for (const slug of ['libercourt', 'carvin', 'lavaur']) communes[slug] = await communeBySlug(server.databases.app, slug);
});
afterAll(() => server?.close());

let lastIp = 0;
/**
 * A browser on one portal, from an address of its own (the test server trusts X-Forwarded-For),
 * so that per-IP limits of one test do not spill into another.
 */
function browser(slug: string) {
  const client = httpClient(server, slug, { ip: `198.51.100.${(lastIp += 1)}` });
  return { client, api: client.api, get: client.get, patch: client.patch };
}
type Browser = ReturnType<typeof browser>;

/** The token of a mailed link (`?jeton=`). */
function tokenOf(link: URL): string {
  const token = link.searchParams.get('jeton');
  if (!token) throw new Error(`No token in ${link.href}`);
  return token;
}

/** Accounts and audit rows as the EPCI sees them (the application role, under RLS). */
function inEpci<T>(slug: string, work: Parameters<typeof withEpci<T>>[2]) {
  return withEpci(server.databases.app, communes[slug]!.epciId, work);
}

async function accountsWithEmail(slug: string, email: string) {
  return inEpci(slug, (tx) => tx.select().from(citizenAccounts).where(eq(sql`lower(${citizenAccounts.email})`, email)));
}

async function auditOf(slug: string, accountId: string) {
  return inEpci(slug, (tx) =>
    tx.select().from(auditEvents).where(and(eq(auditEvents.subjectKind, 'citizen'), eq(auditEvents.subjectId, accountId))).orderBy(desc(auditEvents.id)),
  );
}

/** Signs up, follows the mailed link, and returns the browser that did it (still signed out). */
async function signUpAndConfirm(slug: string, email: string, password: string): Promise<Browser> {
  const citizen = browser(slug);
  const after = new Date();
  expect((await citizen.api.auth.inscription.$post({ json: { email, password, acceptTerms: true } })).status).toBe(202);
  const link = await mailedLink(server.mailbox, { to: email, path: '/verifier-email', after });
  expect((await citizen.api.auth.verification.$post({ json: { token: tokenOf(link) } })).status).toBe(200);
  return citizen;
}

async function signIn(citizen: Browser, email: string, password: string) {
  return citizen.api.auth.connexion.$post({ json: { email, password } });
}

describe('FranceConnect sign-in', () => {
  it('creates an account with the identity FranceConnect vouches for, then reuses it', async () => {
    const citizen = browser('libercourt');
    const callback = await franceConnectRoundTrip(citizen, createPeerBrowser(), 'angela', '/api/auth/franceconnect?retour=/mon-compte');

    expect(callback.status).toBe(302);
    expect(callback.headers.get('location')).toBe('/mon-compte');
    const account = await readJson(await citizen.api.compte.$get());
    expect(account).toMatchObject({
      email: 'angela.dubois@example.org',
      identityVerified: true,
      identity: {
        givenName: 'Angela Claire Louise',
        familyName: 'DUBOIS',
        birthdate: '1962-08-24',
        birthplace: '75107',
        birthcountry: '99100',
        gender: 'female',
      },
      methods: { franceconnect: true, password: false },
    });

    const again = browser('libercourt');
    expect((await franceConnectRoundTrip(again, createPeerBrowser(), 'angela')).status).toBe(302);
    expect((await again.api.compte.$get()).status).toBe(200);
    const [only, ...others] = await accountsWithEmail('libercourt', 'angela.dubois@example.org');
    expect(others).toEqual([]);
    const audit = await auditOf('libercourt', only!.id);
    expect(audit.filter((event) => event.action === 'sign_in').map((event) => event.details)).toEqual([
      expect.objectContaining({ method: 'franceconnect', accountCreated: false }),
      expect.objectContaining({ method: 'franceconnect', accountCreated: true }),
    ]);
  });

  it('uses the same account on another commune of the EPCI, and another account in another EPCI', async () => {
    const peer = createPeerBrowser();
    await franceConnectRoundTrip(browser('libercourt'), peer, 'angela');
    const onCarvin = browser('carvin');
    expect((await franceConnectRoundTrip(onCarvin, peer, 'angela')).status).toBe(302);
    const onLavaur = browser('lavaur');
    expect((await franceConnectRoundTrip(onLavaur, peer, 'angela')).status).toBe(302);

    expect(await accountsWithEmail('carvin', 'angela.dubois@example.org')).toHaveLength(1);
    const [agglo] = await accountsWithEmail('libercourt', 'angela.dubois@example.org');
    const [tarn] = await accountsWithEmail('lavaur', 'angela.dubois@example.org');
    expect(tarn!.id).not.toBe(agglo!.id);
    expect(tarn!.epciId).toBe(communes.lavaur!.epciId);
    expect((await readJson(await onLavaur.api.compte.$get())).identity.familyName).toBe('DUBOIS');
  });

  it('signs out of the portal and of FranceConnect, checking the state FranceConnect brings back', async () => {
    const citizen = browser('libercourt');
    const peer = createPeerBrowser();
    await franceConnectRoundTrip(citizen, peer, 'angela');

    const signOut = await readJson(await citizen.api.auth.deconnexion.$post());
    expect(new URL(signOut.redirect).href.startsWith(server.franceconnectPeer.issuer)).toBe(true);
    expect(new URL(signOut.redirect).searchParams.get('id_token_hint')).toBeTruthy();
    expect((await citizen.api.compte.$get()).status).toBe(401);

    const back = await peer.signOut(signOut.redirect);
    expect(back.pathname).toBe('/api/auth/franceconnect/deconnecte');
    const landed = await citizen.get(`${back.pathname}${back.search}`);
    expect(landed.status).toBe(302);
    expect(landed.headers.get('location')).toBe('/');

    // FranceConnect's session is over too: the next sign-in shows its page again, where the
    // person can decline (with a live session, FranceConnect would answer at once with a code).
    const started = await citizen.api.auth.franceconnect.$get({ query: {} });
    const declined = await peer.signIn(started.headers.get('location')!, 'cancel');
    expect(declined.searchParams.get('error')).toBe('access_denied');
  });

  it('signs out of the portal only after a password sign-in', async () => {
    const citizen = await signUpAndConfirm('libercourt', 'sortie.simple@example.org', 'une phrase de passe solide');
    await signIn(citizen, 'sortie.simple@example.org', 'une phrase de passe solide');

    expect(await readJson(await citizen.api.auth.deconnexion.$post())).toEqual({ redirect: '/' });
    expect((await citizen.api.compte.$get()).status).toBe(401);
  });
});

describe('e-mail and password', () => {
  it('signs up, confirms the address by the mailed link, then signs in', async () => {
    const citizen = browser('libercourt');
    const email = 'camille.martin@example.org';
    const after = new Date();
    const signedUp = await citizen.api.auth.inscription.$post({ json: { email, password: 'correct horse battery', acceptTerms: true } });
    expect(signedUp.status).toBe(202);

    const refused = await signIn(citizen, email, 'correct horse battery');
    expect(refused.status).toBe(403);
    expect((await readJson(refused)).title).toBe('Votre adresse e-mail n’est pas encore confirmée.');

    const link = await mailedLink(server.mailbox, { to: email, path: '/verifier-email', after });
    expect(link.host).toBe(citizen.client.host);
    const mail = server.mailbox.messages().find((message) => message.to.includes(email))!;
    expect(mail.subject).toBe('Confirmez votre adresse e-mail');
    expect(mail.html).toContain('Libercourt');

    expect((await citizen.api.auth.verification.$post({ json: { token: tokenOf(link) } })).status).toBe(200);
    const reused = await citizen.api.auth.verification.$post({ json: { token: tokenOf(link) } });
    expect(reused.status).toBe(400);
    expect((await readJson(reused)).title).toBe('Ce lien n’est plus valable.');

    const signedIn = await signIn(citizen, email, 'correct horse battery');
    expect(signedIn.status).toBe(200);
    expect(await readJson(signedIn)).toEqual({ redirect: '/mon-compte' });
    expect(await readJson(await citizen.api.compte.$get())).toMatchObject({
      email,
      emailVerified: true,
      identityVerified: false,
      methods: { franceconnect: false, password: true },
    });
    const [account] = await accountsWithEmail('libercourt', email);
    expect((await auditOf('libercourt', account!.id)).map((event) => event.action)).toEqual(['sign_in', 'email_verified', 'sign_in_failed']);
  });

  it('mails a new confirmation link on request', async () => {
    const citizen = browser('carvin');
    const email = 'relance@example.org';
    await citizen.api.auth.inscription.$post({ json: { email, password: 'une phrase de passe solide', acceptTerms: true } });
    const first = await mailedLink(server.mailbox, { to: email, path: '/verifier-email', after: new Date(0) });
    const after = new Date();
    expect((await citizen.api.auth.verification.renvoi.$post({ json: { email } })).status).toBe(202);
    const second = await mailedLink(server.mailbox, { to: email, path: '/verifier-email', after });
    expect(second.searchParams.get('jeton')).not.toBe(first.searchParams.get('jeton'));
    expect((await citizen.api.auth.verification.$post({ json: { token: tokenOf(second) } })).status).toBe(200);
  });

  it('answers a sign-up with a taken address like any other, and tells the owner by mail', async () => {
    const email = 'deja.inscrite@example.org';
    await signUpAndConfirm('libercourt', email, 'une phrase de passe solide');
    const after = new Date();
    const again = await browser('oignies').api.auth.inscription.$post({ json: { email, password: 'un autre mot de passe', acceptTerms: true } });

    expect(again.status).toBe(202);
    expect(await readJson(again)).toEqual({ status: 'confirmation_sent' });
    const mail = await server.mailbox.waitFor((message) => message.to.includes(email) && message.receivedAt >= after && message.subject.includes('déjà'), 15_000);
    expect(mail.subject).toBe('Vous avez déjà un compte citoyen');
    // The first password still holds; the second attempt changed nothing.
    expect((await signIn(browser('libercourt'), email, 'une phrase de passe solide')).status).toBe(200);
    expect((await signIn(browser('libercourt'), email, 'un autre mot de passe')).status).toBe(401);
  });

  it('resets a forgotten password by the mailed link and ends every other session, on every portal', async () => {
    const email = 'oubli@example.org';
    await signUpAndConfirm('libercourt', email, 'ancien mot de passe solide');
    const onLibercourt = browser('libercourt');
    const onCarvin = browser('carvin');
    await signIn(onLibercourt, email, 'ancien mot de passe solide');
    await signIn(onCarvin, email, 'ancien mot de passe solide');
    expect((await onCarvin.api.compte.$get()).status).toBe(200);

    const forgetful = browser('libercourt');
    const after = new Date();
    expect((await forgetful.api.auth['mot-de-passe'].oubli.$post({ json: { email } })).status).toBe(202);
    const link = await mailedLink(server.mailbox, { to: email, path: '/reinitialiser-mot-de-passe', after });
    const reset = await forgetful.api.auth['mot-de-passe'].reinitialisation.$post({
      json: { token: tokenOf(link), password: 'nouveau mot de passe solide' },
    });

    expect(reset.status).toBe(200);
    expect((await forgetful.api.compte.$get()).status).toBe(200);
    expect((await onLibercourt.api.compte.$get()).status).toBe(401);
    expect((await onCarvin.api.compte.$get()).status).toBe(401);
    expect((await signIn(browser('libercourt'), email, 'ancien mot de passe solide')).status).toBe(401);
    expect((await signIn(browser('carvin'), email, 'nouveau mot de passe solide')).status).toBe(200);
    const again = await forgetful.api.auth['mot-de-passe'].reinitialisation.$post({ json: { token: tokenOf(link), password: 'encore un autre mot' } });
    expect(again.status).toBe(400);
    const [account] = await accountsWithEmail('libercourt', email);
    const actions = (await auditOf('libercourt', account!.id)).map((event) => event.action);
    expect(actions).toEqual(expect.arrayContaining(['password_reset_requested', 'password_changed', 'sessions_revoked']));
  });

  it('answers a reset request for an unknown address the same way, and mails nothing', async () => {
    const after = new Date();
    const known = 'connue@example.org';
    await signUpAndConfirm('libercourt', known, 'une phrase de passe solide');
    const forUnknown = await browser('libercourt').api.auth['mot-de-passe'].oubli.$post({ json: { email: 'inconnue@example.org' } });
    const forKnown = await browser('libercourt').api.auth['mot-de-passe'].oubli.$post({ json: { email: known } });

    expect(forUnknown.status).toBe(202);
    expect(await readJson(forUnknown)).toEqual(await readJson(forKnown));
    await mailedLink(server.mailbox, { to: known, path: '/reinitialiser-mot-de-passe', after });
    expect(server.mailbox.messages().some((message) => message.to.includes('inconnue@example.org'))).toBe(false);
  });
});

describe('linking FranceConnect to an account with the same address', () => {
  it('never links on the address alone: the owner confirms with the account password', async () => {
    // Fatima's FranceConnect identity carries fatima.martin@example.org.
    const email = 'fatima.martin@example.org';
    await signUpAndConfirm('libercourt', email, 'mot de passe de fatima');
    const citizen = browser('libercourt');
    const callback = await franceConnectRoundTrip(citizen, createPeerBrowser(), 'fatima', '/api/auth/franceconnect?retour=/mes-demandes');

    expect(callback.headers.get('location')).toBe('/confirmer-liaison');
    expect((await citizen.api.compte.$get()).status).toBe(401);
    const [before] = await accountsWithEmail('libercourt', email);
    expect(before!.franceconnectSub).toBeNull();
    expect(await readJson(await citizen.api.auth.liaison.$get())).toMatchObject({ email, passwordProof: true });

    const wrong = await citizen.api.auth.liaison.$post({ json: { method: 'password', password: 'pas le bon' } });
    expect(wrong.status).toBe(401);
    expect((await accountsWithEmail('libercourt', email))[0]!.franceconnectSub).toBeNull();

    const confirmed = await citizen.api.auth.liaison.$post({ json: { method: 'password', password: 'mot de passe de fatima' } });
    expect(confirmed.status).toBe(200);
    expect(await readJson(confirmed)).toEqual({ redirect: '/mes-demandes' });
    expect(await readJson(await citizen.api.compte.$get())).toMatchObject({
      email,
      identityVerified: true,
      identity: { familyName: 'EL AMRANI', birthplace: null, birthcountry: '99350' },
      methods: { franceconnect: true, password: true },
    });
    expect((await auditOf('libercourt', before!.id)).map((event) => event.action)).toEqual(
      expect.arrayContaining(['identity_linked', 'sign_in_failed']),
    );

    // From now on FranceConnect alone signs her in.
    const later = browser('carvin');
    expect((await franceConnectRoundTrip(later, createPeerBrowser(), 'fatima')).headers.get('location')).toBe('/mon-compte');
  });

  it('asks for the mailed code when the address was never confirmed, and drops the unproven password', async () => {
    const email = 'fatima.martin@example.org';
    const squatter = browser('lavaur');
    expect((await squatter.api.auth.inscription.$post({ json: { email, password: 'mot de passe du squatteur', acceptTerms: true } })).status).toBe(202);

    const citizen = browser('lavaur');
    expect((await franceConnectRoundTrip(citizen, createPeerBrowser(), 'fatima')).headers.get('location')).toBe('/confirmer-liaison');
    expect(await readJson(await citizen.api.auth.liaison.$get())).toMatchObject({ passwordProof: false });
    const byPassword = await citizen.api.auth.liaison.$post({ json: { method: 'password', password: 'mot de passe du squatteur' } });
    expect(byPassword.status).toBe(409);

    const after = new Date();
    expect((await citizen.api.auth.liaison.code.$post()).status).toBe(202);
    const mail = await server.mailbox.waitFor((message) => message.to.includes(email) && message.receivedAt >= after && message.subject.includes('code'), 15_000);
    const code = /^\d{6}$/m.exec(mail.text)![0];
    const wrongCode = code === '000000' ? '111111' : '000000';
    expect((await citizen.api.auth.liaison.$post({ json: { method: 'code', code: wrongCode } })).status).toBe(401);

    const confirmed = await citizen.api.auth.liaison.$post({ json: { method: 'code', code } });
    expect(confirmed.status).toBe(200);
    expect(await readJson(await citizen.api.compte.$get())).toMatchObject({ emailVerified: true, methods: { franceconnect: true, password: false } });
    expect((await signIn(browser('lavaur'), email, 'mot de passe du squatteur')).status).toBe(401);
  });

  it('adds FranceConnect to the signed-in account from the account page', async () => {
    const email = 'jean.autre.adresse@example.org';
    const citizen = await signUpAndConfirm('lavaur', email, 'une phrase de passe solide');
    await signIn(citizen, email, 'une phrase de passe solide');

    const started = await readJson(await citizen.api.compte.franceconnect.$post());
    const callback = await createPeerBrowser().signIn(started.redirect, { person: 'jean' });
    const back = await citizen.get(`${callback.pathname}${callback.search}`);

    expect(back.headers.get('location')).toBe('/mon-compte');
    expect(await readJson(await citizen.api.compte.$get())).toMatchObject({
      email,
      identityVerified: true,
      identity: { givenName: 'Jean', familyName: 'DUPONT' },
      methods: { franceconnect: true, password: true },
    });
    // Jean's FranceConnect identity now opens this account.
    const viaFranceConnect = browser('lavaur');
    await franceConnectRoundTrip(viaFranceConnect, createPeerBrowser(), 'jean');
    expect((await readJson(await viaFranceConnect.api.compte.$get())).email).toBe(email);

    // …and cannot be added to another account.
    const other = await signUpAndConfirm('lavaur', 'quelquun.dautre@example.org', 'une phrase de passe solide');
    await signIn(other, 'quelquun.dautre@example.org', 'une phrase de passe solide');
    const attempt = await readJson(await other.api.compte.franceconnect.$post());
    const refusedCallback = await createPeerBrowser().signIn(attempt.redirect, { person: 'jean' });
    const refused = await other.get(`${refusedCallback.pathname}${refusedCallback.search}`);
    expect(refused.headers.get('location')).toBe('/mon-compte?erreur=identity_taken');
    expect((await readJson(await other.api.compte.$get())).methods.franceconnect).toBe(false);
  });
});

describe('the account', () => {
  it('lets a FranceConnect-only citizen choose a password, usable once the address is confirmed', async () => {
    const citizen = browser('carvin');
    await franceConnectRoundTrip(citizen, createPeerBrowser(), 'angela');
    const after = new Date();
    const chosen = await citizen.api.compte['mot-de-passe'].$put({ json: { newPassword: 'le mot de passe d’angela' } });
    expect(await readJson(chosen)).toEqual({ confirmationSent: true });
    expect((await signIn(browser('carvin'), 'angela.dubois@example.org', 'le mot de passe d’angela')).status).toBe(403);

    const link = await mailedLink(server.mailbox, { to: 'angela.dubois@example.org', path: '/verifier-email', after });
    await browser('carvin').api.auth.verification.$post({ json: { token: tokenOf(link) } });
    expect((await signIn(browser('libercourt'), 'angela.dubois@example.org', 'le mot de passe d’angela')).status).toBe(200);

    const change = await citizen.api.compte['mot-de-passe'].$put({ json: { newPassword: 'encore un autre mot de passe' } });
    expect(change.status).toBe(422);
    expect((await readJson(change)).errors).toEqual([expect.objectContaining({ field: 'currentPassword' })]);
  });

  it('keeps notification preferences, with a phone number for SMS', async () => {
    const email = 'preferences@example.org';
    const citizen = await signUpAndConfirm('oignies', email, 'une phrase de passe solide');
    await signIn(citizen, email, 'une phrase de passe solide');

    const withoutPhone = await citizen.api.compte.preferences.$patch({ json: { notifyBySms: true } });
    expect(withoutPhone.status).toBe(422);
    expect((await readJson(withoutPhone)).errors[0]).toMatchObject({ field: 'phone' });
    const badPhone = await citizen.patch('/api/compte/preferences', { notifyBySms: true, phone: '12' });
    expect(badPhone.status).toBe(422);

    const saved = await citizen.api.compte.preferences.$patch({ json: { notifyBySms: true, notifyByEmail: false, phone: '06 12 34 56 78' } });
    expect(await readJson(saved)).toEqual({ preferences: { notifyByEmail: false, notifyBySms: true, phone: '+33612345678' } });
    expect((await readJson(await citizen.api.compte.$get())).preferences).toEqual({ notifyByEmail: false, notifyBySms: true, phone: '+33612345678' });
  });

  it('signs out everywhere: every session of the account, on every portal of the EPCI', async () => {
    const email = 'partout@example.org';
    await signUpAndConfirm('libercourt', email, 'une phrase de passe solide');
    const here = browser('libercourt');
    const there = browser('carvin');
    await signIn(here, email, 'une phrase de passe solide');
    await signIn(there, email, 'une phrase de passe solide');

    const revoked = await here.api.compte['deconnexion-partout'].$post();
    expect(await readJson(revoked)).toEqual({ revoked: 2, redirect: '/connexion' });
    expect((await here.api.compte.$get()).status).toBe(401);
    expect((await there.api.compte.$get()).status).toBe(401);
    const [account] = await accountsWithEmail('libercourt', email);
    const [event] = (await auditOf('libercourt', account!.id)).filter((entry) => entry.action === 'sessions_revoked');
    expect(event).toMatchObject({ tenantId: communes.libercourt!.id, details: { count: 2, reason: 'citizen_request' } });
  });
});

describe('the development mailbox', () => {
  it('lists captured mail, newest first', async () => {
    const citizen = browser('oignies');
    const after = new Date();
    await citizen.api.auth.inscription.$post({ json: { email: 'boite.dev@example.org', password: 'une phrase de passe solide', acceptTerms: true } });
    await mailedLink(server.mailbox, { to: 'boite.dev@example.org', path: '/verifier-email', after });

    const listed = await readJson(await citizen.get('/api/dev/courriels'));
    const [newest] = listed.messages.filter((message: { to: string[] }) => message.to.includes('boite.dev@example.org'));
    expect(newest).toMatchObject({ subject: 'Confirmez votre adresse e-mail', text: expect.stringContaining('/verifier-email?jeton=') });
    const times = listed.messages.map((message: { receivedAt: string }) => Date.parse(message.receivedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });
});
