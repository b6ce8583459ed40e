import { and, eq } from 'drizzle-orm';
import { signInFlows } from '@guichet/db';
import type { CommuneScope } from './commune-scope.ts';
import type { ProviderFlowSecrets } from './save-sign-in-flow.ts';

/** The flow's secrets, deleted as they are read: a callback can be completed once. */
export async function takeSignInFlow(context: CommuneScope, input: { flowId: string; provider: string }): Promise<ProviderFlowSecrets | undefined> {
  const [flow] = await context.tx
    .delete(signInFlows)
    .where(and(eq(signInFlows.id, input.flowId), eq(signInFlows.tenantId, context.commune.id)))
    .returning();
  if (!flow || flow.provider !== input.provider || !flow.nonce || flow.expiresAt.getTime() <= Date.now()) return undefined;
  const codeVerifier = typeof flow.payload?.codeVerifier === 'string' ? flow.payload.codeVerifier : undefined;
  return { state: flow.state, nonce: flow.nonce, codeVerifier };
}
