import { withTenant, type Database } from '@guichet/db';
import type { CitizenIdentity, RelyingParty } from '@guichet/franceconnect';
import { FLOW_KINDS, openFlow, type SignInPurpose } from './sign-in-flows.ts';
import type { CitizenPortal } from './portal.ts';

/**
 * Begins a FranceConnect round trip: state and nonce are kept server-side in a flow whose id
 * the browser holds in a cookie, with where to return afterwards. `purpose` says whether the
 * callback signs someone in or adds FranceConnect to the account that asked.
 *
 * Runs its own transaction after the provider's discovery, which may go over the network.
 */
export async function startFranceConnectSignIn(
  context: { db: Database; portal: CitizenPortal; franceconnect: RelyingParty<CitizenIdentity>; redirectUri: string },
  input: { returnTo: string; purpose: SignInPurpose },
): Promise<{ url: URL; flowId: string; expiresAt: Date }> {
  const { db, portal } = context;
  // Deleting an account asks for a fresh sign-in at FranceConnect, not its session still open.
  const start = await context.franceconnect.beginSignIn(context.redirectUri, input.purpose.purpose === 'delete-account' ? { prompt: 'login' } : {});
  const flow = await withTenant(db, portal.tenantId, (tx) =>
    openFlow(tx, {
      epciId: portal.epciId,
      tenantId: portal.tenantId,
      kind: FLOW_KINDS.signIn,
      state: start.state,
      nonce: start.nonce,
      returnTo: input.returnTo,
      payload: input.purpose,
    }),
  );
  return { url: start.url, flowId: flow.id, expiresAt: flow.expiresAt };
}
