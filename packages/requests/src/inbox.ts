import { and, desc, eq, ilike, inArray, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { channels, priorities, procedures, requests, type AgentActor, type Transaction } from '@guichet/db';
import { statusKeys } from '@guichet/workflow';
import { instant } from './request-views.ts';

export const inboxQuerySchema = z.strictObject({
  service: z.uuid().optional().meta({ description: 'Les demandes d’un service seulement (son identifiant).' }),
  status: z.enum(statusKeys).optional(),
  overdue: z.stringbool().optional().meta({ description: '`true` : seulement les demandes en retard et non closes.' }),
  procedure: z.string().max(100).optional().meta({ description: 'Le slug d’une démarche.' }),
  channel: z.enum(channels).optional(),
  assignee: z
    .union([z.uuid(), z.literal('me'), z.literal('nobody')])
    .optional()
    .meta({ description: 'L’identifiant d’un agent, `me` (les miennes), ou `nobody` (demandes que personne n’a prises).' }),
  q: z.string().trim().min(2).max(100).optional().meta({ description: 'Cherche dans la référence, l’objet et l’adresse.' }),
  /** Opaque cursor from the previous page. */
  apres: z.string().max(200).optional().meta({ description: 'Le curseur `next` de la page précédente.' }),
  limite: z.coerce.number().int().min(1).max(100).default(25),
});
export type InboxQuery = z.infer<typeof inboxQuerySchema>;

type Cursor = { filedAt: string; id: string };


/** One line of an agent's inbox, as the API answers it. */
export const inboxLineSchema = z
  .object({
    id: z.uuid(),
    reference: z.string().meta({ example: 'LIB-2026-000042' }),
    summary: z.string(),
    status: z.enum(statusKeys),
    priority: z.enum(priorities),
    channel: z.enum(channels),
    serviceId: z.uuid(),
    assigneeId: z.uuid().nullable().meta({ description: 'L’agent qui la traite ; null si personne ne l’a prise.' }),
    procedure: z.string().meta({ description: 'Le slug de la démarche.' }),
    filedAt: instant,
    dueAt: instant,
    overdue: z.boolean().meta({ description: 'Le délai annoncé est dépassé et la demande n’est pas close.' }),
    address: z.string().nullable(),
  })
  .meta({ id: 'DemandeEnCorbeille' });

/** A page of the inbox; `next` is the cursor of the following page (`apres`), null on the last one. */
export const inboxPageSchema = z.object({
  requests: z.array(inboxLineSchema),
  next: z.string().nullable().meta({ description: 'À passer dans `apres` pour la page suivante ; null à la dernière page.' }),
});

/**
 * An agent's inbox: the requests of their services (an administrator sees the commune's),
 * newest first, keyset-paginated on (filed_at, id) so that a page costs the same at any depth.
 */
export async function listInbox(context: { tx: Transaction; actor: AgentActor }, query: InboxQuery) {
  const { tx, actor } = context;
  const conditions: SQL[] = [isNull(requests.mergedIntoId)];
  if (actor.role !== 'commune_admin') conditions.push(actor.serviceIds.length ? inArray(requests.serviceId, actor.serviceIds) : sql`false`);
  if (query.service) conditions.push(eq(requests.serviceId, query.service));
  if (query.status) conditions.push(eq(requests.status, query.status));
  if (query.overdue) conditions.push(isNotNull(requests.overdueAt), isNull(requests.closedAt));
  if (query.procedure) conditions.push(eq(procedures.slug, query.procedure));
  if (query.channel) conditions.push(eq(requests.channel, query.channel));
  if (query.assignee === 'me') conditions.push(eq(requests.assigneeId, actor.agentId));
  else if (query.assignee === 'nobody') conditions.push(isNull(requests.assigneeId));
  else if (query.assignee) conditions.push(eq(requests.assigneeId, query.assignee));
  if (query.q) {
    const pattern = `%${query.q.replace(/[%_\\]/g, (character) => `\\${character}`)}%`;
    conditions.push(or(ilike(requests.reference, pattern), ilike(requests.summary, pattern), ilike(requests.address, pattern))!);
  }
  const cursor = decodeCursor(query.apres);
  if (cursor) {
    conditions.push(
      or(
        lt(requests.filedAt, new Date(cursor.filedAt)),
        and(eq(requests.filedAt, new Date(cursor.filedAt)), lt(requests.id, cursor.id)),
      )!,
    );
  }
  const rows = await tx
    .select({
      id: requests.id,
      reference: requests.reference,
      summary: requests.summary,
      status: requests.status,
      priority: requests.priority,
      channel: requests.channel,
      serviceId: requests.serviceId,
      assigneeId: requests.assigneeId,
      procedure: procedures.slug,
      filedAt: requests.filedAt,
      dueAt: requests.dueAt,
      overdue: sql<boolean>`${requests.overdueAt} is not null and ${requests.closedAt} is null`,
      address: requests.address,
    })
    .from(requests)
    .innerJoin(procedures, and(eq(procedures.tenantId, requests.tenantId), eq(procedures.id, requests.procedureId)))
    .where(and(...conditions, restrictedVisible(actor)))
    .orderBy(desc(requests.filedAt), desc(requests.id))
    .limit(query.limite + 1);
  const page = rows.slice(0, query.limite);
  const last = page.at(-1);
  return {
    requests: page,
    next: rows.length > query.limite && last ? encodeCursor({ filedAt: last.filedAt.toISOString(), id: last.id }) : null,
  };
}

/** A restricted procedure's requests are seen only by the routed service (and administrators). */
function restrictedVisible(actor: AgentActor): SQL {
  if (actor.role === 'commune_admin') return sql`true`;
  const own = actor.serviceIds.length ? inArray(requests.serviceId, actor.serviceIds) : sql`false`;
  return or(sql`coalesce((${procedures.definition}->>'restricted')::boolean, false) = false`, own)!;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(value: string | undefined): Cursor | undefined {
  if (!value) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Cursor;
    return typeof parsed.filedAt === 'string' && z.uuid().safeParse(parsed.id).success ? parsed : undefined;
  } catch {
    return undefined;
  }
}
