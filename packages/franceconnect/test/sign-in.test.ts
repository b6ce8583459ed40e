import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createPeerBrowser,
  createProConnectClient,
  demoAgents,
  demoCitizens,
  startFranceConnectPeer,
  type Peer,
} from '../src/index.ts';
import { portal, portalClient, postLogoutRedirectUri, redirectUri, startPeer } from './fixtures.ts';

describe('FranceConnect sign-in against the local peer', () => {
  let peer: Peer;
  beforeAll(async () => {
    peer = await startPeer();
  });
  afterAll(() => peer.close());

  it('sends the parameters FranceConnect v2 requires on /authorize', async () => {
    const { url, state, nonce } = await portalClient(peer).beginSignIn(redirectUri);

    expect(`${url.origin}${url.pathname}`).toBe(`${peer.issuer}/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: portal.client_id,
      response_type: 'code',
      redirect_uri: redirectUri,
      scope: 'openid given_name family_name birthdate birthplace birthcountry gender email preferred_username',
      acr_values: 'eidas1',
      state,
      nonce,
    });
    expect(state.length).toBeGreaterThanOrEqual(32);
    expect(nonce.length).toBeGreaterThanOrEqual(32);
    expect(state).not.toBe(nonce);
  });

  it('signs a citizen in and returns their identity pivot from the signed userinfo', async () => {
    const client = portalClient(peer);
    const start = await client.beginSignIn(redirectUri);
    const callbackUrl = await createPeerBrowser().signIn(start.url, { person: 'angela' });

    const result = await client.completeSignIn({ callbackUrl, expected: start });

    expect(result.sub).toMatch(/^[0-9a-f]{64}v1$/);
    expect(result.acr).toBe('eidas1');
    expect(result.idToken.split('.')).toHaveLength(3);
    expect(result.identity).toEqual({
      givenName: 'Angela Claire Louise',
      familyName: 'DUBOIS',
      birthdate: '1962-08-24',
      birthplace: '75107',
      birthcountry: '99100',
      gender: 'female',
      email: 'angela.dubois@example.org',
      preferredUsername: undefined,
    });
  });

  it('gives no birthplace for a citizen born abroad and keeps their usage name', async () => {
    const client = portalClient(peer);
    const start = await client.beginSignIn(redirectUri);
    const callbackUrl = await createPeerBrowser().signIn(start.url, { person: 'fatima' });

    const { identity } = await client.completeSignIn({ callbackUrl, expected: start });

    expect(identity).toMatchObject({ birthplace: undefined, birthcountry: '99350', preferredUsername: 'MARTIN' });
  });

  it('gives the same citizen the same sub at every sign-in', async () => {
    const client = portalClient(peer);
    const subs = [];
    for (const browser of [createPeerBrowser(), createPeerBrowser()]) {
      const start = await client.beginSignIn(redirectUri);
      const callbackUrl = await browser.signIn(start.url, { person: 'jean' });
      subs.push((await client.completeSignIn({ callbackUrl, expected: start })).sub);
    }
    expect(subs[0]).toBe(subs[1]);
  });

  it('gives another service another sub for the same citizen', async () => {
    const otherPortal = { ...portal, client_id: 'autre-commune', redirect_uris: ['http://autre.guichet.test/callback'] };
    const twoPortals = await startPeer({ clients: [portal, otherPortal] });
    try {
      const subs = [];
      for (const [client, callback] of [
        [portalClient(twoPortals), redirectUri],
        [portalClient(twoPortals, { clientId: otherPortal.client_id }), otherPortal.redirect_uris[0] ?? ''],
      ] as const) {
        const start = await client.beginSignIn(callback);
        const callbackUrl = await createPeerBrowser().signIn(start.url, { person: 'jean' });
        subs.push((await client.completeSignIn({ callbackUrl, expected: start })).sub);
      }
      expect(subs[0]).not.toBe(subs[1]);
    } finally {
      await twoPortals.close();
    }
  });

  it('only releases the claims of the scopes asked for', async () => {
    const client = portalClient(peer, { scopes: ['openid', 'given_name', 'family_name'] });
    const start = await client.beginSignIn(redirectUri);
    const callbackUrl = await createPeerBrowser().signIn(start.url, { person: 'jean' });

    const { claims, identity } = await client.completeSignIn({ callbackUrl, expected: start });

    expect(claims).toMatchObject({ given_name: 'Jean', family_name: 'DUPONT' });
    expect(Object.keys(claims)).not.toContain('birthdate');
    expect(identity).toMatchObject({ givenName: 'Jean', familyName: 'DUPONT', email: undefined });
  });

  it("signs out at the peer's end-session endpoint without a confirmation and checks the returned state", async () => {
    const client = portalClient(peer);
    const browser = createPeerBrowser();
    const signIn = await client.beginSignIn(redirectUri);
    const { idToken } = await client.completeSignIn({
      callbackUrl: await browser.signIn(signIn.url, { person: 'angela' }),
      expected: signIn,
    });

    const signOut = await client.beginSignOut({ idToken, postLogoutRedirectUri });
    expect(Object.fromEntries(signOut.url.searchParams)).toMatchObject({
      id_token_hint: idToken,
      state: signOut.state,
      post_logout_redirect_uri: postLogoutRedirectUri,
    });
    const back = await browser.signOut(signOut.url);

    expect(`${back.origin}${back.pathname}`).toBe(postLogoutRedirectUri);
    expect(() => client.completeSignOut({ callbackUrl: back, expectedState: signOut.state })).not.toThrow();
    // The peer's session is gone: the same browser is asked to choose again.
    const again = await client.beginSignIn(redirectUri);
    const { identity } = await client.completeSignIn({
      callbackUrl: await browser.signIn(again.url, { person: 'jean' }),
      expected: again,
    });
    expect(identity.givenName).toBe('Jean');
  });

  it('keeps the peer session between two sign-ins of the same browser, as FranceConnect does', async () => {
    const client = portalClient(peer);
    const browser = createPeerBrowser();
    for (const person of ['lucas', 'angela']) {
      const start = await client.beginSignIn(redirectUri);
      const { identity } = await client.completeSignIn({
        callbackUrl: await browser.signIn(start.url, { person }),
        expected: start,
      });
      expect(identity.familyName).toBe('HOARAU');
    }
  });
});

describe('client settings FranceConnect lets a service choose', () => {
  it('signs in with RS256 signatures and client_secret_basic', async () => {
    const peer = await startFranceConnectPeer({
      clients: [
        {
          ...portal,
          token_endpoint_auth_method: 'client_secret_basic',
          id_token_signed_response_alg: 'RS256',
          userinfo_signed_response_alg: 'RS256',
        },
      ],
    });
    try {
      const client = portalClient(peer, { signingAlg: 'RS256', tokenEndpointAuthMethod: 'client_secret_basic' });
      const start = await client.beginSignIn(redirectUri);
      const callbackUrl = await createPeerBrowser().signIn(start.url, { person: 'jean' });

      const result = await client.completeSignIn({ callbackUrl, expected: start });

      expect(JSON.parse(Buffer.from(result.idToken.split('.')[0] ?? '', 'base64url').toString())).toMatchObject({
        alg: 'RS256',
      });
      expect(result.identity.familyName).toBe('DUPONT');
    } finally {
      await peer.close();
    }
  });
});

describe('ProConnect profile', () => {
  it('signs an agent in with their organisation', async () => {
    const agentPortal = { ...portal, redirect_uris: ['http://agents.guichet.test/auth/proconnect/callback'] };
    const peer = await startFranceConnectPeer({ profile: 'proconnect', clients: [agentPortal] });
    try {
      const client = createProConnectClient({
        issuer: peer.issuer,
        clientId: agentPortal.client_id,
        clientSecret: agentPortal.client_secret,
      });
      const start = await client.beginSignIn(agentPortal.redirect_uris[0] ?? '');
      const callbackUrl = await createPeerBrowser().signIn(start.url, { person: 'marie' });

      const result = await client.completeSignIn({ callbackUrl, expected: start });

      expect(result.acr).toBe('eidas1');
      expect(result.identity).toEqual({
        givenName: 'Marie',
        usualName: 'LEFEBVRE',
        email: 'marie.lefebvre@mairie.example.org',
        uid: 'mlefebvre',
        siret: '21990001200013',
      });
    } finally {
      await peer.close();
    }
  });

  it('offers its demo agents, not citizens', () => {
    expect(demoAgents.map((agent) => agent.key)).not.toContain(demoCitizens[0]?.key);
  });
});

describe("rotation of the provider's signing keys", () => {
  let peer: Peer | undefined;
  afterEach(async () => {
    vi.useRealTimers();
    await peer?.close();
  });

  /** ES256 and RS256 signing keys named `kid`-es and `kid`-rs: the same names may hold new keys. */
  async function keysNamed(kid: string): Promise<JWK[]> {
    return Promise.all(
      (['ES256', 'RS256'] as const).map(async (alg) => {
        const { privateKey } = await generateKeyPair(alg, { extractable: true });
        return { ...(await exportJWK(privateKey)), alg, use: 'sig', kid: `${kid}-${alg.slice(0, 2).toLowerCase()}` };
      }),
    );
  }

  /** Signs Jean in once, then restarts the peer on the same issuer with new keys, under new names or the same. */
  async function signInThenRotateKeys(names: { before: string; after: string }) {
    const first = await startPeer({ signingKeys: await keysNamed(names.before) });
    const client = portalClient(first);
    await signInAs(client, 'jean');
    await first.close();
    peer = await startPeer({ port: Number(new URL(first.issuer).port), signingKeys: await keysNamed(names.after) });
    return client;
  }

  async function signInAs(client: ReturnType<typeof portalClient>, person: string) {
    const start = await client.beginSignIn(redirectUri);
    const callbackUrl = await createPeerBrowser().signIn(start.url, { person });
    return client.completeSignIn({ callbackUrl, expected: start });
  }

  it('fetches the new keys at once when a token names a key it does not know, and checks the same answer again', async () => {
    const client = await signInThenRotateKeys({ before: 'cle-2025', after: 'cle-2026' });
    expect((await signInAs(client, 'jean')).identity.givenName).toBe('Jean');
  });

  it('fetches the keys again when a signature fails under a known key name (a new key under the same kid)', async () => {
    const client = await signInThenRotateKeys({ before: 'cle', after: 'cle' });
    expect((await signInAs(client, 'jean')).identity.givenName).toBe('Jean');
  });

  it('fetches them at most once every half minute: a second rotation at once fails one sign-in, then the next succeeds', async () => {
    const client = await signInThenRotateKeys({ before: 'cle', after: 'cle' });
    expect((await signInAs(client, 'jean')).identity.givenName).toBe('Jean');
    await peer!.close();
    peer = await startPeer({ port: Number(new URL(peer!.issuer).port), signingKeys: await keysNamed('cle') });

    await expect(signInAs(client, 'jean')).rejects.toMatchObject({ code: 'verification_failed' });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 31_000);
    expect((await signInAs(client, 'jean')).identity.givenName).toBe('Jean');
  });
});
