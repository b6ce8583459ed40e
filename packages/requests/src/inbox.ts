import { and, asc, desc, eq, ilike, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { readCommuneSettings } from '@guichet/catalogue';
import { channels, citizenAccounts, contacts, priorities, procedures, requests, type AgentActor, type Transaction } from '@guichet/db';
import { addWorkingDays } from '@guichet/deadlines';
import { statusKeys } from '@guichet/workflow';
import { RequestError } from './errors.ts';
import { instant } from './request-views.ts';

/** How the inbox is ordered: newest filings, nearest due date, or most urgent (then nearest due date). */
const inboxSorts = ['filed', 'due', 'priority'] as const;
type InboxSort = (typeof inboxSorts)[number];

export const inboxQuerySchema = z.strictObject({
  service: z.uuid().optional().meta({ description: 'Les demandes d’un service seulement (son identifiant).' }),
  status: z.enum(statusKeys).optional(),
  overdue: z.stringbool().optional().meta({ description: '`true` : seulement les demandes en retard et non closes.' }),
  dueSoon: z
    .stringbool()
    .optional()
    .meta({ description: '`true` : seulement les demandes à échéance dans les 2 jours ouvrés (calendrier de la commune), ni closes, ni déjà en retard, ni en attente de l’usager.' }),
  procedure: z.string().max(100).optional().meta({ description: 'Le slug d’une démarche.' }),
  channel: z.enum(channels).optional(),
  priority: z.enum(priorities).optional(),
  assignee: z
    .union([z.uuid(), z.literal('me'), z.literal('nobody')])
    .optional()
    .meta({ description: 'L’identifiant d’un agent, `me` (les miennes), ou `nobody` (demandes que personne n’a prises).' }),
  q: z
    .string()
    .trim()
    .min(2)
    .max(100)
    .optional()
    .meta({ description: 'Cherche dans la référence, l’objet, l’adresse, les réponses au formulaire, et le nom, l’adresse e-mail ou le téléphone du contact.' }),
  sort: z
    .enum(inboxSorts)
    .default('filed')
    .meta({ description: '`filed` : les plus récemment déposées d’abord ; `due` : l’échéance la plus proche d’abord ; `priority` : les plus urgentes d’abord, puis par échéance.' }),
  /** Opaque cursor from the previous page. */
  apres: z.string().max(200).optional().meta({ description: 'Le curseur `next` de la page précédente (du même tri).' }),
  limite: z.coerce.number().int().min(1).max(100).default(25),
});
export type InboxQuery = z.infer<typeof inboxQuerySchema>;

/** Where the previous page stopped: the sort's key of its last line, and its id. */
type Cursor = { sort: InboxSort; key: string; id: string };

/** One line of an agent's inbox, as the API answers it. */
export const inboxLineSchema = z
  .object({
    id: z.uuid(),
    version: z.int().meta({ description: 'La version de la demande, à renvoyer pour agir dessus (`If-Match`, ou les actions groupées).' }),
    reference: z.string().meta({ example: 'LIB-2026-000042' }),
    summary: z.string(),
    status: z.enum(statusKeys),
    priority: z.enum(priorities),
    channel: z.enum(channels),
    serviceId: z.uuid(),
    assigneeId: z.uuid().nullable().meta({ description: 'L’agent qui la traite ; null si personne ne l’a prise.' }),
    procedure: z.string().meta({ description: 'Le slug de la démarche.' }),
    procedureTitle: z.string(),
    contactName: z.string().nullable().meta({ description: 'Le nom du contact, s’il est connu.' }),
    filedAt: instant,
    dueAt: instant,
    overdue: z.boolean().meta({ description: 'Le délai annoncé est dépassé et la demande n’est pas close.' }),
    dueSoon: z.boolean().meta({ description: 'L’échéance tombe dans les 2 jours ouvrés ; la demande n’est ni close, ni en retard, ni en attente de l’usager.' }),
    clockPaused: z.boolean().meta({ description: 'Le délai est suspendu : la demande attend l’usager.' }),
    address: z.string().nullable(),
  })
  .meta({ id: 'DemandeEnCorbeille' });

/** A page of the inbox; `next` is the cursor of the following page (`apres`), null on the last one. */
export const inboxPageSchema = z.object({
  requests: z.array(inboxLineSchema),
  next: z.string().nullable().meta({ description: 'À passer dans `apres` pour la page suivante ; null à la dernière page.' }),
  counts: z
    .partialRecord(z.enum(statusKeys), z.int())
    .meta({ description: 'Le nombre de demandes par statut avec les mêmes filtres, le statut mis à part (les statuts sans demande sont absents).' }),
});

// The person behind a request: the contact's own words, else the citizen account's (readable within the commune's EPCI).
const personGiven = sql`coalesce(${contacts.givenName}, ${citizenAccounts.givenName})`;
const personFamily = sql`coalesce(${contacts.familyName}, ${citizenAccounts.familyName})`;

const priorityRank = sql<number>`case ${requests.priority} when 'urgent' then 2 when 'high' then 1 else 0 end`;

/**
 * An agent's inbox: the requests of their services (an administrator sees the commune's),
 * filtered, sorted, and keyset-paginated on the sort's key and the id, so that a page costs the
 * same at any depth; with the count of each status under the same filters.
 */
export async function listInbox(context: { tx: Transaction; actor: AgentActor; now?: Date }, query: InboxQuery) {
  const { tx, actor } = context;
  const now = context.now ?? new Date();
  const { calendar } = await readCommuneSettings({ tx });
  const dueSoonBefore = addWorkingDays(now, 2, calendar);
  const open = and(isNull(requests.closedAt), isNull(requests.overdueAt), isNull(requests.clockPausedAt))!;
  const dueSoon = sql<boolean>`(${open} and ${requests.dueAt} <= ${dueSoonBefore.toISOString()}::timestamptz)`;
  const filters = inboxFilters(actor, query, dueSoon);
  const cursor = decodeCursor(query.apres, query.sort);
  const rows = await tx
    .select({
      id: requests.id,
      version: requests.version,
      reference: requests.reference,
      summary: requests.summary,
      status: requests.status,
      priority: requests.priority,
      channel: requests.channel,
      serviceId: requests.serviceId,
      assigneeId: requests.assigneeId,
      procedure: procedures.slug,
      procedureTitle: sql<string>`${procedures.definition}->>'title'`,
      contactName: sql<string | null>`nullif(trim(concat_ws(' ', ${personGiven}, ${personFamily})), '')`,
      filedAt: requests.filedAt,
      dueAt: requests.dueAt,
      overdue: sql<boolean>`${requests.overdueAt} is not null and ${requests.closedAt} is null`,
      dueSoon,
      clockPaused: sql<boolean>`${requests.clockPausedAt} is not null`,
      address: requests.address,
      rank: priorityRank,
    })
    .from(requests)
    .innerJoin(procedures, and(eq(procedures.tenantId, requests.tenantId), eq(procedures.id, requests.procedureId)))
    .leftJoin(contacts, and(eq(contacts.tenantId, requests.tenantId), eq(contacts.id, requests.contactId)))
    .leftJoin(citizenAccounts, eq(citizenAccounts.id, contacts.citizenAccountId))
    .where(and(...filters, query.status ? eq(requests.status, query.status) : undefined, cursor ? after(cursor) : undefined))
    .orderBy(...orderOf(query.sort))
    .limit(query.limite + 1);
  const page = rows.slice(0, query.limite);
  const last = page.at(-1);
  const counted = await tx
    .select({ status: requests.status, count: sql<number>`count(*)::int` })
    .from(requests)
    .innerJoin(procedures, and(eq(procedures.tenantId, requests.tenantId), eq(procedures.id, requests.procedureId)))
    .leftJoin(contacts, and(eq(contacts.tenantId, requests.tenantId), eq(contacts.id, requests.contactId)))
    .leftJoin(citizenAccounts, eq(citizenAccounts.id, contacts.citizenAccountId))
    .where(and(...filters))
    .groupBy(requests.status);
  return {
    requests: page.map(({ rank: _rank, ...line }) => line),
    next: rows.length > query.limite && last ? encodeCursor(cursorAt(query.sort, last)) : null,
    counts: Object.fromEntries(counted.map((row) => [row.status, row.count])),
  };
}

/** Every filter but the status and the cursor: what the counts per status are counted under. */
function inboxFilters(actor: AgentActor, query: InboxQuery, dueSoon: SQL): SQL[] {
  const conditions = agentScope(actor);
  if (query.service) conditions.push(eq(requests.serviceId, query.service));
  if (query.overdue) conditions.push(isNotNull(requests.overdueAt), isNull(requests.closedAt));
  if (query.dueSoon) conditions.push(dueSoon);
  if (query.procedure) conditions.push(eq(procedures.slug, query.procedure));
  if (query.channel) conditions.push(eq(requests.channel, query.channel));
  if (query.priority) conditions.push(eq(requests.priority, query.priority));
  if (query.assignee === 'me') conditions.push(eq(requests.assigneeId, actor.agentId));
  else if (query.assignee === 'nobody') conditions.push(isNull(requests.assigneeId));
  else if (query.assignee) conditions.push(eq(requests.assigneeId, query.assignee));
  if (query.q) {
    const pattern = `%${query.q.replace(/[%_\\]/g, (character) => `\\${character}`)}%`;
    const person = sql`concat_ws(' ', ${personGiven}, ${personFamily}, ${contacts.email}, ${contacts.phone}, ${citizenAccounts.email})`;
    // A phone number matches however it was written: spaces, dots and dashes aside.
    const digits = query.q.replace(/[\s.-]/g, '');
    conditions.push(
      or(
        ilike(requests.reference, pattern),
        ilike(requests.summary, pattern),
        ilike(requests.address, pattern),
        sql`${requests.data}::text ilike ${pattern}`,
        sql`${person} ilike ${pattern}`,
        /^\+?\d{4,}$/.test(digits) ? sql`regexp_replace(coalesce(${contacts.phone}, ''), '[^0-9+]', '', 'g') like ${`%${digits}%`}` : undefined,
      )!,
    );
  }
  return conditions;
}

function orderOf(sort: InboxSort) {
  if (sort === 'due') return [asc(requests.dueAt), asc(requests.id)];
  if (sort === 'priority') return [desc(priorityRank), asc(requests.dueAt), asc(requests.id)];
  return [desc(requests.filedAt), desc(requests.id)];
}

function cursorAt(sort: InboxSort, line: { id: string; filedAt: Date; dueAt: Date; rank: number }): Cursor {
  if (sort === 'due') return { sort, key: line.dueAt.toISOString(), id: line.id };
  if (sort === 'priority') return { sort, key: `${line.rank}|${line.dueAt.toISOString()}`, id: line.id };
  return { sort, key: line.filedAt.toISOString(), id: line.id };
}

/** The lines after the cursor in its sort's order (row comparisons, as the index reads them). */
function after(cursor: Cursor): SQL {
  if (cursor.sort === 'due') return sql`(${requests.dueAt}, ${requests.id}) > (${cursor.key}::timestamptz, ${cursor.id}::uuid)`;
  if (cursor.sort === 'priority') {
    const [rank, dueAt] = cursor.key.split('|');
    return sql`(-(${priorityRank}), ${requests.dueAt}, ${requests.id}) > (${-Number(rank)}::int, ${dueAt}::timestamptz, ${cursor.id}::uuid)`;
  }
  return sql`(${requests.filedAt}, ${requests.id}) < (${cursor.key}::timestamptz, ${cursor.id}::uuid)`;
}

/**
 * The requests an agent's lists show (the inbox, the map): those of their services (the whole
 * commune for an administrator), a restricted procedure's only to its routed service, never a
 * duplicate merged into another. Reads `procedures`: the query joins it.
 */
export function agentScope(actor: AgentActor): SQL[] {
  const scope = [isNull(requests.mergedIntoId), restrictedVisible(actor)];
  if (actor.role !== 'commune_admin') scope.push(actor.serviceIds.length ? inArray(requests.serviceId, actor.serviceIds) : sql`false`);
  return scope;
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

/**
 * The cursor `apres` names, checked whole (a crafted one is a 400, never a 500): of this sort,
 * with an instant as `cursorAt` writes it and a uuid.
 */
function decodeCursor(value: string | undefined, sort: InboxSort): Cursor | undefined {
  if (!value) return undefined;
  let parsed: Partial<Cursor>;
  try {
    parsed = (JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) ?? {}) as Partial<Cursor>;
  } catch {
    throw new RequestError({ kind: 'invalid_cursor' });
  }
  if (typeof parsed !== 'object') throw new RequestError({ kind: 'invalid_cursor' });
  const instants = sort === 'priority' ? /^[0-2]\|(.+)$/.exec(parsed.key ?? '')?.[1] : parsed.key;
  const valid = parsed.sort === sort && typeof instants === 'string' && isIssuedInstant(instants) && z.uuid().safeParse(parsed.id).success;
  if (!valid) throw new RequestError({ kind: 'invalid_cursor' });
  return parsed as Cursor;
}

/**
 * An instant exactly as `cursorAt` writes it (`toISOString`, UTC) and of this era: a date valid in
 * ISO 8601 or in JavaScript may still be one Postgres refuses (an offset beyond ±15:59, year 0,
 * a six-digit year).
 */
function isIssuedInstant(value: string): boolean {
  const time = Date.parse(value);
  return time >= Date.UTC(2000, 0, 1) && time < Date.UTC(10_000, 0, 1) && new Date(time).toISOString() === value;
}
