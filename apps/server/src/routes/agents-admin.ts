import { buffer } from 'node:stream/consumers';
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { agentRoles, type AgentActor, type Transaction } from '@guichet/db';
import {
  agentSummarySchema,
  auditLogPageSchema,
  auditLogQuerySchema,
  changeAgentRole,
  disableAgent,
  inviteAgent,
  createService,
  listAgents,
  newServiceSchema,
  readAuditLog,
  serviceInputSchema,
  updateService,
  readCommunePresentation,
  replaceCommuneLogo,
  updateCommunePresentation,
  revokeAgentSessions,
  setAgentServices,
  type InvitationMail,
} from '@guichet/identity';
import { agentInvitation, communeBrand, queueMail } from '@guichet/mail';
import { FileError, releaseAssignments, releasedRequestSchema } from '@guichet/requests';
import { checkLogo, tooHeavyLogo } from '@guichet/tenants/logo';
import { communePresentationSchema, LOGO_MAX_BYTES } from '@guichet/tenants/presentation';
import { calendarSchema, readCommuneSettings, updateCommuneCalendar } from '@guichet/catalogue';
import type { AppDependencies, Site } from '../env.ts';
import { agentActor } from '../middleware/agent-actor.ts';
import { requireAgent } from '../middleware/require-account.ts';
import { requireCommune } from '../middleware/site.ts';
import { withUpload } from '../multipart-upload.ts';
import { asAgent } from '../openapi/access.ts';
import { multipartFileBody } from '../openapi/files.ts';
import { jsonBody, jsonResponse, problemResponses } from '../openapi/responses.ts';
import { createRouter } from '../openapi/router.ts';
import { logoUrl } from './site.ts';

const agentParam = z.object({ id: z.uuid('Agent introuvable').meta({ description: 'L’identifiant de l’agent.' }) });
const serviceSlugs = z.array(z.string().regex(/^[a-z0-9-]+$/)).max(50).meta({ description: 'Les slugs des services de la commune.' });
const role = z.enum(agentRoles, 'Rôle inconnu').meta({ description: 'Agent, responsable de service, administrateur de la commune ou élu (`elected_official` : décide des demandes en attente de décision de ses services, ne les traite pas autrement).' });
const invitationSchema = z
  .object({
    email: z.email('Adresse e-mail invalide').max(254),
    displayName: z.string().trim().min(2, 'Nom et prénom requis').max(120),
    role,
    services: serviceSlugs.default([]),
  })
  // Only an administrator sees the whole commune: anyone else without a service would see nothing.
  .refine((invitation) => invitation.role === 'commune_admin' || invitation.services.length > 0, {
    path: ['services'],
    message: 'Choisissez au moins un service : un agent ne voit que les demandes de ses services.',
  });
const roleSchema = z.object({ role });
const servicesSchema = z.object({ services: serviceSlugs });

const tags = ['Agents : administration'];
const admin = requireAgent('commune_admin');
const security = asAgent('commune_admin');
/** What every operation here may answer before its own work. */
const access = ['connexion-requise', 'second-facteur-requis', 'droits-insuffisants', 'commune-requise'] as const;

const listOperation = createRoute({
  method: 'get',
  path: '/agents',
  tags,
  summary: 'Lister les agents de la commune',
  description: 'Tous les agents de la commune, par nom, avec leur rôle, leurs services et l’état de leur compte (invité, actif, désactivé).',
  middleware: [requireCommune, admin] as const,
  security,
  responses: {
    200: jsonResponse(z.object({ agents: z.array(agentSummarySchema) }), 'Les agents de la commune.'),
    ...problemResponses(...access),
  },
});

const inviteOperation = createRoute({
  method: 'post',
  path: '/agents',
  tags,
  summary: 'Inviter un agent',
  description:
    'Crée le compte et envoie par e-mail un lien d’invitation, valable 72 heures, avec lequel l’agent choisit son mot de passe (`POST /api/agent/auth/activation`) puis associe son application d’authentification. L’invitation est inscrite au journal.',
  middleware: [requireCommune, admin, agentActor] as const,
  security,
  request: {
    body: jsonBody(invitationSchema, { email: 'bruno.lemaire@libercourt.fr', displayName: 'Bruno Lemaire', role: 'agent', services: ['etat-civil'] }),
  },
  responses: {
    201: jsonResponse(z.object({ id: z.uuid() }), 'L’agent est invité ; l’e-mail d’invitation part.'),
    ...problemResponses('validation', 'agent-existant', ...access),
  },
});

const roleOperation = createRoute({
  method: 'patch',
  path: '/agents/{id}/role',
  tags,
  summary: 'Changer le rôle d’un agent',
  description: 'La commune garde toujours au moins un administrateur actif. Les sessions de l’agent sont fermées : il se reconnecte avec son nouveau rôle. Le changement est inscrit au journal.',
  middleware: [requireCommune, admin, agentActor] as const,
  security,
  request: { params: agentParam, body: jsonBody(roleSchema, { role: 'service_manager' }) },
  responses: {
    200: jsonResponse(z.object({ id: z.uuid(), role: z.enum(agentRoles) }), 'Le nouveau rôle.'),
    ...problemResponses('validation', 'agent-introuvable', 'dernier-administrateur', ...access),
  },
});

const servicesOperation = createRoute({
  method: 'put',
  path: '/agents/{id}/services',
  tags,
  summary: 'Choisir les services d’un agent',
  description: 'Remplace la liste des services où l’agent travaille (et dont il voit les demandes). Le changement est inscrit au journal.',
  middleware: [requireCommune, admin, agentActor] as const,
  security,
  request: { params: agentParam, body: jsonBody(servicesSchema, { services: ['urbanisme', 'ccas'] }) },
  responses: {
    200: jsonResponse(z.object({ id: z.uuid(), services: z.array(z.string()) }), 'Les services de l’agent.'),
    ...problemResponses('validation', 'agent-introuvable', ...access),
  },
});

const disableOperation = createRoute({
  method: 'post',
  path: '/agents/{id}/desactivation',
  tags,
  summary: 'Désactiver un agent',
  description:
    'L’agent ne peut plus se connecter et ses sessions sont fermées ; son compte et son historique restent. Les demandes ouvertes qu’il avait en charge retournent aussitôt dans la file de leur service (un évènement d’historique chacune) : `released` les liste, à réattribuer. On ne désactive ni son propre compte ni le dernier administrateur.',
  middleware: [requireCommune, admin, agentActor] as const,
  security,
  request: { params: agentParam },
  responses: {
    200: jsonResponse(z.object({ id: z.uuid(), disabled: z.literal(true), released: z.array(releasedRequestSchema) }), 'L’agent est désactivé.'),
    ...problemResponses('validation', 'agent-introuvable', 'desactivation-de-soi', 'dernier-administrateur', ...access),
  },
});

const revokeOperation = createRoute({
  method: 'post',
  path: '/agents/{id}/revocation-sessions',
  tags,
  summary: 'Fermer toutes les sessions d’un agent',
  description: 'Déconnecte l’agent de tous ses appareils (un téléphone perdu, un poste de guichet resté ouvert) ; son compte reste utilisable. L’action est inscrite au journal.',
  middleware: [requireCommune, admin, agentActor] as const,
  security,
  request: { params: agentParam },
  responses: {
    200: jsonResponse(z.object({ id: z.uuid(), sessions: z.int().meta({ description: 'Le nombre de sessions fermées.' }) }), 'Les sessions sont fermées.'),
    ...problemResponses('validation', 'agent-introuvable', ...access),
  },
});

const serviceParam = z.object({ slug: z.string().regex(/^[a-z0-9-]+$/, 'Service introuvable').meta({ description: 'Le slug du service.' }) });

const createServiceOperation = createRoute({
  method: 'post',
  path: '/services',
  tags,
  summary: 'Créer un service',
  description: 'Un nouveau service de la commune (sa boîte de demandes) ; ses agents se choisissent ensuite (`PUT /agents/{id}/services`). Le slug, tiré du nom s’il est omis, ne change plus : les règles d’orientation des démarches le nomment.',
  middleware: [requireCommune, admin, agentActor] as const,
  security,
  request: { body: jsonBody(newServiceSchema, { name: 'Eau et assainissement', email: 'eau@libercourt.example.fr' }) },
  responses: {
    201: jsonResponse(z.object({ id: z.uuid(), slug: z.string() }), 'Le service est créé.'),
    ...problemResponses('validation', 'service-existant', ...access),
  },
});

const updateServiceOperation = createRoute({
  method: 'put',
  path: '/services/{slug}',
  tags,
  summary: 'Renommer ou décrire un service',
  description: 'Son nom, sa description, son e-mail et son téléphone ; le slug reste. Inscrit au journal.',
  middleware: [requireCommune, admin, agentActor] as const,
  security,
  request: { params: serviceParam, body: jsonBody(serviceInputSchema, { name: 'Services techniques et propreté', description: 'Voirie, éclairage, propreté.' }) },
  responses: {
    200: jsonResponse(z.object({ slug: z.string() }), 'Le service est modifié.'),
    ...problemResponses('validation', 'service-existant', 'service-introuvable', ...access),
  },
});

const presentationSchema = communePresentationSchema.meta({ id: 'PresentationDeLaCommune' });

const readPresentationOperation = createRoute({
  method: 'get',
  path: '/commune',
  tags,
  summary: 'Lire la présentation de la commune',
  description: 'Les couleurs, le slogan et les coordonnées (horaires d’ouverture compris) que le portail montre.',
  middleware: [requireCommune, admin] as const,
  security,
  responses: {
    200: jsonResponse(presentationSchema, 'La présentation de la commune.'),
    ...problemResponses(...access),
  },
});

const updatePresentationOperation = createRoute({
  method: 'put',
  path: '/commune',
  tags,
  summary: 'Modifier la présentation de la commune',
  description:
    'Remplace les couleurs, le slogan et les coordonnées. Les couleurs doivent rester lisibles (RGAA 3.2, 3.3) : le texte de l’en-tête sur la couleur principale et le texte des pages sur la couleur secondaire à 4,5:1 au moins, la couleur principale à 3:1 du blanc ; sinon 422, avec le rapport obtenu. Le changement est inscrit au journal et survit aux redémarrages : un fichier de commune ne le remplace que si sa propre entrée change. Les autres serveurs le montrent dans les 30 secondes.',
  middleware: [requireCommune, admin, agentActor] as const,
  security,
  request: {
    body: jsonBody(presentationSchema, {
      branding: { primaryColor: '#1b6b45', secondaryColor: '#e6f2ec', textOnPrimary: '#ffffff', tagline: 'Vos démarches en ligne, 24 h/24' },
      contact: { address: 'Place de la République', postalCode: '62820', city: 'Libercourt', phone: '03 21 77 00 00', openingHours: 'Du lundi au vendredi, 8 h 30 – 12 h et 13 h 30 – 17 h 30' },
    }),
  },
  responses: {
    200: jsonResponse(presentationSchema, 'La présentation enregistrée.'),
    ...problemResponses('validation', ...access),
  },
});

const replaceLogoOperation = createRoute({
  method: 'put',
  path: '/commune/logo',
  tags,
  summary: 'Remplacer le logo de la commune',
  description: `Envoie le logo en \`multipart/form-data\`, dans le champ \`file\` : une image SVG ou PNG de 200 ko au plus, le format lu dans son contenu. Un PNG doit avoir un en-tête lisible et 4096 pixels au plus de côté. Un SVG est réécrit sans ce qui pourrait s’exécuter ou aller chercher ailleurs (scripts, attributs \`on…\`, \`foreignObject\`, liens et styles vers d’autres fichiers ou sites) ; s’il ne dessine plus rien, il est refusé. Sinon 422, sur le champ \`file\`, et le logo reste celui d’avant.

Le changement est inscrit au journal et survit aux redémarrages : le fichier de la commune ne le remplace que si son propre logo change. Le portail le montre aussitôt (\`logoUrl\` change avec lui), les autres serveurs dans les 30 secondes.`,
  middleware: [requireCommune, admin, agentActor] as const,
  security,
  request: { body: multipartFileBody() },
  responses: {
    200: jsonResponse(z.object({ logoUrl: z.string().meta({ description: 'L’adresse du nouveau logo, comme la donne `GET /api/commune`.' }) }), 'Le logo est remplacé.'),
    ...problemResponses('validation', 'envoi-illisible', 'fichier-manquant', ...access),
  },
});

const communeCalendarSchema = calendarSchema.meta({ id: 'CalendrierDeLaCommune' });

const readCalendarOperation = createRoute({
  method: 'get',
  path: '/calendrier',
  tags,
  summary: 'Lire le calendrier de la commune',
  description: 'La zone des jours fériés, les jours de fermeture des services en plus (`closures`, AAAA-MM-JJ) et le délai d’accusé de réception en jours ouvrés : ce que comptent les échéances.',
  middleware: [requireCommune, admin] as const,
  security,
  responses: {
    200: jsonResponse(communeCalendarSchema, 'Le calendrier.'),
    ...problemResponses(...access),
  },
});

const updateCalendarOperation = createRoute({
  method: 'put',
  path: '/calendrier',
  tags,
  summary: 'Modifier le calendrier de la commune',
  description:
    'Remplace le calendrier. Les échéances calculées ensuite le suivent (un jour de fermeture n’est pas un jour ouvré) ; celles déjà annoncées restent. Un nouveau chargement de `catalogue.yaml` ne le remplace que si le calendrier du fichier change.',
  middleware: [requireCommune, admin] as const,
  security,
  request: { body: jsonBody(communeCalendarSchema, { zone: 'metropole', closures: ['2026-12-24', '2026-12-31'], acknowledgementDelayDays: 2 }) },
  responses: {
    200: jsonResponse(communeCalendarSchema, 'Le calendrier enregistré.'),
    ...problemResponses('validation', ...access),
  },
});

const journalOperation = createRoute({
  method: 'get',
  path: '/journal',
  tags,
  summary: 'Lire le journal d’audit de la commune',
  description: 'Connexions, échecs, blocages, invitations, changements de rôle et de services…, du plus récent au plus ancien, par pages (`limite`, puis `avant` = `nextCursor`).',
  middleware: [requireCommune, admin] as const,
  security,
  request: { query: auditLogQuerySchema },
  responses: {
    200: jsonResponse(auditLogPageSchema, 'Une page du journal.'),
    ...problemResponses('validation', ...access),
  },
});

/**
 * The commune administrator's management of agents and the audit log. Every route is for
 * commune administrators only; an agent or a service manager gets 403.
 */
export function agentAdminRoutes(deps: AppDependencies) {
  return createRouter()
    .openapi(listOperation, async (c) => {
      const agents = await c.var.inSite((tx) => listAgents({ tx }));
      return c.json({ agents: agents.map((agent) => ({ ...agent, createdAt: agent.createdAt.toISOString() })) }, 200);
    })
    .openapi(inviteOperation, async (c) => {
      const invitation = c.req.valid('json');
      const tenant = c.var.site.tenant;
      const deliver = (tx: Transaction, mail: InvitationMail) => {
        const portalUrl = c.var.publicOrigin;
        const rendered = agentInvitation({ commune: communeBrand(tenant, portalUrl), link: `${portalUrl}/agent/activer?jeton=${mail.token}`, inviterName: mail.inviterName });
        return queueMail(deps.jobs, tx, { ...rendered, to: mail.to }, { tenantId: tenant.id });
      };
      const result = await c.var.inSite((tx) => inviteAgent({ ...administration(c.var, tx), deliver }, invitation));
      return c.json({ id: result.agentId }, 201);
    })
    .openapi(roleOperation, async (c) => {
      const { id } = c.req.valid('param');
      const { role } = c.req.valid('json');
      await c.var.inSite(async (tx) => {
        await changeAgentRole(administration(c.var, tx), { agentId: id, role });
        // An elected official decides but holds no request: theirs go back to their services.
        if (role === 'elected_official') await releaseAssignments({ tx, tenantId: c.var.site.tenant.id, actor: c.var.actor }, { agentId: id });
      });
      return c.json({ id, role }, 200);
    })
    .openapi(servicesOperation, async (c) => {
      const { id } = c.req.valid('param');
      const { services } = c.req.valid('json');
      await c.var.inSite((tx) => setAgentServices(administration(c.var, tx), { agentId: id, services }));
      return c.json({ id, services }, 200);
    })
    .openapi(disableOperation, async (c) => {
      const { id } = c.req.valid('param');
      const released = await c.var.inSite(async (tx) => {
        await disableAgent(administration(c.var, tx), { agentId: id });
        return releaseAssignments({ tx, tenantId: c.var.site.tenant.id, actor: c.var.actor }, { agentId: id });
      });
      return c.json({ id, disabled: true as const, released }, 200);
    })
    .openapi(revokeOperation, async (c) => {
      const { id } = c.req.valid('param');
      const result = await c.var.inSite((tx) => revokeAgentSessions(administration(c.var, tx), { agentId: id }));
      return c.json({ id, sessions: result.sessions }, 200);
    })
    .openapi(createServiceOperation, async (c) => c.json(await c.var.inSite((tx) => createService(administration(c.var, tx), c.req.valid('json'))), 201))
    .openapi(updateServiceOperation, async (c) => {
      const { slug } = c.req.valid('param');
      await c.var.inSite((tx) => updateService(administration(c.var, tx), { slug, ...c.req.valid('json') }));
      return c.json({ slug }, 200);
    })
    .openapi(readCalendarOperation, async (c) => c.json((await c.var.inSite((tx) => readCommuneSettings({ tx }))).calendar, 200))
    .openapi(updateCalendarOperation, async (c) => {
      const calendar = c.req.valid('json');
      await c.var.inSite((tx) => updateCommuneCalendar({ tx, tenantId: c.var.site.tenant.id }, calendar));
      return c.json((await c.var.inSite((tx) => readCommuneSettings({ tx }))).calendar, 200);
    })
    .openapi(readPresentationOperation, async (c) => c.json(await c.var.inSite((tx) => readCommunePresentation({ tx, commune: c.var.site.tenant })), 200))
    .openapi(updatePresentationOperation, async (c) => {
      const presentation = c.req.valid('json');
      await c.var.inSite((tx) => updateCommunePresentation(administration(c.var, tx), presentation));
      deps.sites.forgetCommune(c.var.site.tenant.id);
      return c.json(presentation, 200);
    })
    .openapi(replaceLogoOperation, async (c) => {
      const logo = await withUpload(c.req.raw, LOGO_MAX_BYTES, async (upload) => checkLogo(await buffer(upload.file.received.open()))).catch((error: unknown) => {
        // Read no further than the limit, and refused on its field like any other bad logo.
        throw error instanceof FileError && error.failure.kind === 'too_large' ? tooHeavyLogo() : error;
      });
      await c.var.inSite((tx) => replaceCommuneLogo(administration(c.var, tx), logo));
      deps.sites.forgetCommune(c.var.site.tenant.id);
      return c.json({ logoUrl: logoUrl(logo.dataUrl) }, 200);
    })
    .openapi(journalOperation, async (c) => {
      const { avant, limite } = c.req.valid('query');
      const page = await c.var.inSite((tx) => readAuditLog({ tx, commune: c.var.site.tenant }, { before: avant, limit: limite }));
      return c.json({ entries: page.entries.map((entry) => ({ ...entry, at: entry.at.toISOString() })), nextCursor: page.nextCursor }, 200);
    });
}

/** An administrator's change: the verbs' context, in the commune's transaction, by the agent of `agentActor`. */
function administration(vars: { site: Extract<Site, { kind: 'commune' }>; actor: AgentActor; clientIp: string }, tx: Transaction) {
  return { tx, commune: vars.site.tenant, actor: vars.actor, ip: vars.clientIp };
}
