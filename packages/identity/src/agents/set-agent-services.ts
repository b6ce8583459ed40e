import { asc, eq, inArray } from 'drizzle-orm';
import { agents, agentServices, services } from '@guichet/db';
import { recordAudit } from '../audit.ts';
import type { AdministrationContext } from './commune-scope.ts';
import { StaffRefusal } from '../staff/staff-refusal.ts';

export type ServicesChange = { outcome: 'changed' };

/** Replaces the services an agent works in (which inboxes they see). */
export async function setAgentServices(context: AdministrationContext, input: { agentId: string; services: string[] }): Promise<ServicesChange> {
  const { tx, commune } = context;
  const [agent] = await tx.select({ id: agents.id }).from(agents).where(eq(agents.id, input.agentId));
  if (!agent) throw new StaffRefusal('agent_not_found');
  const slugs = [...new Set(input.services)];
  const found = slugs.length ? await tx.select({ id: services.id, slug: services.slug }).from(services).where(inArray(services.slug, slugs)) : [];
  const unknown = slugs.filter((slug) => !found.some((service) => service.slug === slug));
  if (unknown.length > 0) throw new StaffRefusal('unknown_services', unknown);
  const before = await tx
    .select({ slug: services.slug })
    .from(agentServices)
    .innerJoin(services, eq(services.id, agentServices.serviceId))
    .where(eq(agentServices.agentId, agent.id))
    .orderBy(asc(services.slug));
  await tx.delete(agentServices).where(eq(agentServices.agentId, agent.id));
  if (found.length) await tx.insert(agentServices).values(found.map((service) => ({ tenantId: commune.id, agentId: agent.id, serviceId: service.id })));
  await recordAudit(tx, {
    epciId: commune.epciId,
    tenantId: commune.id,
    action: 'services_changed',
    actor: { kind: 'agent', id: context.actor.agentId },
    subject: { kind: 'agent', id: agent.id },
    ip: context.ip,
    details: { from: before.map((row) => row.slug), to: [...slugs].sort() },
  });
  return { outcome: 'changed' };
}
