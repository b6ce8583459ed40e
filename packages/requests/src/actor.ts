import type { AgentRole } from '@guichet/db';

/** Who acts on a request; every history event names it. */
export type Actor =
  | { kind: 'citizen'; accountId: string }
  | { kind: 'agent'; agentId: string; role: AgentRole; serviceIds: string[] }
  | { kind: 'system' };

export function actorColumns(actor: Actor): { actorKind: string; actorId: string | null } {
  if (actor.kind === 'citizen') return { actorKind: 'citizen', actorId: actor.accountId };
  if (actor.kind === 'agent') return { actorKind: 'agent', actorId: actor.agentId };
  return { actorKind: 'system', actorId: null };
}

/** The workflow's role name for an actor. */
export function workflowRole(actor: Actor): 'citizen' | 'agent' | 'service_manager' | 'commune_admin' | 'system' {
  if (actor.kind === 'agent') return actor.role;
  return actor.kind;
}
