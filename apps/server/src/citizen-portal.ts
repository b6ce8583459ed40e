import type { Context } from 'hono';
import { startFranceConnectSignIn, type CitizenPortal } from '@guichet/identity';
import { queueMail } from '@guichet/mail';
import { FLOW_COOKIE, writeCookie } from './cookies.ts';
import type { AppDependencies, Site } from './env.ts';
import { FRANCECONNECT_CALLBACK_PATH } from './identity-dependencies.ts';

/** What this helper reads of a Hono context (any route's, whatever its middleware added). */
type CommuneContext = { var: { publicOrigin: string; site: Extract<Site, { kind: 'commune' }> } };

/** The commune portal a citizen's request comes through, for the identity verbs. */
export function citizenPortal(c: CommuneContext, deps: AppDependencies): CitizenPortal {
  const { tenant } = c.var.site;
  const origin = c.var.publicOrigin;
  const { contact } = tenant;
  return {
    epciId: tenant.epciId,
    tenantId: tenant.id,
    origin,
    brand: {
      name: tenant.name,
      // No logo: the portal's is an SVG, which most mail clients refuse to show.
      primaryColor: tenant.branding.primaryColor,
      portalUrl: origin,
      postalAddress: `${contact.address}, ${contact.postalCode} ${contact.city}`,
      phone: contact.phone,
      contactEmail: contact.email,
    },
    queueMail: (tx, mail) => queueMail(deps.jobs, tx, mail),
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
