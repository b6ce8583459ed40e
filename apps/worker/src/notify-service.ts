import { and, eq, isNull, or } from 'drizzle-orm';
import { agents, agentServices, requestEvents, requests, sentMail, services, tenants } from '@guichet/db';
import { workTenantJobs } from '@guichet/jobs';
import { renderEmail } from '@guichet/mail';
import { NOTIFY_SERVICE, type RequestNotification } from '@guichet/requests';
import type { NotifierDependencies } from './notify-citizen.ts';

/**
 * Tells the agents of the request's service that a request arrived or that a citizen answered;
 * an overdue request goes to the service's managers (and its assignee). One mail per agent,
 * never twice for the same event.
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
    const [event] = await tx.select({ kind: requestEvents.kind }).from(requestEvents).where(eq(requestEvents.id, eventId));
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
    const subject = overdue
      ? `Demande en retard : ${row.request.reference} a dépassé son délai annoncé`
      : event.kind === 'filed'
        ? `Nouvelle demande ${row.request.reference} pour ${row.serviceName}`
        : `Réponse de l’usager sur la demande ${row.request.reference}`;
    const content = renderEmail({
      commune: { name: row.tenant.name, primaryColor: row.tenant.branding.primaryColor, portalUrl },
      subject,
      blocks: [
        { kind: 'paragraph', text: row.request.summary },
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
