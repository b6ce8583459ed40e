import { and, asc, desc, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { agents, agentServices, channels, citizenAccounts, contacts, eventKinds, priorities, procedureForms, procedures, requestEvents, requests, services, type EventKind, type Transaction } from '@guichet/db';
import { readCommuneSettings } from '@guichet/catalogue';
import { formSchema, type FormDefinition } from '@guichet/forms';
import { workingDaysBetween } from '@guichet/deadlines';
import { availableTransitions, isFinal, publicLabel, resolveWorkflow, statuses, statusKeys, type WorkflowOverridesInput } from '@guichet/workflow';
import type { Actor } from '@guichet/db';
import { isCitizenSide, workflowRole, type CitizenActor } from './actor.ts';
import { RequestError } from './errors.ts';
import { mayAccess } from './load-request.ts';

/** What the commune says to the citizen on a request: its messages and status changes. */
const newsKinds: readonly EventKind[] = ['message', 'status_changed', 'reopened', 'merged'];

/**
 * The moment up to which the citizen has seen their request: when they last opened it, or
 * acted on it (what happened in the same transaction as their own act, like the resumption
 * their answer causes, is not news to them).
 */
const seenAt = sql`greatest(${requests.citizenReadAt}, (
  select max(own.at) from request_events own
  where own.tenant_id = ${requests.tenantId} and own.request_id = ${requests.id} and own.actor_kind = 'citizen'))`;

/**
 * A citizen's requests in this commune: those with unread news first (public messages and
 * status changes from the commune since they last opened or acted on the request), then by
 * last public activity.
 */
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
      unreadMessages: sql<number>`(
        select count(*)::int from request_events news
        where news.tenant_id = ${requests.tenantId} and news.request_id = ${requests.id}
          and news.public and news.actor_kind <> 'citizen'
          and news.kind in (${sql.join(newsKinds.map((kind) => sql`${kind}`), sql`, `)})
          and news.at > coalesce(${seenAt}, '-infinity'))`,
      lastActivityAt: sql<Date>`coalesce((
        select max(activity.at) from request_events activity
        where activity.tenant_id = ${requests.tenantId} and activity.request_id = ${requests.id} and activity.public), ${requests.filedAt})`.mapWith(
        requests.filedAt,
      ),
    })
    .from(requests)
    .innerJoin(procedures, and(eq(procedures.tenantId, requests.tenantId), eq(procedures.id, requests.procedureId)))
    .where(and(eq(requests.citizenAccountId, actor.accountId), isNull(requests.mergedIntoId)));
  return rows
    .map(({ procedureTitle, ...row }) => ({ ...row, procedure: procedureTitle.title, statusLabel: publicLabel(row.status) }))
    .sort(
      (left, right) =>
        Number(right.unreadMessages > 0) - Number(left.unreadMessages > 0) ||
        right.lastActivityAt.getTime() - left.lastActivityAt.getTime() ||
        right.filedAt.getTime() - left.filedAt.getTime(),
    );
}

/**
 * One request with its history: the citizen sees the public timeline, agents also the internal
 * notes, assignments and priority changes. The citizen's reading marks the commune's news read,
 * and tells them what they may still do (withdraw, reopen until when).
 */
export async function requestDetail(context: { tx: Transaction; actor: Actor; markRead?: boolean }, input: { requestId: string }) {
  const { tx, actor } = context;
  const { requestId } = input;
  const [row] = await tx
    .select({ request: requests, procedure: procedures, form: procedureForms.form, serviceName: services.name, serviceSlug: services.slug })
    .from(requests)
    .innerJoin(procedures, and(eq(procedures.tenantId, requests.tenantId), eq(procedures.id, requests.procedureId)))
    .innerJoin(
      procedureForms,
      and(eq(procedureForms.tenantId, requests.tenantId), eq(procedureForms.procedureId, requests.procedureId), eq(procedureForms.version, requests.formVersion)),
    )
    .innerJoin(services, and(eq(services.tenantId, requests.tenantId), eq(services.id, requests.serviceId)))
    .where(eq(requests.id, requestId));
  if (!row || !mayAccess(actor, row)) throw new RequestError({ kind: 'not_found' });
  const events = await tx
    .select()
    .from(requestEvents)
    .where(
      isCitizenSide(actor)
        ? and(eq(requestEvents.requestId, requestId), eq(requestEvents.public, true))
        : eq(requestEvents.requestId, requestId),
    )
    .orderBy(asc(requestEvents.id));
  const { request } = row;
  const internal = !isCitizenSide(actor);
  const names = internal
    ? await agentNames(tx, [request.assigneeId, ...events.flatMap((event) => [event.actorKind === 'agent' ? event.actorId : null, event.kind === 'assigned' ? assignedTo(event) : null])])
    : new Map<string, string>();
  // An export of the citizen's data reads the request without them: their news stay unread.
  if (!internal && context.markRead !== false) await markRead(tx, request, events);
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
    // Stored parsed when the procedure declared it; the table only types it loosely.
    form: row.form as FormDefinition,
    formVersion: request.formVersion,
    address: request.address,
    latitude: request.latitude,
    longitude: request.longitude,
    filedAt: request.filedAt,
    dueAt: request.dueAt,
    clockPaused: request.clockPausedAt !== null,
    closedAt: request.closedAt,
    satisfactionRating: request.satisfactionRating,
    ...(internal
      ? {
          version: request.version,
          priority: request.priority,
          assigneeId: request.assigneeId,
          assigneeName: request.assigneeId ? (names.get(request.assigneeId) ?? null) : null,
          serviceSlug: row.serviceSlug,
          team: await serviceTeam(tx, request.serviceId),
          contactId: request.contactId,
          contact: await contactOf(tx, request.contactId),
          contactRequests: await contactRequests(tx, actor, request),
          overdue: request.overdueAt !== null,
          workingDaysLeft: request.closedAt ? null : workingDaysBetween(new Date(), request.dueAt, (await readCommuneSettings({ tx })).calendar),
          transitions: agentTransitions(row, actor),
        }
      : citizenActions(row)),
    history: events.map((event) => ({
      id: event.id,
      at: event.at,
      kind: event.kind,
      actorKind: event.actorKind,
      ...(internal ? { actorId: event.actorId, actorName: event.actorId ? (names.get(event.actorId) ?? null) : null, public: event.public } : {}),
      payload: internal ? namedPayload(event, names) : publicPayload(event.payload),
    })),
  };
}

/** Only when there is news since the last reading, so that reading stays a read most of the time. */
async function markRead(tx: Transaction, request: typeof requests.$inferSelect, events: (typeof requestEvents.$inferSelect)[]) {
  const news = events.filter((event) => event.actorKind !== 'citizen' && newsKinds.includes(event.kind));
  if (news.length === 0) return;
  const latest = Math.max(...news.map((event) => event.at.getTime()));
  if (request.citizenReadAt && request.citizenReadAt.getTime() >= latest) return;
  await tx.update(requests).set({ citizenReadAt: sql`now()` }).where(eq(requests.id, request.id));
}

/** The statuses this agent may move the request to now: the desk's buttons, as the workflow allows. */
function agentTransitions(row: { request: typeof requests.$inferSelect; procedure: typeof procedures.$inferSelect }, actor: Actor) {
  const workflow = resolveWorkflow((row.procedure.definition.workflow ?? undefined) as WorkflowOverridesInput | undefined);
  return availableTransitions(workflow, row.request.status, workflowRole(actor), { closedAt: row.request.closedAt }).map((move) => ({
    to: move.to,
    label: statuses[move.to].label,
    reasonRequired: move.reasonRequired,
  }));
}

function assignedTo(event: typeof requestEvents.$inferSelect): string | null {
  return typeof event.payload.to === 'string' ? event.payload.to : null;
}

/** An assignment says to whom by name, for the desk's history. */
function namedPayload(event: typeof requestEvents.$inferSelect, names: Map<string, string>): Record<string, unknown> {
  const to = event.kind === 'assigned' ? assignedTo(event) : null;
  return to ? { ...event.payload, toName: names.get(to) ?? null } : event.payload;
}

/** The agents named on a request's desk (its assignee, the authors of its events), by id. */
async function agentNames(tx: Transaction, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map<string, string>();
  const rows = await tx.select({ id: agents.id, name: agents.displayName }).from(agents).where(inArray(agents.id, wanted));
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** Whom the request can be assigned to: the service's active agents (an elected official decides, but is not assigned). */
async function serviceTeam(tx: Transaction, serviceId: string) {
  return tx
    .select({ id: agents.id, name: agents.displayName })
    .from(agents)
    .innerJoin(agentServices, and(eq(agentServices.tenantId, agents.tenantId), eq(agentServices.agentId, agents.id)))
    .where(and(eq(agentServices.serviceId, serviceId), isNull(agents.disabledAt), ne(agents.role, 'elected_official')))
    .orderBy(asc(agents.displayName));
}

/** The same person's other requests in the commune, most recent first, as far as this agent may see them. */
async function contactRequests(tx: Transaction, actor: Actor, request: typeof requests.$inferSelect) {
  if (!request.contactId && !request.citizenAccountId) return [];
  const rows = await tx
    .select({ request: requests, procedure: procedures })
    .from(requests)
    .innerJoin(procedures, and(eq(procedures.tenantId, requests.tenantId), eq(procedures.id, requests.procedureId)))
    .where(
      and(
        ne(requests.id, request.id),
        isNull(requests.mergedIntoId),
        or(
          request.contactId ? eq(requests.contactId, request.contactId) : undefined,
          request.citizenAccountId ? eq(requests.citizenAccountId, request.citizenAccountId) : undefined,
        ),
      ),
    )
    .orderBy(desc(requests.filedAt))
    .limit(20);
  return rows
    .filter((row) => mayAccess(actor, row))
    .slice(0, 10)
    .map(({ request: other, procedure }) => ({
      id: other.id,
      reference: other.reference,
      procedureTitle: procedure.definition.title,
      status: other.status,
      filedAt: other.filedAt,
    }));
}

/** Whom to answer: the contact, completed by the citizen's account where it has one (its EPCI's, readable from the commune). */
async function contactOf(tx: Transaction, contactId: string | null) {
  if (!contactId) return null;
  const [row] = await tx
    .select({ contact: contacts, account: citizenAccounts })
    .from(contacts)
    .leftJoin(citizenAccounts, eq(citizenAccounts.id, contacts.citizenAccountId))
    .where(eq(contacts.id, contactId));
  if (!row) return null;
  const { contact, account } = row;
  const name = [contact.givenName ?? account?.givenName, contact.familyName ?? account?.familyName].filter(Boolean).join(' ');
  return {
    name: name || null,
    email: contact.email ?? account?.email ?? null,
    phone: contact.phone ?? account?.phone ?? null,
    address: contact.address,
    citizenAccount: contact.citizenAccountId !== null,
    identityVerified: Boolean(account?.franceconnectSub),
  };
}

/** What the citizen may do now, from the procedure's workflow (the buttons of their page). */
function citizenActions(row: { request: typeof requests.$inferSelect; procedure: typeof procedures.$inferSelect }) {
  const { request } = row;
  const workflow = resolveWorkflow((row.procedure.definition.workflow ?? undefined) as WorkflowOverridesInput | undefined);
  const moves = availableTransitions(workflow, request.status, 'citizen', { closedAt: request.closedAt });
  const reopening = isFinal(request.status) ? moves.find((move) => move.to === 'in_progress') : undefined;
  return {
    withdrawable: moves.some((move) => move.to === 'closed_without_action'),
    reopenableUntil: reopening ? (reopening.until ?? null) : null,
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
    unreadMessages: z.int().min(0).meta({
      description:
        'Les nouvelles de la mairie non lues : ses messages et changements de statut publics depuis que l’usager a ouvert la demande (`GET /api/demandes/{id}`) ou y a agi pour la dernière fois. Les notes internes ne comptent jamais.',
    }),
    lastActivityAt: instant.meta({ description: 'Le dernier évènement public de la demande (son dépôt au moins).' }),
  })
  .meta({ id: 'DemandeResumee' });

const historyEventSchema = z.object({
  id: z.number(),
  at: instant,
  kind: z.enum(eventKinds),
  actorKind: z.string(),
  actorId: z.string().nullable().optional().meta({ description: 'Agents seulement.' }),
  actorName: z.string().nullable().optional().meta({ description: 'Agents seulement : le nom de l’agent auteur de l’évènement.' }),
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
    form: formSchema.meta({
      description: 'Le formulaire tel qu’il était au dépôt de la demande, pour lire ses réponses : une démarche dont le formulaire a changé depuis garde celui-là.',
    }),
    formVersion: z.int().meta({ description: 'La version du formulaire de la démarche avec laquelle la demande a été déposée.' }),
    address: z.string().nullable(),
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
    filedAt: instant,
    dueAt: instant,
    clockPaused: z.boolean(),
    closedAt: instant.nullable(),
    satisfactionRating: z.int().nullable(),
    version: z.int().optional().meta({ description: 'Agents seulement : la version de la demande, aussi donnée par l’`ETag`, à renvoyer dans `If-Match` pour agir.' }),
    priority: z.enum(priorities).optional(),
    assigneeId: z.uuid().nullable().optional(),
    assigneeName: z.string().nullable().optional().meta({ description: 'Agents seulement : le nom de l’agent qui a la demande en charge.' }),
    serviceSlug: z.string().optional().meta({ description: 'Agents seulement : le service, tel que `POST …/transfert` le nomme.' }),
    team: z
      .array(z.object({ id: z.uuid(), name: z.string() }))
      .optional()
      .meta({ description: 'Agents seulement : les agents actifs du service, à qui la demande peut être attribuée (`POST …/attribution`).' }),
    contactId: z.uuid().nullable().optional(),
    overdue: z.boolean().optional(),
    workingDaysLeft: z.int().nullable().optional().meta({
      description: 'Agents seulement : les jours ouvrés d’ici l’échéance au calendrier de la commune (négatif passé l’échéance, null une fois close). Suspendu, le délai ne court plus : l’échéance sera recalculée à la reprise.',
    }),
    contact: z
      .object({
        name: z.string().nullable(),
        email: z.string().nullable(),
        phone: z.string().nullable(),
        address: z.string().nullable(),
        citizenAccount: z.boolean().meta({ description: 'La personne a un compte citoyen : les messages lui parviennent dans son espace.' }),
        identityVerified: z.boolean().meta({ description: 'Son identité est vérifiée par FranceConnect.' }),
      })
      .nullable()
      .optional()
      .meta({ description: 'Agents seulement : la personne à qui répondre.' }),
    contactRequests: z
      .array(z.object({ id: z.uuid(), reference: z.string(), procedureTitle: z.string(), status, filedAt: instant }))
      .optional()
      .meta({ description: 'Agents seulement : les autres demandes de la même personne dans la commune (les dix plus récentes que l’agent peut voir).' }),
    transitions: z
      .array(z.object({ to: status, label: z.string(), reasonRequired: z.boolean() }))
      .optional()
      .meta({ description: 'Agents seulement : les statuts où l’agent peut faire passer la demande maintenant (`POST …/statut`), et s’il faut un motif.' }),
    withdrawable: z.boolean().optional().meta({
      description: 'Usager seulement : la demande peut encore être retirée (`POST /api/demandes/{id}/retrait`), le service n’ayant pas commencé à la traiter.',
    }),
    reopenableUntil: instant.nullable().optional().meta({
      description: 'Usager seulement : jusqu’à quand la demande close peut être rouverte (`POST /api/demandes/{id}/reouverture`), ou null.',
    }),
    history: z.array(historyEventSchema),
  })
  .meta({ id: 'Demande' });
