import type { ExternalIdentity } from '../agents/sign-in-external-agent.ts';
import type { ProviderFlowSecrets } from '../agents/save-sign-in-flow.ts';

/**
 * A commune's identity provider for its agents, whatever the protocol underneath: where to send
 * the browser, and who came back. Implementations: ProConnect, any OpenID provider, Entra ID.
 */
export type AgentIdentityProvider = {
  kind: ExternalIdentity['provider'];
  /** Named on the sign-in button and in messages: "ProConnect", "Microsoft Entra ID"… */
  label: string;
  begin(redirectUri: string): Promise<{ url: URL; secrets: ProviderFlowSecrets }>;
  /** `callbackUrl` is the URL the browser came back on, rebuilt on the public origin. */
  complete(input: { callbackUrl: URL; redirectUri: string; expected: ProviderFlowSecrets }): Promise<ExternalIdentity>;
};

export type ProviderErrorCode = 'cancelled' | 'unavailable' | 'refused' | 'expired' | 'verification_failed';

const messages: Record<ProviderErrorCode, (label: string) => string> = {
  cancelled: (label) => `La connexion avec ${label} a été annulée. Vous pouvez réessayer ou utiliser votre mot de passe.`,
  unavailable: (label) => `${label} est momentanément indisponible. Réessayez dans quelques instants ou utilisez votre mot de passe.`,
  refused: (label) => `${label} a refusé la demande de connexion. Prévenez l'administrateur de la commune.`,
  expired: (label) => `Votre demande de connexion avec ${label} a expiré ou a déjà été utilisée. Recommencez la connexion.`,
  verification_failed: (label) => `La réponse de ${label} n'a pas pu être vérifiée. Recommencez la connexion.`,
};

/** A provider sign-in that did not go through; `message` is French and safe to show. */
export class AgentProviderError extends Error {
  override name = 'AgentProviderError';
  readonly code: ProviderErrorCode;
  constructor(code: ProviderErrorCode, label: string, options: { cause?: unknown } = {}) {
    super(messages[code](label), { cause: options.cause });
    this.code = code;
  }
}
