import { describe, expect, it } from 'vitest';
import { agentIdentityProvider, AgentProviderError, entraIdentity } from '@guichet/identity';

const tenant = '3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b';
const config = { provider: 'entra', tenant, clientId: 'guichet-lavaur', clientSecretEnv: 'LAVAUR_ENTRA_SECRET' } as const;
const redirectUri = 'https://lavaur.guichet.example.fr/api/agent/auth/fournisseur/retour';

// arctic's MicrosoftEntraId always talks to login.microsoftonline.com: there is no local Entra
// to exchange a code with here. What runs locally is tested: the authorization request and the
// checks on the ID token; the code exchange itself is arctic's, against Microsoft, untested here.
describe('Microsoft Entra ID (arctic)', () => {
  it("sends the agent to the commune's own directory with PKCE, state and nonce", async () => {
    const provider = agentIdentityProvider(config, 'secret');
    const { url, secrets } = await provider.begin(redirectUri);
    expect(`${url.origin}${url.pathname}`).toBe(`https://login.microsoftonline.com/${tenant}/oauth2/v2.0/authorize`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'guichet-lavaur',
      redirect_uri: redirectUri,
      scope: 'openid profile email',
      code_challenge_method: 'S256',
      state: secrets.state,
      nonce: secrets.nonce,
    });
    expect(secrets.codeVerifier).toMatch(/^[\w-]{43,}$/);
    expect(url.searchParams.get('code_challenge')).not.toBe(secrets.codeVerifier);
    expect(provider.label).toBe('Microsoft Entra ID');
  });

  it('refuses a callback whose state is not the one sent', async () => {
    const provider = agentIdentityProvider(config, 'secret');
    const { secrets } = await provider.begin(redirectUri);
    const callbackUrl = new URL(`${redirectUri}?code=abc&state=forged`);
    await expect(provider.complete({ callbackUrl, redirectUri, expected: secrets })).rejects.toMatchObject({ code: 'expired' });
    const cancelled = new URL(`${redirectUri}?error=access_denied&state=${secrets.state}`);
    await expect(provider.complete({ callbackUrl: cancelled, redirectUri, expected: secrets })).rejects.toMatchObject({ code: 'cancelled' });
  });

  const claims = {
    iss: `https://login.microsoftonline.com/${tenant}/v2.0`,
    tid: tenant,
    aud: 'guichet-lavaur',
    nonce: 'the-nonce-of-this-sign-in',
    exp: Math.floor(Date.now() / 1000) + 3600,
    oid: '00000000-0000-0000-66f3-3332eca7ea81',
    preferred_username: 'laure.bousquet@lavaur.example.fr',
  };
  const expected = { tenant, clientId: 'guichet-lavaur', nonce: 'the-nonce-of-this-sign-in' };

  it("maps a valid ID token to the agent's identity in the directory", () => {
    expect(entraIdentity(claims, expected)).toEqual({
      provider: 'entra',
      issuer: `https://login.microsoftonline.com/${tenant}/v2.0`,
      subject: claims.oid,
      email: 'laure.bousquet@lavaur.example.fr',
      emailVerified: true,
    });
  });

  it.each([
    ['another directory', { tid: 'aaaaaaaa-0000-0000-0000-000000000000' }],
    ['another issuer', { iss: 'https://login.microsoftonline.com/common/v2.0' }],
    ['another application', { aud: 'someone-else' }],
    ['another sign-in', { nonce: 'replayed' }],
    ['an expired token', { exp: Math.floor(Date.now() / 1000) - 3600 }],
    ['no object id', { oid: undefined }],
  ])('refuses an ID token from %s', (_case, change) => {
    expect(() => entraIdentity({ ...claims, ...change }, expected)).toThrow(AgentProviderError);
  });
});
