import { createRoute } from '@hono/zod-openapi';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { epciStaff, hostnames, tenants, withEpci, type Epci, type Tenant } from '@guichet/db';
import { inviteFirstAdministrator, recordAudit } from '@guichet/identity';
import { agentInvitation, communeBrand, queueMail } from '@guichet/mail';
import { communeCreationSchema, createCommune } from '@guichet/tenants';
import { AGENT_PROVIDER_CALLBACK_PATH } from '../agent-sign-in-providers.ts';
import type { AppDependencies, Site } from '../env.ts';
import { portalRedirects } from '../identity-dependencies.ts';
import { portalOrigin } from '../middleware/public-origin.ts';
import { requireEpciStaff } from '../middleware/require-account.ts';
import { asEpciStaff } from '../openapi/access.ts';
import { jsonBody, jsonResponse, problemResponses } from '../openapi/responses.ts';
import { createRouter } from '../openapi/router.ts';

const tags = ['Console : communes'];

const memberCommuneSchema = z
  .object({
    slug: z.string(),
    name: z.string(),
    inseeCode: z.string(),
    portalUrl: z.url().meta({ description: 'Le portail de la commune, à l’adresse de la plateforme.' }),
    hostnames: z.array(z.string()).meta({ description: 'Ses adresses propres, servies comme celle de la plateforme.' }),
    redirects: z
      .object({
        franceconnect: z.array(z.url()).meta({ description: 'Les adresses de retour à déclarer dans l’espace partenaire de FranceConnect, une par adresse du portail.' }),
        franceconnectSignedOut: z.array(z.url()).meta({ description: 'Les adresses de retour après déconnexion de FranceConnect.' }),
        proconnect: z.array(z.url()).meta({ description: 'Les adresses de retour à déclarer chez ProConnect (ou le fournisseur d’identité des agents).' }),
      })
      .meta({ description: 'Ce que les fournisseurs d’identité doivent connaître du portail.' }),
  })
  .meta({ id: 'CommuneMembre' });

const listOperation = createRoute({
  method: 'get',
  path: '/communes',
  tags,
  summary: 'Lister les communes membres et les adresses à déclarer',
  description:
    'Les communes de l’intercommunalité, par ordre alphabétique, avec l’adresse de leur portail, leurs adresses propres et, pour chacune, les adresses de retour à déclarer chez FranceConnect et ProConnect.',
  middleware: [requireEpciStaff] as const,
  security: asEpciStaff,
  responses: {
    200: jsonResponse(z.object({ communes: z.array(memberCommuneSchema) }), 'Les communes membres.'),
    ...problemResponses('connexion-requise', 'second-facteur-requis'),
  },
});

const createOperation = createRoute({
  method: 'post',
  path: '/communes',
  tags,
  summary: 'Créer une commune membre',
  description:
    'Ajoute une commune à l’intercommunalité de la console (jamais à une autre) : son identité, ses adresses, sa charte graphique (les contrastes du RGAA sont vérifiés), un premier service « Accueil de la mairie » et son premier administrateur, invité par e-mail (lien valable 72 heures). Son portail répond aussitôt à `<identifiant>.<domaine de la plateforme>` ; la réponse donne les adresses de retour à déclarer chez FranceConnect et ProConnect. La création et l’invitation sont inscrites au journal.',
  middleware: [requireEpciStaff] as const,
  security: asEpciStaff,
  request: {
    body: jsonBody(communeCreationSchema, {
      slug: 'courcelles-les-lens',
      name: 'Courcelles-lès-Lens',
      inseeCode: '62249',
      hostnames: [],
      branding: { primaryColor: '#1d4f91', secondaryColor: '#eef3fa', textOnPrimary: '#ffffff', tagline: 'Portail citoyen de Courcelles-lès-Lens' },
      contact: { address: 'Place Jean Jaurès', postalCode: '62970', city: 'Courcelles-lès-Lens' },
      administrator: { email: 'secretariat@courcelles-les-lens.fr', displayName: 'Claire Dumont' },
    }),
  },
  responses: {
    201: jsonResponse(memberCommuneSchema, 'La commune est créée ; l’invitation de son administrateur part.'),
    ...problemResponses('validation', 'connexion-requise', 'second-facteur-requis'),
  },
});

/** The EPCI console's communes: the list, with what to declare at the identity providers, and creation. */
export function consoleCommuneRoutes(deps: AppDependencies) {
  return createRouter()
    .openapi(listOperation, async (c) => {
      const site = consoleSite(c.var.site);
      const communes = await withEpci(deps.db, site.epci.id, async (tx) => {
        const members = await tx.select().from(tenants).where(eq(tenants.epciId, site.epci.id)).orderBy(asc(tenants.name));
        const own = members.length === 0 ? [] : await tx.select().from(hostnames).where(inArray(hostnames.tenantId, members.map((member) => member.id)));
        return members.map((member) => memberCommune(member, own.filter((host) => host.tenantId === member.id).map((host) => host.hostname), c.var.publicOrigin, deps.platformDomain));
      });
      return c.json({ communes }, 200);
    })
    .openapi(createOperation, async (c) => {
      const site = consoleSite(c.var.site);
      const input = c.req.valid('json');
      const staffId = c.var.session.accountId;
      const created = await withEpci(deps.db, site.epci.id, async (tx) => {
        const { communeId, administratorId } = await createCommune(tx, input, { domain: deps.platformDomain });
        const [commune] = await tx.select().from(tenants).where(eq(tenants.id, communeId));
        const described = memberCommune(commune!, input.hostnames, c.var.publicOrigin, deps.platformDomain);
        await recordAudit(tx, {
          epciId: site.epci.id,
          tenantId: communeId,
          action: 'commune_created',
          actor: { kind: 'epci_staff', id: staffId },
          subject: { kind: 'commune', id: communeId },
          ip: c.var.clientIp,
          details: { slug: input.slug, hostnames: input.hostnames },
        });
        const [inviter] = await tx.select({ displayName: epciStaff.displayName }).from(epciStaff).where(and(eq(epciStaff.epciId, site.epci.id), eq(epciStaff.id, staffId)));
        await inviteFirstAdministrator(
          {
            tx,
            epciId: site.epci.id,
            staffId,
            ip: c.var.clientIp,
            deliver: (mailTx, mail) => {
              const rendered = agentInvitation({ commune: communeBrand(commune!, described.portalUrl), link: `${described.portalUrl}agent/activer?jeton=${mail.token}`, inviterName: mail.inviterName });
              return queueMail(deps.jobs, mailTx, { ...rendered, to: mail.to }, { tenantId: communeId });
            },
          },
          { communeId, agentId: administratorId, email: input.administrator.email, inviterName: inviter?.displayName ?? site.epci.name },
        );
        return described;
      });
      // This process answers the new addresses at once (the others within their cache's 30 s),
      // and the local FranceConnect (démo) accepts its portal's return addresses.
      deps.sites.forgetUnknownHosts();
      for (const origin of portalOrigins(created.portalUrl, created.hostnames)) deps.identity.learnPortal(origin);
      return c.json(created, 201);
    });
}

function consoleSite(site: Site | undefined): { epci: Epci } {
  if (site?.kind !== 'epci') throw new Error('the console routes are mounted on the EPCI console only');
  return site;
}

/** A member commune as the console shows it: its portal's addresses and what to declare for them. */
function memberCommune(commune: Tenant, own: string[], consoleOrigin: string, platformDomain: string): z.infer<typeof memberCommuneSchema> {
  const portalUrl = `${portalOrigin(consoleOrigin, commune.slug, platformDomain)}/`;
  const origins = portalOrigins(portalUrl, own, consoleOrigin);
  const franceconnect = portalRedirects(origins);
  return {
    slug: commune.slug,
    name: commune.name,
    inseeCode: commune.inseeCode,
    portalUrl,
    hostnames: own,
    redirects: {
      franceconnect: franceconnect.redirect_uris,
      franceconnectSignedOut: franceconnect.post_logout_redirect_uris,
      proconnect: origins.map((origin) => `${origin}${AGENT_PROVIDER_CALLBACK_PATH}`),
    },
  };
}

/** The platform's address of a portal, then its own domains, served on the same scheme and port. */
function portalOrigins(portalUrl: string, own: string[], consoleOrigin = portalUrl): string[] {
  const { protocol, port } = new URL(consoleOrigin);
  return [new URL(portalUrl).origin, ...own.map((host) => `${protocol}//${host}${port ? `:${port}` : ''}`)];
}
