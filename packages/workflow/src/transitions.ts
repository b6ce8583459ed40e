import type { ActorRole, TransitionRule } from './default-transitions.ts';
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
  /** Leaving a final status: the request is open again, with the procedure's full delay from now. */
  reopen?: true;
}

export type TransitionRefusal = 'unknown_status' | 'not_allowed' | 'forbidden_role' | 'too_late' | 'reason_required';

export type TransitionCheck =
  | { ok: true; effects: TransitionEffects }
  | { ok: false; reason: TransitionRefusal; message: string };

export interface TransitionContext {
  /** The motive given with the change (for a refusal, the words sent to the citizen). */
  comment?: string | undefined;
  /** When the request was closed, for the moves allowed only for a while after (reopening). */
  closedAt?: Date | null | undefined;
  /** The moment of the change; the present when left out. */
  now?: Date | undefined;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whether a rule can be used at `now`: a rule limited in time after the closure needs that closure. */
function isOpen(rule: TransitionRule, { closedAt, now = new Date() }: TransitionContext): boolean {
  if (rule.withinDaysOfClosure === undefined) return true;
  return closedAt != null && now.getTime() <= closedAt.getTime() + rule.withinDaysOfClosure * DAY_MS;
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
  context: TransitionContext = {},
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
  const open = granted.filter((rule) => isOpen(rule, context));
  if (open.length === 0) {
    const days = Math.max(...granted.map((rule) => rule.withinDaysOfClosure ?? 0));
    return refuse('too_late', `Le délai est dépassé : ce changement n’est possible que dans les ${days} jours qui suivent la clôture de la demande.`);
  }
  const reasonRequired = open.every((rule) => rule.reasonRequired);
  if (reasonRequired && !context.comment?.trim()) {
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
    ...(isFinal(from) && !isFinal(to) && { reopen: true }),
  };
}

export interface AvailableTransition {
  to: StatusKey;
  reasonRequired: boolean;
  /** The last moment this move is possible, when it is only for a while after the closure. */
  until?: Date;
}

/**
 * The statuses `actorRole` can move a request to at `timing.now`, for the buttons of the back
 * office or portal; a move limited in time after the closure needs `timing.closedAt`.
 */
export function availableTransitions(
  workflow: Workflow,
  from: StatusKey,
  actorRole: ActorRole,
  timing: Pick<TransitionContext, 'closedAt' | 'now'> = {},
): AvailableTransition[] {
  return workflow.statuses.flatMap((to) => {
    const open = workflow.transitions.filter(
      (rule) => rule.from === from && rule.to === to && rule.roles.includes(actorRole) && isOpen(rule, timing),
    );
    if (open.length === 0) return [];
    // Open rules limited in time have a closure date (see isOpen); one unlimited rule lifts the limit.
    const limits = open.map((rule) => rule.withinDaysOfClosure);
    const until = limits.includes(undefined)
      ? undefined
      : new Date(timing.closedAt!.getTime() + Math.max(...(limits as number[])) * DAY_MS);
    return [{ to, reasonRequired: open.every((rule) => rule.reasonRequired), ...(until && { until }) }];
  });
}
