import type { CitizenPortal } from '@guichet/identity';
import { queueMail } from '@guichet/mail';
import type { AppDependencies, Site } from './env.ts';

/** What these helpers read of a Hono context (any route's, whatever its middleware added). */
type RequestContext = { req: { url: string; header: (name: string) => string | undefined } };
type CommuneContext = RequestContext & { var: { site: Extract<Site, { kind: 'commune' }> } };

/**
 * The portal's public origin as the browser sees it: FranceConnect's redirect URIs and the
 * links in mail must name it exactly. Behind a TLS-terminating proxy (TRUST_PROXY) the
 * scheme comes from X-Forwarded-Proto.
 */
export function publicOrigin(c: RequestContext, trustProxy: boolean): string {
  const url = new URL(c.req.url);
  const forwarded = trustProxy ? c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() : undefined;
  const protocol = forwarded === 'https' || forwarded === 'http' ? `${forwarded}:` : url.protocol;
  return `${protocol}//${url.host}`;
}

/** The URL the browser came back on, rebuilt on the public origin (what the provider redirected to). */
export function publicUrl(c: RequestContext, trustProxy: boolean): URL {
  const url = new URL(c.req.url);
  return new URL(`${url.pathname}${url.search}`, publicOrigin(c, trustProxy));
}

/** The commune portal a citizen's request comes through, for the identity verbs. */
export function citizenPortal(c: CommuneContext, deps: AppDependencies): CitizenPortal {
  const { tenant } = c.var.site;
  const origin = publicOrigin(c, deps.identity.trustProxy);
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
