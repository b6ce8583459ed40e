import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acrSatisfies,
  createFranceConnectClient,
  createPeerBrowser,
  SignInError,
  type Peer,
  type SignInErrorCode,
} from '../src/index.ts';
import { portal, portalClient, postLogoutRedirectUri, redirectUri, startPeer } from './fixtures.ts';
import { startTamperingProxy } from './tampering-proxy.ts';

type Client = ReturnType<typeof portalClient>;

/** Begins a sign-in and lets the person pick Angela: what a callback looks like before any check. */
async function callbackFor(client: Client) {
  const start = await client.beginSignIn(redirectUri);
  const callbackUrl = await createPeerBrowser().signIn(start.url, { person: 'angela' });
  return { start, callbackUrl };
}

async function refusal(attempt: Promise<unknown>): Promise<SignInError> {
  const error = await attempt.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof SignInError)) throw new Error(`expected a SignInError, got ${String(error)}`);
  return error;
}

function expectRefused(attempt: Promise<unknown>, code: SignInErrorCode) {
  return expect(refusal(attempt)).resolves.toMatchObject({ code });
}

describe('callback checks', () => {
  let peer: Peer;
  let client: Client;
  beforeAll(async () => {
    peer = await startPeer();
    client = portalClient(peer);
  });
  afterAll(() => peer.close());

  it('refuses a callback whose state is not the one stored, without spending the code', async () => {
    const { start, callbackUrl } = await callbackFor(client);
    const tampered = new URL(callbackUrl);
    tampered.searchParams.set('state', `${start.state.slice(0, -1)}x`);

    await expectRefused(client.completeSignIn({ callbackUrl: tampered, expected: start }), 'state_mismatch');
    // The genuine callback still works: the refusal happened before the token endpoint.
    await expect(client.completeSignIn({ callbackUrl, expected: start })).resolves.toMatchObject({ acr: 'eidas1' });
  });

  it('refuses a callback without state', async () => {
    const { start, callbackUrl } = await callbackFor(client);
    const stripped = new URL(callbackUrl);
    stripped.searchParams.delete('state');

    await expectRefused(client.completeSignIn({ callbackUrl: stripped, expected: start }), 'state_mismatch');
  });

  it('refuses a callback when the session kept no state', async () => {
    const { start, callbackUrl } = await callbackFor(client);

    await expectRefused(client.completeSignIn({ callbackUrl, expected: { ...start, state: '' } }), 'state_mismatch');
  });

  it('refuses to spend the same code twice', async () => {
    const { start, callbackUrl } = await callbackFor(client);
    await client.completeSignIn({ callbackUrl, expected: start });

    await expectRefused(client.completeSignIn({ callbackUrl, expected: start }), 'code_rejected');
  });

  it('refuses an ID token whose nonce is not the one stored for this sign-in', async () => {
    const other = await client.beginSignIn(redirectUri);
    const { start, callbackUrl } = await callbackFor(client);

    await expectRefused(
      client.completeSignIn({ callbackUrl, expected: { state: start.state, nonce: other.nonce } }),
      'nonce_mismatch',
    );
  });

  it('tells the citizen in French that the connection was cancelled', async () => {
    const start = await client.beginSignIn(redirectUri);
    const callbackUrl = await createPeerBrowser().signIn(start.url, 'cancel');
    expect(callbackUrl.searchParams.get('error')).toBe('access_denied');

    const error = await refusal(client.completeSignIn({ callbackUrl, expected: start }));

    expect(error).toMatchObject({ code: 'cancelled', providerError: 'access_denied', provider: 'FranceConnect' });
    expect(error.message).toBe(
      'La connexion avec FranceConnect a été annulée. Vous pouvez réessayer ou choisir un autre mode de connexion.',
    );
  });

  it('maps the errors FranceConnect documents to what the citizen can do', async () => {
    const start = await client.beginSignIn(redirectUri);
    const cases: Array<[string, SignInErrorCode]> = [
      ['temporarily_unavailable', 'provider_unavailable'],
      ['server_error', 'provider_unavailable'],
      ['invalid_scope', 'provider_refused'],
      ['invalid_request', 'provider_refused'],
    ];
    for (const [error, code] of cases) {
      const callbackUrl = new URL(`${redirectUri}?error=${error}&error_description=x&state=${start.state}`);
      await expectRefused(client.completeSignIn({ callbackUrl, expected: start }), code);
    }
  });

  it('refuses an error callback whose state is not the one stored', async () => {
    const start = await client.beginSignIn(redirectUri);
    const forged = new URL(`${redirectUri}?error=access_denied&state=${'a'.repeat(43)}`);

    await expectRefused(client.completeSignIn({ callbackUrl: forged, expected: start }), 'state_mismatch');
  });

  it('refuses a sign-out return whose state is not the one stored', async () => {
    const signedIn = await callbackFor(client);
    const { idToken } = await client.completeSignIn({ callbackUrl: signedIn.callbackUrl, expected: signedIn.start });
    const { state } = await client.beginSignOut({ idToken, postLogoutRedirectUri });

    expect(() =>
      client.completeSignOut({ callbackUrl: `${postLogoutRedirectUri}?state=autre`, expectedState: state }),
    ).toThrow(expect.objectContaining({ code: 'state_mismatch' }));
  });
});

describe('the peer holds services to FranceConnect v2 rules', () => {
  let peer: Peer;
  beforeAll(async () => {
    peer = await startPeer();
  });
  afterAll(() => peer.close());

  it.each([
    ['state', 'court'],
    ['nonce', 'court'],
    ['acr_values', ''],
  ])('refuses an authorization request whose %s is missing or too short', async (name, value) => {
    const { url } = await portalClient(peer).beginSignIn(redirectUri);
    url.searchParams.set(name, value);

    const back = await createPeerBrowser().signIn(url, { person: 'angela' });

    expect(Object.fromEntries(back.searchParams)).toMatchObject({ error: 'invalid_request' });
  });
});

describe('signatures', () => {
  let proxy: Awaited<ReturnType<typeof startTamperingProxy>>;
  let peer: Peer;
  let client: Client;
  beforeAll(async () => {
    proxy = await startTamperingProxy();
    peer = await startPeer({ port: 0, issuerUrl: `${proxy.origin}/api/v2` });
    proxy.forwardTo(peer.port);
    client = portalClient(peer);
  });
  afterAll(async () => {
    await peer.close();
    await proxy.close();
  });

  async function signInThrough(tamper: Parameters<typeof proxy.rewrite>[0]) {
    // Fresh client each time: no JWKS left in cache from an earlier test.
    const fresh = portalClient(peer);
    const { start, callbackUrl } = await callbackFor(fresh);
    proxy.rewrite(tamper);
    try {
      return await fresh.completeSignIn({ callbackUrl, expected: start });
    } finally {
      proxy.rewrite((_pathname, body) => body);
    }
  }

  it('accepts what the peer signs when nothing is altered', async () => {
    const { start, callbackUrl } = await callbackFor(client);
    await expect(client.completeSignIn({ callbackUrl, expected: start })).resolves.toMatchObject({ acr: 'eidas1' });
  });

  it('refuses an ID token whose signature was altered on the way', async () => {
    const attempt = signInThrough((pathname, body) => {
      if (!pathname.endsWith('/token')) return body;
      const tokens = JSON.parse(body) as { id_token: string };
      return JSON.stringify({ ...tokens, id_token: flipSignature(tokens.id_token) });
    });
    await expectRefused(attempt, 'verification_failed');
  });

  it('refuses a userinfo response whose signature was altered on the way', async () => {
    const attempt = signInThrough((pathname, body) => (pathname.endsWith('/userinfo') ? flipSignature(body) : body));
    await expectRefused(attempt, 'verification_failed');
  });

  it('refuses tokens when the published keys are not the ones that signed them', async () => {
    const attempt = signInThrough(async (pathname, body) =>
      pathname.endsWith('/jwks') ? JSON.stringify({ keys: await impostorKeys(JSON.parse(body).keys) }) : body,
    );
    await expectRefused(attempt, 'verification_failed');
  });

  it('refuses a userinfo sent as plain JSON instead of a signed JWT', async () => {
    const attempt = signInThrough((pathname, body) => {
      if (!pathname.endsWith('/userinfo')) return body;
      const claims = Buffer.from(body.split('.')[1] ?? '', 'base64url').toString();
      return { body: claims, contentType: 'application/json; charset=utf-8' };
    });
    await expectRefused(attempt, 'verification_failed');
  });
});

describe('level of assurance (acr)', () => {
  it('refuses an ID token without acr', async () => {
    const peer = await startPeer({ acr: null });
    try {
      const client = portalClient(peer);
      const { start, callbackUrl } = await callbackFor(client);
      await expectRefused(client.completeSignIn({ callbackUrl, expected: start }), 'acr_insufficient');
    } finally {
      await peer.close();
    }
  });

  it('refuses an acr that is not an eIDAS level', async () => {
    const peer = await startPeer({ acr: 'eidas0' });
    try {
      const client = portalClient(peer);
      const { start, callbackUrl } = await callbackFor(client);
      await expectRefused(client.completeSignIn({ callbackUrl, expected: start }), 'acr_insufficient');
    } finally {
      await peer.close();
    }
  });

  it('refuses a low-level identity to a service that asks for a substantial one', async () => {
    const peer = await startPeer();
    try {
      const client = portalClient(peer, { acr: 'eidas2' });
      const { start, callbackUrl } = await callbackFor(client);
      expect(start.url.searchParams.get('acr_values')).toBe('eidas2');
      await expectRefused(client.completeSignIn({ callbackUrl, expected: start }), 'acr_insufficient');
    } finally {
      await peer.close();
    }
  });

  it('orders eIDAS levels and compares other values exactly', () => {
    expect(acrSatisfies('eidas1', 'eidas1')).toBe(true);
    expect(acrSatisfies('eidas3', 'eidas2')).toBe(true);
    expect(acrSatisfies('eidas1', 'eidas2')).toBe(false);
    expect(acrSatisfies('eidas0', 'eidas1')).toBe(false);
    expect(acrSatisfies(undefined, 'eidas1')).toBe(false);
    expect(acrSatisfies('https://proconnect.gouv.fr/assurance/self-asserted', 'eidas1')).toBe(false);
    expect(acrSatisfies('https://proconnect.gouv.fr/assurance/self-asserted', 'https://proconnect.gouv.fr/assurance/self-asserted')).toBe(true);
  });
});

describe('reaching the provider', () => {
  it('says FranceConnect is unavailable while discovery fails, and recovers when it is back', async () => {
    const peer = await startPeer();
    const port = peer.port;
    await peer.close();
    const client = portalClient(peer);

    await expectRefused(client.beginSignIn(redirectUri), 'provider_unavailable');

    const back = await startPeer({ port });
    try {
      await expect(client.beginSignIn(redirectUri)).resolves.toHaveProperty('state');
    } finally {
      await back.close();
    }
  });

  it('refuses plain http to a provider that is not on this machine', async () => {
    const client = createFranceConnectClient({
      issuer: 'http://franceconnect.invalid/api/v2',
      clientId: portal.client_id,
      clientSecret: portal.client_secret,
    });
    const error = await refusal(client.beginSignIn(redirectUri));
    expect(error.code).toBe('provider_unavailable');
    expect((error.cause as Error).message).toMatch(/HTTPS/);
  });
});

function flipSignature(jwt: string): string {
  const [header, payload, signature = ''] = jwt.split('.');
  const middle = Math.floor(signature.length / 2);
  const flipped = signature[middle] === 'A' ? 'B' : 'A';
  return `${header}.${payload}.${signature.slice(0, middle)}${flipped}${signature.slice(middle + 1)}`;
}

/** Keys of the same algorithms and ids as the real ones, but another key pair. */
function impostorKeys(keys: JWK[]): Promise<JWK[]> {
  return Promise.all(
    keys.map(async ({ alg = 'ES256', kid, use }) => {
      const { publicKey } = await generateKeyPair(alg, { extractable: true });
      return { ...(await exportJWK(publicKey)), alg, kid, use };
    }),
  );
}
