import { and, eq, isNull, or } from 'drizzle-orm';
import { agents, agentServices, requestEvents, requests, sentMail, services, tenants, type RequestEvent } from '@guichet/db';
import { workTenantJobs } from '@guichet/jobs';
import { renderEmail } from '@guichet/mail';
import { NOTIFY_SERVICE, type RequestNotification } from '@guichet/requests';
import type { NotifierDependencies } from './notify-citizen.ts';

/**
 * Tells the agents of the request's service that a request arrived, or that a citizen answered,
 * reopened or withdrew it (with their words); an overdue request goes to the service's managers
 * (and its assignee). One mail per agent, never twice for the same event.
 */
export async function workNotifyService(deps: NotifierDependencies): Promise<void> {
  await workTenantJobs<RequestNotification>(deps.boss, deps.db, NOTIFY_SERVICE, async (tx, job) => {
    const { requestId, eventId } = job.data;
    const [row] = await tx
      .select({ request: requests, tenant: tenants, serviceName: services.name })
      .from(requests)
      .innerJoin(tenants, eq(tenants.id, requests.tenantId))
      .innerJoin(services, and(eq(services.tenantId, requests.tenantId), eq(services.id, requests.serviceId)))
      .where(eq(requests.id, requestId));
    const [event] = await tx.select({ kind: requestEvents.kind, payload: requestEvents.payload }).from(requestEvents).where(eq(requestEvents.id, eventId));
    if (!row || !event) return;
    const overdue = event.kind === 'overdue';
    const members = await tx
      .selectDistinct({ id: agents.id, email: agents.email })
      .from(agents)
      .innerJoin(agentServices, and(eq(agentServices.tenantId, agents.tenantId), eq(agentServices.agentId, agents.id)))
      .where(
        and(
          eq(agentServices.serviceId, row.request.serviceId),
          isNull(agents.disabledAt),
          overdue
            ? or(eq(agents.role, 'service_manager'), row.request.assigneeId ? eq(agents.id, row.request.assigneeId) : undefined)
            : undefined,
        ),
      );
    const portalUrl = deps.portalUrl(row.tenant.slug);
    // The citizen's words on a reopening or a withdrawal are what the service needs to read.
    const said = event.kind !== 'message' && typeof event.payload.comment === 'string' ? [{ kind: 'paragraph' as const, text: `« ${event.payload.comment} »` }] : [];
    const content = renderEmail({
      commune: { name: row.tenant.name, primaryColor: row.tenant.branding.primaryColor, portalUrl },
      subject: subjectOf(event, row.request.reference, row.serviceName),
      blocks: [
        { kind: 'paragraph', text: row.request.summary },
        ...said,
        { kind: 'button', label: 'Ouvrir la demande', href: `${portalUrl}/agent/demandes/${row.request.id}` },
      ],
    });
    for (const member of members) {
      const messageId = `<service-${eventId}-${member.id}@guichet.localhost>`;
      const [already] = await tx.select().from(sentMail).where(eq(sentMail.messageId, messageId));
      if (already) continue;
      await deps.mailer.send({ to: member.email, ...content, messageId });
      await tx.insert(sentMail).values({ messageId }).onConflictDoNothing();
    }
  });
}

function subjectOf(event: Pick<RequestEvent, 'kind' | 'payload'>, reference: string, serviceName: string): string {
  if (event.kind === 'overdue') return `Demande en retard : ${reference} a dépassé son délai annoncé`;
  if (event.kind === 'filed') return `Nouvelle demande ${reference} pour ${serviceName}`;
  if (event.kind === 'reopened') return `Demande ${reference} rouverte par l’usager : problème non résolu`;
  if (event.kind === 'status_changed' && event.payload.to === 'closed_without_action') return `Demande ${reference} retirée par l’usager`;
  return `Réponse de l’usager sur la demande ${reference}`;
}
