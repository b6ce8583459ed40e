import { and, desc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { procedures, requestEvents, requests, services, type Transaction } from '@guichet/db';
import { finalStatuses, openStatuses } from '@guichet/workflow';
import type { ServiceRequest } from './documents.ts';
import { Open311Error } from './open311-error.ts';
import { MAX_REQUESTS, type RequestSearch } from './search-query.ts';
import { toServiceRequest } from './service-requests.ts';

/**
 * Requests Open311 may show: those of procedures offered through it, whatever the channel they
 * came by, except where the procedure keeps its requests to its service (`restricted`).
 */
const exposed = and(
  sql`${procedures.definition}->>'open311' = 'true'`,
  sql`coalesce(${procedures.definition}->>'restricted', 'false') <> 'true'`,
);

/** The latest status comment the citizen could read on their own timeline. */
const statusNote = sql<string | null>`(
  select e.payload->>'comment' from ${requestEvents} e
  where e.tenant_id = ${requests.tenantId} and e.request_id = ${requests.id}
    and e.kind = 'status_changed' and e.public and e.payload->>'comment' is not null
  order by e.id desc limit 1)`;

/**
 * The postcode of the answer to the form's first address field (the one Open311's location
 * fills), read in SQL so that no other answer is ever selected.
 */
const postcode = sql<string | null>`${requests.data} -> (jsonb_path_query_first(
  ${procedures.definition} -> 'form' -> 'fields', '$[*] ? (@.kind == "address").key') #>> '{}') ->> 'postcode'`;

/** The photo link an Open311 client sent with the request (kept in its filing note). */
const mediaUrl = sql<string | null>`(
  select e.payload->>'mediaUrl' from ${requestEvents} e
  where e.tenant_id = ${requests.tenantId} and e.request_id = ${requests.id}
    and e.kind = 'note' and e.actor_kind = 'system' and e.payload->>'mediaUrl' is not null
  order by e.id desc limit 1)`;

export async function searchRequests(tx: Transaction, search: RequestSearch): Promise<ServiceRequest[]> {
  const filters: (SQL | undefined)[] = [exposed];
  if (search.kind === 'references') {
    filters.push(inArray(requests.reference, search.references));
  } else {
    filters.push(gte(requests.filedAt, search.from), lte(requests.filedAt, search.to));
    if (search.serviceCodes.length > 0) filters.push(inArray(procedures.slug, search.serviceCodes));
    if (search.status) filters.push(inArray(requests.status, search.status === 'open' ? [...openStatuses] : [...finalStatuses]));
  }
  // Personal data is never selected, so no mapping slip can publish it: no contact, no account,
  // no answer but the location's postcode.
  const rows = await tx
    .select({
      reference: requests.reference,
      status: requests.status,
      procedureSlug: procedures.slug,
      definition: procedures.definition,
      serviceName: services.name,
      summary: requests.summary,
      filedAt: requests.filedAt,
      updatedAt: requests.updatedAt,
      dueAt: requests.dueAt,
      address: requests.address,
      postcode,
      latitude: requests.latitude,
      longitude: requests.longitude,
      statusNote,
      mediaUrl,
    })
    .from(requests)
    .innerJoin(procedures, and(eq(procedures.tenantId, requests.tenantId), eq(procedures.id, requests.procedureId)))
    .innerJoin(services, and(eq(services.tenantId, requests.tenantId), eq(services.id, requests.serviceId)))
    .where(and(...filters))
    .orderBy(desc(requests.filedAt), desc(requests.id))
    .limit(MAX_REQUESTS);
  return rows.map(({ definition, ...row }) =>
    toServiceRequest({ ...row, procedureTitle: definition.title, delayDays: definition.delayDays }),
  );
}

export async function requestByReference(tx: Transaction, reference: string): Promise<ServiceRequest> {
  const [found] = await searchRequests(tx, { kind: 'references', references: [reference] });
  if (!found) throw new Open311Error(404, `service_request_id : aucune demande « ${reference} ».`);
  return found;
}
