import { eq } from 'drizzle-orm';
import { citizenAccounts, withTenant, type Session, type Transaction } from '@guichet/db';
import { SignInError, type CitizenIdentity, type RelyingParty, type SignInResult } from '@guichet/franceconnect';
import { holdSession, rotateSession } from '../sessions.ts';
import { accountByEmail, accountById, accountBySub, verifiedIdentity } from './accounts.ts';
import { auditCitizen } from './citizen-audit.ts';
import { openCitizenSession, type OpenedSession } from './citizen-sessions.ts';
import { CitizenAuthError } from './errors.ts';
import { FLOW_KINDS, flowStartedAt, openFlow, signInPurposeOf, takeFlow } from './sign-in-flows.ts';
import type { CitizenPortal, PortalContext } from './portal.ts';

export type FranceConnectOutcome =
  /** Signed in (an existing account, or one just created): `opened` goes into the cookie. */
  | { kind: 'signed_in'; opened: OpenedSession; returnTo: string }
  /** FranceConnect added to the account that was signed in and asked for it: `opened` replaces its session. */
  | { kind: 'linked'; opened: OpenedSession; returnTo: string }
  /** The signed-in citizen signed in again at FranceConnect as the account's identity, to delete it. */
  | { kind: 'reauthenticated'; sub: string; returnTo: string }
  /** An account has this address but not this identity: its owner must confirm the link. */
  | { kind: 'confirm_link'; flowId: string; expiresAt: Date };

/**
 * Completes the FranceConnect round trip the flow cookie names. The flow is spent first, so a
 * callback works once whatever happens next. Then the account is the one holding this `sub`;
 * failing that, if an account has the same address, FranceConnect is never linked to it on the
 * address alone: the identity waits in a new flow until that account's owner confirms; failing
 * that, an account is created with the identity FranceConnect vouches for.
 *
 * Runs its own transactions: the token and userinfo requests go over the network in between,
 * and a refusal is audited.
 */
export async function completeFranceConnectSignIn(
  context: PortalContext & { franceconnect: RelyingParty<CitizenIdentity>; session: Session | null },
  input: { flowId: string | undefined; callbackUrl: URL },
): Promise<FranceConnectOutcome> {
  const { db, portal, ip, session } = context;
  const flow = await withTenant(db, portal.tenantId, (tx) => takeFlow(tx, input.flowId, FLOW_KINDS.signIn));
  let result: SignInResult<CitizenIdentity>;
  try {
    if (!flow || !flow.nonce) throw new SignInError('state_mismatch', 'FranceConnect');
    result = await context.franceconnect.completeSignIn({ callbackUrl: input.callbackUrl, expected: { state: flow.state, nonce: flow.nonce } });
  } catch (error) {
    if (error instanceof SignInError) {
      await withTenant(db, portal.tenantId, (tx) =>
        auditCitizen(tx, portal, { action: 'sign_in_failed', ip, details: { method: 'franceconnect', code: error.code } }),
      );
    }
    throw error;
  }

  const purpose = signInPurposeOf(flow);
  const returnTo = flow.returnTo ?? '/';
  return withTenant(db, portal.tenantId, async (tx): Promise<FranceConnectOutcome> => {
    if (purpose.purpose === 'link') {
      const opened = await linkToSignedInAccount(tx, { portal, result, accountId: purpose.accountId, session, ip });
      return { kind: 'linked', opened, returnTo };
    }
    if (purpose.purpose === 'delete-account') {
      await confirmSameIdentity(tx, { result, accountId: purpose.accountId, session, startedAt: flowStartedAt(flow) });
      return { kind: 'reauthenticated', sub: result.sub, returnTo };
    }

    const holder = await accountBySub(tx, result.sub);
    if (holder) {
      await tx.update(citizenAccounts).set(verifiedIdentity(result.sub, result.identity)).where(eq(citizenAccounts.id, holder.id));
      return { kind: 'signed_in', opened: await signIn(tx, { portal, accountId: holder.id, result, session, ip, created: false }), returnTo };
    }

    const sameAddress = result.identity.email ? await accountByEmail(tx, result.identity.email) : undefined;
    if (sameAddress && !sameAddress.franceconnectSub) {
      const pending = await openFlow(tx, {
        epciId: portal.epciId,
        tenantId: portal.tenantId,
        kind: FLOW_KINDS.pendingLink,
        // No provider round trip follows: the state was spent on this callback.
        state: '',
        returnTo,
        payload: { accountId: sameAddress.id, sub: result.sub, idToken: result.idToken, identity: result.identity },
      });
      return { kind: 'confirm_link', flowId: pending.id, expiresAt: pending.expiresAt };
    }

    // An address already held by another FranceConnect identity (a shared family mailbox) stays
    // with its account: this person gets an account of their own, without it.
    const [created] = await tx
      .insert(citizenAccounts)
      .values({
        epciId: portal.epciId,
        email: sameAddress ? null : (result.identity.email?.toLowerCase() ?? null),
        ...verifiedIdentity(result.sub, result.identity),
      })
      .returning({ id: citizenAccounts.id });
    return { kind: 'signed_in', opened: await signIn(tx, { portal, accountId: created!.id, result, session, ip, created: true }), returnTo };
  });
}

async function signIn(
  tx: Transaction,
  input: { portal: CitizenPortal; accountId: string; result: SignInResult<CitizenIdentity>; session: Session | null; ip: string; created: boolean },
): Promise<OpenedSession> {
  const opened = await openCitizenSession(tx, {
    portal: input.portal,
    accountId: input.accountId,
    method: 'franceconnect',
    idToken: input.result.idToken,
    replacing: input.session,
  });
  await auditCitizen(tx, input.portal, {
    action: 'sign_in',
    accountId: input.accountId,
    ip: input.ip,
    details: { method: 'franceconnect', acr: input.result.acr, accountCreated: input.created },
  });
  return opened;
}

/**
 * The session that asked is still the account's, and the person who just signed in again at
 * FranceConnect is the account's identity: someone else's FranceConnect proves nothing.
 */
async function confirmSameIdentity(
  tx: Transaction,
  input: { result: SignInResult<CitizenIdentity>; accountId: string; session: Session | null; startedAt: Date },
) {
  const { session, accountId } = input;
  // The person signed in at FranceConnect during this round trip, not earlier: a session still
  // open there (the address edited to drop `prompt=login`) proves nothing. A few seconds allow
  // for the two clocks.
  const authTime = input.result.authTime;
  if (!authTime || authTime.getTime() < input.startedAt.getTime() - 5_000) throw new CitizenAuthError('identity_mismatch');
  if (!session || session.accountKind !== 'citizen' || session.accountId !== accountId) throw new CitizenAuthError('link_session_lost');
  const account = await accountById(tx, accountId);
  if (!account) throw new CitizenAuthError('account_not_found');
  if (account.franceconnectSub !== input.result.sub) throw new CitizenAuthError('identity_mismatch');
}

/**
 * Adds FranceConnect to the account whose owner started the round trip from their account
 * page; the session must still be theirs, so that a flow cannot attach an identity to
 * whoever happens to be signed in when it returns. The account now holds a verified identity:
 * its session gives way to a new one, like a staff session at the second factor.
 */
async function linkToSignedInAccount(
  tx: Transaction,
  input: { portal: CitizenPortal; result: SignInResult<CitizenIdentity>; accountId: string; session: Session | null; ip: string },
): Promise<OpenedSession> {
  const { session, result, accountId } = input;
  if (!session || session.accountKind !== 'citizen' || session.accountId !== accountId) throw new CitizenAuthError('link_session_lost');
  if (!(await holdSession(tx, session.id))) throw new CitizenAuthError('link_session_lost');
  const holder = await accountBySub(tx, result.sub);
  if (holder && holder.id !== accountId) throw new CitizenAuthError('identity_taken');
  const account = await accountById(tx, accountId);
  if (!account) throw new CitizenAuthError('account_not_found');
  if (account.franceconnectSub && account.franceconnectSub !== result.sub) throw new CitizenAuthError('account_already_linked');
  await tx.update(citizenAccounts).set(verifiedIdentity(result.sub, result.identity)).where(eq(citizenAccounts.id, accountId));
  await auditCitizen(tx, input.portal, { action: 'identity_linked', accountId, ip: input.ip, details: { provider: 'franceconnect', proof: 'signed_in' } });
  // The ID token is kept so that signing out also ends the FranceConnect session just opened.
  return rotateSession(tx, session, { idToken: result.idToken });
}
