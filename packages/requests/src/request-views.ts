import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { channels, eventKinds, priorities, procedures, requestEvents, requests, services, type Transaction } from '@guichet/db';
import { publicLabel, statusKeys } from '@guichet/workflow';
import type { Actor } from '@guichet/db';
import type { CitizenActor } from './actor.ts';
import { RequestError } from './errors.ts';
import { mayAccess } from './load-request.ts';

/** A citizen's requests in this commune, newest first. */
export async function listCitizenRequests(context: { tx: Transaction; actor: CitizenActor }) {
  const { tx, actor } = context;
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
    .where(and(eq(requests.citizenAccountId, actor.accountId), isNull(requests.mergedIntoId)))
    .orderBy(desc(requests.filedAt));
  return rows.map(({ procedureTitle, ...row }) => ({ ...row, procedure: procedureTitle.title, statusLabel: publicLabel(row.status) }));
}

/**
 * One request with its history: the citizen sees the public timeline, agents also the internal
 * notes, assignments and priority changes.
 */
export async function requestDetail(context: { tx: Transaction; actor: Actor }, input: { requestId: string }) {
  const { tx, actor } = context;
  const { requestId } = input;
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

/** A moment as the API writes it: ISO 8601 with its offset. */
export const instant = z.iso.datetime({ offset: true });
const status = z.enum(statusKeys).meta({ description: 'Le statut (`statusLabel` le dit en français).' });

/** One line of a citizen's « Mes demandes », as the API answers it. */
export const citizenRequestSummarySchema = z
  .object({
    id: z.uuid(),
    reference: z.string().meta({ example: 'LIB-2026-000042' }),
    summary: z.string(),
    status,
    statusLabel: z.string(),
    procedure: z.string().meta({ description: 'Le titre de la démarche.' }),
    filedAt: instant,
    dueAt: instant,
    closedAt: instant.nullable(),
  })
  .meta({ id: 'DemandeResumee' });

const historyEventSchema = z.object({
  id: z.number(),
  at: instant,
  kind: z.enum(eventKinds),
  actorKind: z.string(),
  actorId: z.string().nullable().optional().meta({ description: 'Agents seulement.' }),
  public: z.boolean().optional().meta({ description: 'Agents seulement : l’usager voit-il cet événement ?' }),
  payload: z.record(z.string(), z.unknown()),
});

/** One request and its history, as the API answers it (agents see the internal fields too). */
export const requestDetailSchema = z
  .object({
    id: z.uuid(),
    reference: z.string(),
    procedure: z.object({ slug: z.string(), title: z.string() }),
    service: z.string(),
    status,
    statusLabel: z.string(),
    channel: z.enum(channels),
    summary: z.string(),
    data: z.record(z.string(), z.unknown()).meta({ description: 'Les réponses au formulaire de la démarche.' }),
    address: z.string().nullable(),
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
    filedAt: instant,
    dueAt: instant,
    clockPaused: z.boolean(),
    closedAt: instant.nullable(),
    satisfactionRating: z.int().nullable(),
    priority: z.enum(priorities).optional(),
    assigneeId: z.uuid().nullable().optional(),
    contactId: z.uuid().nullable().optional(),
    overdue: z.boolean().optional(),
    history: z.array(historyEventSchema),
  })
  .meta({ id: 'Demande' });
