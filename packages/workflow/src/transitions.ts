import type { ActorRole } from './default-transitions.ts';
import { isFinal, isStatusKey, statuses, type StatusKey } from './statuses.ts';
import type { Workflow } from './workflow-definition.ts';

/** What the request verb does besides changing the status. */
export interface TransitionEffects {
  /** Entering `waiting_citizen`: the deadline clock stops until the citizen answers. */
  pauseClock?: true;
  /** Leaving `waiting_citizen`: the pause ends, the due date is recomputed (continue or restart). */
  resumeClock?: true;
  /** The request is answered: its processing time is measured, the citizen is told the outcome. */
  final?: true;
}

export type TransitionRefusal = 'unknown_status' | 'not_allowed' | 'forbidden_role' | 'reason_required';

export type TransitionCheck =
  | { ok: true; effects: TransitionEffects }
  | { ok: false; reason: TransitionRefusal; message: string };

export interface TransitionContext {
  /** The motive given with the change (for a refusal, the words sent to the citizen). */
  comment?: string | undefined;
}

const refuse = (reason: TransitionRefusal, message: string): TransitionCheck => ({ ok: false, reason, message });

/**
 * Whether `actorRole` may move a request from `from` to `to` in this workflow. Statuses are
 * strings because they come from storage and requests; an unknown one is refused, not thrown.
 */
export function canTransition(
  workflow: Workflow,
  from: string,
  to: string,
  actorRole: ActorRole,
  { comment }: TransitionContext = {},
): TransitionCheck {
  for (const key of [from, to]) {
    if (!isStatusKey(key) || !workflow.statuses.includes(key)) return refuse('unknown_status', `Statut inconnu : « ${key} ».`);
  }
  const source = from as StatusKey;
  const target = to as StatusKey;
  if (source === target) return refuse('not_allowed', `La demande est déjà au statut « ${statuses[source].label} ».`);
  const rules = workflow.transitions.filter((rule) => rule.from === source && rule.to === target);
  if (rules.length === 0) {
    return refuse('not_allowed', `Une demande ne peut pas passer de « ${statuses[source].label} » à « ${statuses[target].label} ».`);
  }
  const granted = rules.filter((rule) => rule.roles.includes(actorRole));
  if (granted.length === 0) return refuse('forbidden_role', 'Votre rôle ne permet pas ce changement de statut.');
  const reasonRequired = granted.every((rule) => rule.reasonRequired);
  if (reasonRequired && !comment?.trim()) {
    return refuse('reason_required', 'Indiquez le motif de ce changement de statut.');
  }
  return { ok: true, effects: effectsOf(source, target) };
}

/** Derived from the statuses, never declared, so an override cannot forget to pause the clock. */
function effectsOf(from: StatusKey, to: StatusKey): TransitionEffects {
  return {
    ...(to === 'waiting_citizen' && { pauseClock: true }),
    ...(from === 'waiting_citizen' && { resumeClock: true }),
    ...(isFinal(to) && { final: true }),
  };
}

export interface AvailableTransition {
  to: StatusKey;
  reasonRequired: boolean;
}

/** The statuses `actorRole` can move a request to, for the buttons of the back office or portal. */
export function availableTransitions(workflow: Workflow, from: StatusKey, actorRole: ActorRole): AvailableTransition[] {
  return workflow.statuses.flatMap((to) => {
    const granted = workflow.transitions.filter((rule) => rule.from === from && rule.to === to && rule.roles.includes(actorRole));
    return granted.length === 0 ? [] : [{ to, reasonRequired: granted.every((rule) => rule.reasonRequired) }];
  });
}
