import { withTenant, type Database, type Session } from '@guichet/db';
import { SignInError, type CitizenIdentity, type RelyingParty, type SignOutStart } from '@guichet/franceconnect';
import { invalidateSession } from '../sessions.ts';
import { auditCitizen } from './citizen-audit.ts';
import { FLOW_KINDS, openFlow, takeFlow } from './sign-in-flows.ts';
import type { CitizenPortal, PortalContext } from './portal.ts';

/**
 * Ends the session on this portal. A session opened (or linked) through FranceConnect also ends
 * FranceConnect's: the browser is sent to its end-session endpoint, and the `state` it must
 * bring back is kept in a flow. If FranceConnect cannot be reached, the portal's own session
 * still ends.
 */
export async function signOutCitizen(
  context: PortalContext & { session: Session; franceconnect: RelyingParty<CitizenIdentity> | null; postLogoutRedirectUri: string },
): Promise<{ redirect: string; signOutFlow?: { id: string; expiresAt: Date } }> {
  const { db, portal, session, franceconnect, ip } = context;
  let signOut: SignOutStart | undefined;
  if (session.idToken && franceconnect) {
    try {
      signOut = await franceconnect.beginSignOut({ idToken: session.idToken, postLogoutRedirectUri: context.postLogoutRedirectUri });
    } catch (error) {
      if (!(error instanceof SignInError)) throw error;
    }
  }
  return withTenant(db, portal.tenantId, async (tx) => {
    await invalidateSession(tx, session.id);
    await auditCitizen(tx, portal, { action: 'sign_out', accountId: session.accountId, ip, details: { franceconnect: signOut !== undefined } });
    if (!signOut) return { redirect: '/' };
    const flow = await openFlow(tx, { epciId: portal.epciId, tenantId: portal.tenantId, kind: FLOW_KINDS.signOut, state: signOut.state, returnTo: '/', payload: null });
    return { redirect: signOut.url.href, signOutFlow: flow };
  });
}

/** The return from FranceConnect's end-session endpoint: its `state` must be the one kept. */
export async function completeFranceConnectSignOut(
  context: { db: Database; portal: CitizenPortal; franceconnect: RelyingParty<CitizenIdentity> },
  input: { flowId: string | undefined; callbackUrl: URL },
): Promise<string> {
  const flow = await withTenant(context.db, context.portal.tenantId, (tx) => takeFlow(tx, input.flowId, FLOW_KINDS.signOut));
  if (!flow) throw new SignInError('state_mismatch', 'FranceConnect');
  context.franceconnect.completeSignOut({ callbackUrl: input.callbackUrl, expectedState: flow.state });
  return flow.returnTo ?? '/';
}
