import { and, asc, eq, gt } from 'drizzle-orm';
import { z } from 'zod';
import { agents, requestEvents, requests, type Actor, type EventKind, type Transaction } from '@guichet/db';
import { statuses, type StatusKey } from '@guichet/workflow';
import { RequestError } from './errors.ts';
import { loadRequestFor } from './load-request.ts';

/**
 * The `If-Match` an agent's change carries: the version of the request the agent saw, as the
 * desk read it from `ETag` (`"7"`, or `7`).
 */
export const versionHeaderSchema = z.object({
  'if-match': z
    .string({ error: 'Indiquez la version de la demande que vous avez lue (en-tête If-Match, donné par l’ETag de la demande).' })
    .regex(/^(W\/)?"?\d{1,9}"?$/, 'La version de la demande est un nombre, comme "7" (l’ETag de la demande).')
    .meta({ description: 'La version de la demande que l’agent a lue : l’`ETag` de `GET /api/agent/demandes/{id}`.', example: '"7"' }),
});

export function parseVersion(ifMatch: string): number {
  return Number(ifMatch.replace(/^W\//, '').replaceAll('"', ''));
}

/**
 * An agent acts on the request as they saw it: its row is locked until the change commits (so two
 * agents' changes queue up rather than cross), and if another change made a newer version since,
 * nothing is done and the refusal says what changed, and by whom.
 */
export async function expectVersion(tx: Transaction, input: { requestId: string; seen: number; actor: Actor }): Promise<void> {
  // A request the agent may not see is not found, before its version says anything of it.
  await loadRequestFor(tx, input.actor, input.requestId);
  const [row] = await tx.select({ version: requests.version }).from(requests).where(eq(requests.id, input.requestId)).for('update');
  if (!row) throw new RequestError({ kind: 'not_found' });
  if (row.version === input.seen) return;
  const events = await tx
    .select({ kind: requestEvents.kind, actorKind: requestEvents.actorKind, payload: requestEvents.payload, agentName: agents.displayName })
    .from(requestEvents)
    .leftJoin(agents, and(eq(agents.tenantId, requestEvents.tenantId), eq(agents.id, requestEvents.actorId)))
    .where(and(eq(requestEvents.requestId, input.requestId), gt(requestEvents.version, input.seen)))
    .orderBy(asc(requestEvents.id));
  throw new RequestError({
    kind: 'stale',
    currentVersion: row.version,
    changes: events.map((event) => `${changeInWords(event.kind, event.payload)}${event.agentName ? ` (par ${event.agentName})` : byWhom(event.actorKind)}`),
  });
}

function changeInWords(kind: EventKind, payload: Record<string, unknown>): string {
  switch (kind) {
    case 'status_changed':
      return `Statut passé à « ${statuses[payload.to as StatusKey]?.label ?? String(payload.to)} »`;
    case 'reopened':
      return 'Demande rouverte';
    case 'assigned':
      return payload.to ? 'Demande prise en charge' : 'Demande remise dans la file du service';
    case 'transferred':
      return `Demande transmise au service ${String(payload.serviceName ?? '')}`.trim();
    case 'priority_changed':
      return 'Priorité modifiée';
    case 'edited':
      return 'Réponses modifiées';
    case 'merged':
      return 'Demande fusionnée';
    case 'message':
      return 'Nouveau message de l’usager';
    default:
      return 'Demande modifiée';
  }
}

function byWhom(actorKind: string): string {
  return actorKind === 'citizen' || actorKind === 'anonymous_filer' ? ' (par l’usager)' : '';
}
