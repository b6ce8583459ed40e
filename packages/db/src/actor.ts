import type { AgentRole } from './schema/identity.ts';

/**
 * Who acts, for every domain verb of every package: history events and audit entries name it,
 * access rules read it. An EPCI staff member acts on the EPCI's shared catalogue; `system`
 * is the platform's own jobs (deadlines, anonymisation) and anonymous filers. An anonymous filer
 * who opens their request's private follow-up link acts on that request only, as its citizen.
 */
export type Actor =
  | { kind: 'citizen'; accountId: string }
  | { kind: 'anonymous_filer'; requestId: string }
  | { kind: 'agent'; agentId: string; role: AgentRole; serviceIds: string[] }
  | { kind: 'epci_staff'; staffId: string }
  | { kind: 'system' };

export type AgentActor = Extract<Actor, { kind: 'agent' }>;

/** How an actor is written in the `actor_kind`/`actor_id` columns of history and audit rows. */
export function actorColumns(actor: Actor): { actorKind: Actor['kind']; actorId: string | null } {
  switch (actor.kind) {
    case 'citizen':
      return { actorKind: 'citizen', actorId: actor.accountId };
    case 'anonymous_filer':
      // The history shows the citizen's side speaking; there is no account to name.
      return { actorKind: 'citizen', actorId: null };
    case 'agent':
      return { actorKind: 'agent', actorId: actor.agentId };
    case 'epci_staff':
      return { actorKind: 'epci_staff', actorId: actor.staffId };
    case 'system':
      return { actorKind: 'system', actorId: null };
  }
}
