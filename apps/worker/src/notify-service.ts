import { and, asc, eq, isNull, or } from 'drizzle-orm';
import { agents, agentServices, requestEvents, requests, services, tenants, withTenant, type RequestEvent, type Transaction } from '@guichet/db';
import { ensureQueue, WORK_OPTIONS } from '@guichet/jobs';
import { renderEmail, type RenderedEmail } from '@guichet/mail';
import { NOTIFY_SERVICE, type RequestNotification } from '@guichet/requests';
import { deliverEach, deliverOnce } from './delivery.ts';
import type { NotifierDependencies } from './notify-citizen.ts';

/**
 * Tells the agents of the request's service that a request arrived, or that a citizen answered,
 * reopened or withdrew it (with their words); an overdue request goes to the service's managers
 * (and its assignee). One mail per agent, a delivery of its own (see `deliverOnce`): one agent's
 * mailbox refusing keeps no other from hearing, and the retry sends that one only.
 */
export async function workNotifyService(deps: NotifierDependencies): Promise<void> {
  await ensureQueue(deps.boss, NOTIFY_SERVICE);
  await deps.boss.work<RequestNotification>(NOTIFY_SERVICE, WORK_OPTIONS, async (jobs) => {
    for (const { data } of jobs) {
      const planned = await withTenant(deps.db, data.tenantId, (tx) => planServiceMail(deps, tx, data));
      if (!planned) continue;
      await deliverEach(
        planned.members.map((member) => () => {
          const messageId = `<service-${data.eventId}-${member.id}@guichet.localhost>`;
          return deliverOnce(deps.db, { messageId, channel: 'email' }, () => deps.mailer.send({ to: member.email, ...planned.content, messageId }));
        }),
      );
    }
  });
}

/** Who of the service is told (in a fixed order: a retry's mails go out as the first run's did), and what. */
async function planServiceMail(
  deps: NotifierDependencies,
  tx: Transaction,
  { requestId, eventId }: RequestNotification,
): Promise<{ members: { id: string; email: string }[]; content: RenderedEmail } | undefined> {
  const [row] = await tx
    .select({ request: requests, tenant: tenants, serviceName: services.name })
    .from(requests)
    .innerJoin(tenants, eq(tenants.id, requests.tenantId))
    .innerJoin(services, and(eq(services.tenantId, requests.tenantId), eq(services.id, requests.serviceId)))
    .where(eq(requests.id, requestId));
  const [event] = await tx.select({ kind: requestEvents.kind, payload: requestEvents.payload }).from(requestEvents).where(eq(requestEvents.id, eventId));
  if (!row || !event) return undefined;
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
    )
    .orderBy(asc(agents.email));
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
  return { members, content };
}

function subjectOf(event: Pick<RequestEvent, 'kind' | 'payload'>, reference: string, serviceName: string): string {
  if (event.kind === 'overdue') return `Demande en retard : ${reference} a dépassé son délai annoncé`;
  if (event.kind === 'filed') return `Nouvelle demande ${reference} pour ${serviceName}`;
  if (event.kind === 'reopened') return `Demande ${reference} rouverte par l’usager : problème non résolu`;
  if (event.kind === 'status_changed' && event.payload.to === 'closed_without_action') return `Demande ${reference} retirée par l’usager`;
  return `Réponse de l’usager sur la demande ${reference}`;
}
