import type { Actor } from '@guichet/db';
import type { ActorRole } from '@guichet/workflow';

/** A signed-in citizen, as citizens' verbs take them in their context. */
export type CitizenActor = Extract<Actor, { kind: 'citizen' }>;

/** The citizen's side of a request: an account, or an anonymous filer through their follow-up link. */
export function isCitizenSide(actor: Actor): boolean {
  return actor.kind === 'citizen' || actor.kind === 'anonymous_filer';
}

/** The workflow's role name for an actor. */
export function workflowRole(actor: Actor): ActorRole {
  if (actor.kind === 'agent') return actor.role;
  if (actor.kind === 'epci_staff') throw new Error('EPCI staff do not act on requests');
  if (actor.kind === 'anonymous_filer') return 'citizen';
  return actor.kind;
}
