import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import { procedures, requestEvents, requests, services, type Transaction } from '@guichet/db';
import { publicLabel } from '@guichet/workflow';
import type { Actor } from './actor.ts';
import { RequestError } from './errors.ts';
import { mayAccess } from './load-request.ts';

/** A citizen's requests in this commune, newest first. */
export async function listCitizenRequests(tx: Transaction, accountId: string) {
  const rows = await tx
    .select({
      id: requests.id,
      reference: requests.reference,
      summary: requests.summary,
      status: requests.status,
      filedAt: requests.filedAt,
      dueAt: requests.dueAt,
      closedAt: requests.closedAt,
      procedureTitle: procedures.definition,
    })
    .from(requests)
    .innerJoin(procedures, and(eq(procedures.tenantId, requests.tenantId), eq(procedures.id, requests.procedureId)))
    .where(and(eq(requests.citizenAccountId, accountId), isNull(requests.mergedIntoId)))
    .orderBy(desc(requests.filedAt));
  return rows.map(({ procedureTitle, ...row }) => ({ ...row, procedure: procedureTitle.title, statusLabel: publicLabel(row.status) }));
}

/**
 * One request with its history: the citizen sees the public timeline, agents also the internal
 * notes, assignments and priority changes.
 */
export async function requestDetail(tx: Transaction, actor: Actor, requestId: string) {
  const [row] = await tx
    .select({ request: requests, procedure: procedures, serviceName: services.name })
    .from(requests)
    .innerJoin(procedures, and(eq(procedures.tenantId, requests.tenantId), eq(procedures.id, requests.procedureId)))
    .innerJoin(services, and(eq(services.tenantId, requests.tenantId), eq(services.id, requests.serviceId)))
    .where(eq(requests.id, requestId));
  if (!row || !mayAccess(actor, row)) throw new RequestError({ kind: 'not_found' });
  const events = await tx
    .select()
    .from(requestEvents)
    .where(
      actor.kind === 'citizen'
        ? and(eq(requestEvents.requestId, requestId), eq(requestEvents.public, true))
        : eq(requestEvents.requestId, requestId),
    )
    .orderBy(asc(requestEvents.id));
  const { request } = row;
  const internal = actor.kind !== 'citizen';
  return {
    id: request.id,
    reference: request.reference,
    procedure: { slug: row.procedure.slug, title: row.procedure.definition.title },
    service: row.serviceName,
    status: request.status,
    statusLabel: publicLabel(request.status),
    channel: request.channel,
    summary: request.summary,
    data: request.data,
    address: request.address,
    latitude: request.latitude,
    longitude: request.longitude,
    filedAt: request.filedAt,
    dueAt: request.dueAt,
    clockPaused: request.clockPausedAt !== null,
    closedAt: request.closedAt,
    satisfactionRating: request.satisfactionRating,
    ...(internal ? { priority: request.priority, assigneeId: request.assigneeId, contactId: request.contactId, overdue: request.overdueAt !== null } : {}),
    history: events.map((event) => ({
      id: event.id,
      at: event.at,
      kind: event.kind,
      actorKind: event.actorKind,
      ...(internal ? { actorId: event.actorId, public: event.public } : {}),
      payload: internal ? event.payload : publicPayload(event.payload),
    })),
  };
}

/** Internal remarks never leave the commune, even inside a public event. */
function publicPayload(payload: Record<string, unknown>): Record<string, unknown> {
  const { internalComment: _internal, ...rest } = payload;
  return rest;
}
