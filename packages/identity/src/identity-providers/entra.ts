import { randomBytes, timingSafeEqual } from 'node:crypto';
import { ArcticFetchError, decodeIdToken, generateCodeVerifier, generateState, MicrosoftEntraId, OAuth2RequestError } from 'arctic';
import { AgentProviderError, type AgentIdentityProvider } from './agent-identity-provider.ts';

const label = 'Microsoft Entra ID';

/**
 * Microsoft Entra ID through arctic, pinned to the commune's own directory (its tenant id, never
 * "common"): only accounts of that directory can come back, and its administrators own every
 * address in it, so its e-mail may find a declared agent on first use.
 */
export function entraProvider(config: { tenant: string; clientId: string; clientSecret: string }): AgentIdentityProvider {
  const client = (redirectUri: string) => new MicrosoftEntraId(config.tenant, config.clientId, config.clientSecret, redirectUri);
  return {
    kind: 'entra',
    label,
    async begin(redirectUri) {
      const state = generateState();
      const codeVerifier = generateCodeVerifier();
      const nonce = randomBytes(32).toString('base64url');
      const url = client(redirectUri).createAuthorizationURL(state, codeVerifier, ['openid', 'profile', 'email']);
      // arctic leaves the nonce to the caller; it binds the ID token to this very sign-in.
      url.searchParams.set('nonce', nonce);
      return { url, secrets: { state, nonce, codeVerifier } };
    },
    async complete({ callbackUrl, redirectUri, expected }) {
      if (!sameSecret(callbackUrl.searchParams.get('state'), expected.state) || !expected.codeVerifier) throw new AgentProviderError('expired', label);
      const error = callbackUrl.searchParams.get('error');
      if (error !== null) throw new AgentProviderError(error === 'access_denied' ? 'cancelled' : 'refused', label);
      const code = callbackUrl.searchParams.get('code');
      if (!code) throw new AgentProviderError('expired', label);
      let idToken: string;
      try {
        idToken = (await client(redirectUri).validateAuthorizationCode(code, expected.codeVerifier)).idToken();
      } catch (cause) {
        if (cause instanceof OAuth2RequestError) throw new AgentProviderError(cause.code === 'invalid_grant' ? 'expired' : 'refused', label, { cause });
        throw new AgentProviderError(cause instanceof ArcticFetchError ? 'unavailable' : 'verification_failed', label, { cause });
      }
      return entraIdentity(decodeIdToken(idToken) as Record<string, unknown>, { ...config, nonce: expected.nonce });
    },
  };
}

/**
 * Checks an Entra ID token's claims and maps them to the agent's identity. The token comes
 * straight from Microsoft's token endpoint over TLS, in exchange for our client secret, so
 * OpenID Connect Core §3.1.3.7 (6) lets TLS stand for its signature; what we check is that it
 * was issued by the commune's directory, for us, for this sign-in, and is still valid.
 */
export function entraIdentity(claims: Record<string, unknown>, expected: { tenant: string; clientId: string; nonce: string }, now = Date.now()) {
  const issuer = `https://login.microsoftonline.com/${expected.tenant}/v2.0`;
  const valid =
    claims.iss === issuer &&
    claims.tid === expected.tenant &&
    (claims.aud === expected.clientId || (Array.isArray(claims.aud) && claims.aud.includes(expected.clientId))) &&
    typeof claims.nonce === 'string' &&
    sameSecret(claims.nonce, expected.nonce) &&
    typeof claims.exp === 'number' &&
    claims.exp * 1000 > now - 60_000 &&
    typeof claims.oid === 'string';
  if (!valid) throw new AgentProviderError('verification_failed', label);
  const email = [claims.email, claims.preferred_username].find((value): value is string => typeof value === 'string' && value.includes('@'));
  return {
    provider: 'entra' as const,
    issuer,
    // `oid` is the account's id in the directory, the same for every application (`sub` is not).
    subject: claims.oid as string,
    email,
    emailVerified: email !== undefined,
  };
}

function sameSecret(received: string | null, expected: string): boolean {
  if (received === null || expected === '') return false;
  const a = Buffer.from(received);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
