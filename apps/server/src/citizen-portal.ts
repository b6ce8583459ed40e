import type { Context } from 'hono';
import { deleteCitizenAccount, startFranceConnectSignIn, type CitizenPortal, type DeletionProof, type OpenedSession } from '@guichet/identity';
import { communeBrand, queueMail } from '@guichet/mail';
import type { Transaction } from '@guichet/db';
import { claimBrowserWork, eraseCitizenData } from '@guichet/requests';
import { clearCookie, FLOW_COOKIE, SESSION_COOKIE, writeCookie } from './cookies.ts';
import type { AppDependencies, AppVariables, Site } from './env.ts';
import { FRANCECONNECT_CALLBACK_PATH } from './identity-dependencies.ts';
import { readUploadToken } from './upload-token.ts';

/** What this helper reads of a Hono context (any route's, whatever its middleware added). */
type CommuneContext = { var: { publicOrigin: string; site: Extract<Site, { kind: 'commune' }> } };

/** The commune portal a citizen's request comes through, for the identity verbs. */
export function citizenPortal(c: CommuneContext, deps: AppDependencies): CitizenPortal {
  const { tenant } = c.var.site;
  const origin = c.var.publicOrigin;
  return {
    epciId: tenant.epciId,
    tenantId: tenant.id,
    origin,
    brand: communeBrand(tenant, origin),
    queueMail: (tx, mail) => queueMail(deps.jobs, tx, mail, { tenantId: tenant.id }),
  };
}

type FranceConnectStart = Parameters<typeof startFranceConnectSignIn>;

/**
 * Starts a round trip to FranceConnect from this portal, whatever it is for (signing in,
 * linking an account): the flow's cookie is set and the provider's address returned.
 */
export async function beginFranceConnect<E extends { Variables: CommuneContext['var'] }>(
  c: Context<E>,
  deps: AppDependencies,
  franceconnect: FranceConnectStart[0]['franceconnect'],
  input: FranceConnectStart[1],
): Promise<string> {
  const redirectUri = `${c.var.publicOrigin}${FRANCECONNECT_CALLBACK_PATH}`;
  const started = await startFranceConnectSignIn({ db: deps.db, portal: citizenPortal(c, deps), franceconnect, redirectUri }, input);
  writeCookie(c, FLOW_COOKIE, started.flowId, started.expiresAt);
  return started.url.href;
}

/**
 * A citizen just signed in on this browser: the session's cookie, and what the browser began
 * signed out (drafts, their files) handed to the account. Handing over is not the sign-in: if it
 * fails, the citizen is still signed in and the work waits, still the browser's, for the next one.
 */
export async function startCitizenSession<E extends { Variables: AppVariables }>(c: Context<E>, opened: OpenedSession): Promise<void> {
  writeCookie(c, SESSION_COOKIE, opened.token, opened.session.expiresAt);
  const uploadToken = readUploadToken(c);
  if (!uploadToken) return;
  try {
    await c.var.inSite((tx: Transaction) => claimBrowserWork({ tx }, { uploadToken, accountId: opened.session.accountId }));
  } catch (error) {
    c.var.log.warn({ err: error }, 'browser work not handed to the account at sign-in');
  }
}

/**
 * Deletes the signed-in citizen's account on this proof (see `deleteCitizenAccount`): its
 * coffre-fort and exports erased with it, its requests detached and kept; the cookie goes.
 */
export async function deleteSignedInAccount<E extends { Variables: AppVariables & CommuneContext['var'] }>(
  c: Context<E>,
  deps: AppDependencies,
  proof: DeletionProof,
): Promise<{ detachedRequests: number }> {
  const session = c.var.session;
  if (!session || session.accountKind !== 'citizen') throw new Error('deleteSignedInAccount needs a citizen session');
  const outcome = await deleteCitizenAccount(
    {
      db: deps.db,
      portal: citizenPortal(c, deps),
      session,
      ip: c.var.clientIp,
      eraseData: (tx, accountId) => eraseCitizenData({ tx, jobs: deps.jobs }, { accountId }),
    },
    { proof },
  );
  clearCookie(c, SESSION_COOKIE);
  return outcome;
}
