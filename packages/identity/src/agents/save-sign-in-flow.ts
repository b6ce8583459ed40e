import { signInFlows } from '@guichet/db';
import { generateSecret } from '../sessions.ts';
import type { CommuneScope } from './commune-scope.ts';

/** Ten minutes to sign in at the provider and come back. */
const FLOW_LIFETIME_MS = 10 * 60_000;

export type ProviderFlowSecrets = { state: string; nonce: string; codeVerifier?: string | undefined };

/** Keeps what the provider's callback must match, server-side; the browser only holds the flow's id. */
export async function saveSignInFlow(
  context: CommuneScope,
  input: { provider: string; secrets: ProviderFlowSecrets },
): Promise<{ flowId: string; expiresAt: Date }> {
  const { tx, commune } = context;
  const flowId = generateSecret();
  const expiresAt = new Date(Date.now() + FLOW_LIFETIME_MS);
  await tx.insert(signInFlows).values({
    epciId: commune.epciId,
    id: flowId,
    tenantId: commune.id,
    provider: input.provider,
    state: input.secrets.state,
    nonce: input.secrets.nonce,
    payload: input.secrets.codeVerifier ? { codeVerifier: input.secrets.codeVerifier } : null,
    expiresAt,
  });
  return { flowId, expiresAt };
}
