import type { Context } from 'hono';
import { Hono } from 'hono';
import { z } from 'zod';
import { agentRoles, withTenant, type Session, type Tenant, type Transaction } from '@guichet/db';
import {
  changeAgentRole,
  disableAgent,
  inviteAgent,
  listAgents,
  readAuditLog,
  revokeAgentSessions,
  setAgentServices,
  type Commune,
  type InvitationMail,
} from '@guichet/identity';
import { agentInvitation, queueMail } from '@guichet/mail';
import type { AppDependencies, AppEnv, Site } from '../env.ts';
import { requireAgent } from '../middleware/require-account.ts';
import { requireCommune } from '../middleware/site.ts';
import { problem } from '../problems/problem.ts';
import { validate } from '../validate.ts';

const agentParam = z.object({ id: z.uuid('Agent introuvable') });
const serviceSlugs = z.array(z.string().regex(/^[a-z0-9-]+$/)).max(50);
const invitationSchema = z.object({
  email: z.email('Adresse e-mail invalide').max(254),
  displayName: z.string().trim().min(2, 'Nom et prénom requis').max(120),
  role: z.enum(agentRoles, 'Rôle inconnu'),
  services: serviceSlugs.default([]),
});
const journalQuery = z.object({
  avant: z.coerce.number().int().positive().optional(),
  limite: z.coerce.number().int().min(1).max(100).default(50),
});

/**
 * The commune administrator's management of agents and the audit log. Every route is for
 * commune administrators only; an agent or a service manager gets 403.
 */
export function agentAdminRoutes(deps: AppDependencies) {
  const { db } = deps;
  const admin = requireAgent('commune_admin');
  const inCommune = <T>(site: Site, work: (tx: Transaction, commune: Commune) => Promise<T>) => {
    if (site.kind !== 'commune') throw new Error('administration outside a commune');
    return withTenant(db, site.tenant.id, (tx) => work(tx, { id: site.tenant.id, epciId: site.epci.id }));
  };
  const actor = (session: Session) => ({ id: session.accountId });

  return new Hono<AppEnv>()
    .get('/agents', requireCommune, admin, async (c) => {
      const agents = await inCommune(c.var.site, (tx) => listAgents({ tx }));
      return c.json({ agents: agents.map((agent) => ({ ...agent, createdAt: agent.createdAt.toISOString() })) });
    })
    .post('/agents', requireCommune, admin, validate('json', invitationSchema), async (c) => {
      const agent = c.req.valid('json');
      const tenant = c.var.site.tenant;
      const deliver = (tx: Transaction, mail: InvitationMail) => {
        const portalUrl = `${new URL(c.req.url).protocol}//${c.req.header('host')}`;
        const rendered = agentInvitation({ commune: brandOf(tenant, portalUrl), link: `${portalUrl}/agent/activer?jeton=${mail.token}`, inviterName: mail.inviterName });
        return queueMail(deps.jobs, tx, { ...rendered, to: mail.to });
      };
      const result = await inCommune(c.var.site, (tx, commune) => inviteAgent({ tx, commune, actor: actor(c.var.session), agent, ip: c.var.clientIp, deliver }));
      if (result.outcome === 'email_taken') {
        return problem(c, 'agent-existant', {
          errors: [{ field: 'email', code: 'taken', message: 'Adresse déjà utilisée par un agent de la commune' }],
        });
      }
      if (result.outcome === 'unknown_services') return unknownServices(c, result.services);
      return c.json({ id: result.agentId }, 201);
    })
    .patch('/agents/:id/role', requireCommune, admin, validate('param', agentParam), validate('json', z.object({ role: z.enum(agentRoles, 'Rôle inconnu') })), async (c) => {
      const { id } = c.req.valid('param');
      const { role } = c.req.valid('json');
      const result = await inCommune(c.var.site, (tx, commune) => changeAgentRole({ tx, commune, actor: actor(c.var.session), agentId: id, role, ip: c.var.clientIp }));
      if (result.outcome === 'not_found') return agentNotFound(c);
      if (result.outcome === 'last_administrator') return lastAdministrator(c);
      return c.json({ id, role });
    })
    .put('/agents/:id/services', requireCommune, admin, validate('param', agentParam), validate('json', z.object({ services: serviceSlugs })), async (c) => {
      const { id } = c.req.valid('param');
      const { services } = c.req.valid('json');
      const result = await inCommune(c.var.site, (tx, commune) => setAgentServices({ tx, commune, actor: actor(c.var.session), agentId: id, services, ip: c.var.clientIp }));
      if (result.outcome === 'not_found') return agentNotFound(c);
      if (result.outcome === 'unknown_services') return unknownServices(c, result.services);
      return c.json({ id, services });
    })
    .post('/agents/:id/desactivation', requireCommune, admin, validate('param', agentParam), async (c) => {
      const { id } = c.req.valid('param');
      const result = await inCommune(c.var.site, (tx, commune) => disableAgent({ tx, commune, actor: actor(c.var.session), agentId: id, ip: c.var.clientIp }));
      if (result.outcome === 'not_found') return agentNotFound(c);
      if (result.outcome === 'self') return problem(c, 'desactivation-de-soi');
      if (result.outcome === 'last_administrator') return lastAdministrator(c);
      return c.json({ id, disabled: true as const });
    })
    .post('/agents/:id/revocation-sessions', requireCommune, admin, validate('param', agentParam), async (c) => {
      const { id } = c.req.valid('param');
      const result = await inCommune(c.var.site, (tx, commune) => revokeAgentSessions({ tx, commune, actor: actor(c.var.session), agentId: id, ip: c.var.clientIp }));
      if (result.outcome === 'not_found') return agentNotFound(c);
      return c.json({ id, sessions: result.sessions });
    })
    .get('/journal', requireCommune, admin, validate('query', journalQuery), async (c) => {
      const { avant, limite } = c.req.valid('query');
      const page = await inCommune(c.var.site, (tx, commune) => readAuditLog({ tx, commune, before: avant, limit: limite }));
      return c.json({ entries: page.entries.map((entry) => ({ ...entry, at: entry.at.toISOString() })), nextCursor: page.nextCursor });
    });
}

function brandOf(tenant: Tenant, portalUrl: string) {
  return {
    name: tenant.name,
    primaryColor: tenant.branding.primaryColor,
    portalUrl,
    postalAddress: `${tenant.contact.address}, ${tenant.contact.postalCode} ${tenant.contact.city}`,
    phone: tenant.contact.phone,
    contactEmail: tenant.contact.email,
  };
}

function agentNotFound(c: Context) {
  return problem(c, 'agent-introuvable');
}

function lastAdministrator(c: Context) {
  return problem(c, 'dernier-administrateur', {
    detail: "Nommez d'abord un autre administrateur.",
  });
}

function unknownServices(c: Context, slugs: string[]) {
  return problem(c, 'validation', {
    errors: slugs.map((slug) => ({ field: 'services', code: 'unknown', message: `Service inconnu : ${slug}` })),
  });
}
