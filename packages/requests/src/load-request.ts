import { and, eq, isNull } from 'drizzle-orm';
import { procedures, requests, type Procedure, type Request, type Transaction } from '@guichet/db';
import type { Actor } from '@guichet/db';
import { RequestError } from './errors.ts';

export type RequestWithProcedure = { request: Request; procedure: Procedure };

/**
 * A request the actor may act on, locked for the rest of the transaction so that two agents'
 * changes apply one after the other. A citizen reaches only their own requests; an agent
 * reaches a restricted procedure's requests only from the routed service (or as administrator);
 * an elected official only their services' requests.
 */
export async function loadRequestFor(tx: Transaction, actor: Actor, requestId: string): Promise<RequestWithProcedure> {
  const [row] = await tx
    .select({ request: requests, procedure: procedures })
    .from(requests)
    .innerJoin(procedures, and(eq(procedures.tenantId, requests.tenantId), eq(procedures.id, requests.procedureId)))
    .where(and(eq(requests.id, requestId), isNull(requests.mergedIntoId)))
    .for('update', { of: requests });
  if (!row || !mayAccess(actor, row)) throw new RequestError({ kind: 'not_found' });
  return row;
}

export function mayAccess(actor: Actor, row: RequestWithProcedure): boolean {
  if (actor.kind === 'system') return true;
  if (actor.kind === 'citizen') return row.request.citizenAccountId === actor.accountId;
  if (actor.kind === 'anonymous_filer') return row.request.id === actor.requestId;
  // The EPCI's staff see consolidated figures, never a commune's requests.
  if (actor.kind === 'epci_staff') return false;
  // An elected official decides for their own services' domains only, restricted or not.
  if (actor.role === 'elected_official') return actor.serviceIds.includes(row.request.serviceId);
  if (!row.procedure.definition.restricted || actor.role === 'commune_admin') return true;
  return actor.serviceIds.includes(row.request.serviceId);
}
