import { and, eq, isNull, ne } from 'drizzle-orm';
import { z } from 'zod';
import { agents, agentServices, priorities, requests, services } from '@guichet/db';
import { RequestError } from './errors.ts';
import { appendEvent } from './history.ts';
import { loadRequestFor } from './load-request.ts';
import type { ChangeContext } from './transition-request.ts';

export const assignInputSchema = z.strictObject({
  /** An agent of the commune; null hands the request back to the service's queue. */
  assigneeId: z.uuid().nullable(),
});

/** Take (assign to oneself) or assign to a colleague of the request's service. */
export async function assignRequest(context: ChangeContext, input: { requestId: string } & z.infer<typeof assignInputSchema>) {
  const { tx, actor } = context;
  const { request } = await loadRequestFor(tx, actor, input.requestId);
  if (input.assigneeId) {
    const [member] = await tx
      .select({ id: agents.id })
      .from(agents)
      .innerJoin(agentServices, and(eq(agentServices.tenantId, agents.tenantId), eq(agentServices.agentId, agents.id)))
      .where(and(eq(agents.id, input.assigneeId), isNull(agents.disabledAt), ne(agents.role, 'elected_official'), eq(agentServices.serviceId, request.serviceId)));
    if (!member) throw new RequestError({ kind: 'conflict', message: "Cet agent n'appartient pas au service de la demande." });
  }
  await tx.update(requests).set({ assigneeId: input.assigneeId, updatedAt: new Date() }).where(eq(requests.id, request.id));
  await appendEvent(tx, {
    tenantId: context.tenantId,
    requestId: request.id,
    kind: 'assigned',
    public: false,
    actor,
    payload: { from: request.assigneeId, to: input.assigneeId },
  });
}

export const transferInputSchema = z.strictObject({ service: z.string().min(1).max(100), comment: z.string().trim().max(2000).optional() });

/** Hands the request to another service (the routing was wrong, or the case changed). */
export async function transferRequest(context: ChangeContext, input: { requestId: string } & z.infer<typeof transferInputSchema>) {
  const { tx, actor } = context;
  const { request } = await loadRequestFor(tx, actor, input.requestId);
  const [service] = await tx.select({ id: services.id, name: services.name }).from(services).where(eq(services.slug, input.service));
  if (!service) throw new RequestError({ kind: 'not_found' });
  if (service.id === request.serviceId) return;
  await tx.update(requests).set({ serviceId: service.id, assigneeId: null, updatedAt: new Date() }).where(eq(requests.id, request.id));
  await appendEvent(tx, {
    tenantId: context.tenantId,
    requestId: request.id,
    kind: 'transferred',
    // The citizen sees which service now handles it, not the internal comment.
    public: true,
    actor,
    payload: { fromServiceId: request.serviceId, toServiceId: service.id, serviceName: service.name, ...(input.comment ? { internalComment: input.comment } : {}) },
  });
}

export const priorityInputSchema = z.strictObject({ priority: z.enum(priorities) });

export async function setPriority(context: ChangeContext, input: { requestId: string } & z.infer<typeof priorityInputSchema>) {
  const { tx, actor } = context;
  const { request } = await loadRequestFor(tx, actor, input.requestId);
  if (request.priority === input.priority) return;
  await tx.update(requests).set({ priority: input.priority, updatedAt: new Date() }).where(eq(requests.id, request.id));
  await appendEvent(tx, {
    tenantId: context.tenantId,
    requestId: request.id,
    kind: 'priority_changed',
    public: false,
    actor,
    payload: { from: request.priority, to: input.priority },
  });
}
