import type { CitizenPortal } from '@guichet/identity';
import { queueMail } from '@guichet/mail';
import type { AppDependencies, Site } from './env.ts';

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
