import { createProConnectClient, SignInError, type SignInErrorCode } from '@guichet/franceconnect';
import { AgentProviderError, type AgentIdentityProvider, type ProviderErrorCode } from './agent-identity-provider.ts';

/** ProConnect, the State's federation of public agents' identities (FranceConnect's protocol). */
export function proConnectProvider(config: { issuer: string; clientId: string; clientSecret: string }): AgentIdentityProvider {
  const client = createProConnectClient(config);
  const label = 'ProConnect';
  return {
    kind: 'proconnect',
    label,
    async begin(redirectUri) {
      const { url, state, nonce } = await client.beginSignIn(redirectUri).catch((cause: unknown) => {
        throw translate(cause, label);
      });
      return { url, secrets: { state, nonce } };
    },
    async complete({ callbackUrl, expected }) {
      const result = await client.completeSignIn({ callbackUrl, expected }).catch((cause: unknown) => {
        throw translate(cause, label);
      });
      return {
        provider: 'proconnect',
        issuer: config.issuer,
        subject: result.sub,
        email: result.identity.email,
        // ProConnect only hands out professional addresses its identity providers have verified
        // (the federation's rule for every provider it admits), so the address can be trusted.
        emailVerified: result.identity.email !== undefined,
      };
    },
  };
}

const codes: Record<SignInErrorCode, ProviderErrorCode> = {
  cancelled: 'cancelled',
  provider_unavailable: 'unavailable',
  provider_refused: 'refused',
  state_mismatch: 'expired',
  code_rejected: 'expired',
  nonce_mismatch: 'verification_failed',
  acr_insufficient: 'refused',
  verification_failed: 'verification_failed',
};

function translate(cause: unknown, label: string): AgentProviderError {
  return cause instanceof SignInError ? new AgentProviderError(codes[cause.code], label, { cause }) : new AgentProviderError('unavailable', label, { cause });
}
