import { timingSafeEqual } from 'node:crypto';
import * as oidc from 'openid-client';
import { AgentProviderError, type AgentIdentityProvider } from './agent-identity-provider.ts';

/**
 * Any OpenID Connect provider (a commune's own Keycloak, LemonLDAP::NG…): authorization code
 * with PKCE, `state` and `nonce` checked, the ID token validated by openid-client. The e-mail
 * counts as verified only when the provider says so (`email_verified`).
 */
export function openIdProvider(config: { issuer: string; label: string; clientId: string; clientSecret: string }): AgentIdentityProvider {
  const label = config.label;
  let discovered: Promise<oidc.Configuration> | undefined;
  const configuration = () => {
    discovered ??= discover(config).catch((cause: unknown) => {
      // Not kept: a provider down at the first sign-in is discovered again at the next.
      discovered = undefined;
      throw new AgentProviderError('unavailable', label, { cause });
    });
    return discovered;
  };
  return {
    kind: 'oidc',
    label,
    async begin(redirectUri) {
      const config = await configuration();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: 'openid email profile',
        state,
        nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
      });
      return { url, secrets: { state, nonce, codeVerifier } };
    },
    async complete({ callbackUrl, expected }) {
      if (!sameSecret(callbackUrl.searchParams.get('state'), expected.state) || !expected.codeVerifier) {
        throw new AgentProviderError('expired', label);
      }
      const error = callbackUrl.searchParams.get('error');
      if (error !== null) throw new AgentProviderError(error === 'access_denied' ? 'cancelled' : 'refused', label);
      const config = await configuration();
      try {
        const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: expected.codeVerifier,
          expectedState: expected.state,
          expectedNonce: expected.nonce,
          idTokenExpected: true,
        });
        const claims = tokens.claims()!;
        const email = typeof claims.email === 'string' ? claims.email : undefined;
        return {
          provider: 'oidc',
          issuer: claims.iss,
          subject: claims.sub,
          email,
          emailVerified: email !== undefined && claims.email_verified === true,
        };
      } catch (cause) {
        if (cause instanceof oidc.ResponseBodyError) {
          throw new AgentProviderError(cause.error === 'invalid_grant' ? 'expired' : 'refused', label, { cause });
        }
        throw new AgentProviderError(cause instanceof oidc.ClientError ? 'verification_failed' : 'unavailable', label, { cause });
      }
    },
  };
}

function discover(config: { issuer: string; clientId: string; clientSecret: string }): Promise<oidc.Configuration> {
  const issuer = new URL(config.issuer);
  // Plain http only for a provider on this machine (tests), never for a real one.
  const local = issuer.protocol === 'http:' && ['localhost', '127.0.0.1'].includes(issuer.hostname);
  return oidc.discovery(issuer, config.clientId, config.clientSecret, undefined, {
    ...(local ? { execute: [oidc.allowInsecureRequests] } : {}),
    timeout: 30,
  });
}

function sameSecret(received: string | null, expected: string): boolean {
  if (received === null || expected === '') return false;
  const a = Buffer.from(received);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
