import type { AgentSignInConfig } from '@guichet/db';
import type { AgentIdentityProvider } from './agent-identity-provider.ts';
import { entraProvider } from './entra.ts';
import { openIdProvider } from './openid.ts';
import { proConnectProvider } from './proconnect.ts';

/** The client for a commune's declared provider, with the secret read from the environment. */
export function agentIdentityProvider(config: AgentSignInConfig, clientSecret: string): AgentIdentityProvider {
  switch (config.provider) {
    case 'proconnect':
      return proConnectProvider({ issuer: config.issuer, clientId: config.clientId, clientSecret });
    case 'oidc':
      return openIdProvider({ issuer: config.issuer, label: config.label, clientId: config.clientId, clientSecret });
    case 'entra':
      return entraProvider({ tenant: config.tenant, clientId: config.clientId, clientSecret });
  }
}

export { AgentProviderError, type AgentIdentityProvider, type ProviderErrorCode } from './agent-identity-provider.ts';
export { entraIdentity } from './entra.ts';
