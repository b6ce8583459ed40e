import { finalStatuses, type StatusKey } from './statuses.ts';

export const actorRoles = ['agent', 'service_manager', 'commune_admin', 'elected_official', 'citizen', 'system'] as const;

export type ActorRole = (typeof actorRoles)[number];

export interface TransitionRule {
  from: StatusKey;
  to: StatusKey;
  roles: readonly ActorRole[];
  /** A motive must come with the change; for a refusal it is addressed to the citizen. */
  reasonRequired: boolean;
  /** Only within this many days (of 24 hours) after the request was closed. */
  withinDaysOfClosure?: number;
}

const staff: readonly ActorRole[] = ['agent', 'service_manager', 'commune_admin'];
/** Who validates a decision step: the service manager, or the elected official given that role. */
const deciders: readonly ActorRole[] = ['service_manager', 'elected_official'];
/** Who reopens a closed request later: the service's manager (an elected official decides, but does not process). */
const managers: readonly ActorRole[] = ['service_manager'];

const rule = (from: StatusKey, to: StatusKey, roles: readonly ActorRole[], reasonRequired = false): TransitionRule => ({
  from,
  to,
  roles,
  reasonRequired,
});

/** Where an agent can answer a request straight away, from its arrival to its processing. */
const handled: readonly StatusKey[] = ['submitted', 'acknowledged', 'in_progress'];

/** Not yet started by the service: what the citizen may still withdraw. */
const notStarted: readonly StatusKey[] = ['submitted', 'acknowledged'];

/**
 * The favourable answers a citizen may contest ("Mon problème n'est pas résolu"). A refusal or a
 * closing without action is a motivated decision: it is contested with the commune (recours),
 * not reopened from the portal.
 */
const answered: readonly StatusKey[] = ['accepted', 'done'];

/** How long after the closure the citizen may reopen an answered request. */
const REOPENING_DAYS = 15;

/**
 * The default graph. Unfavourable outcomes (refusal, closing without action) carry a motive for
 * the citizen, as the CRPA (art. L211-2) asks of unfavourable decisions. A citizen withdraws a
 * request the service has not started, saying why; they reopen an answered one within
 * REOPENING_DAYS of its closure, saying what is not solved. A reopened request is `in_progress`,
 * not `submitted`: the service that answered it (and its assignee) already knows it, and a new
 * arrival would be acknowledged again and open to withdrawal. Reopening any closed request later
 * is a manager's call, with a motive.
 */
export const defaultTransitions: readonly TransitionRule[] = [
  // The acknowledgement of receipt may be automatic (CRPA art. L112-3).
  rule('submitted', 'acknowledged', [...staff, 'system']),
  rule('submitted', 'in_progress', staff),
  rule('acknowledged', 'in_progress', staff),
  ...handled.flatMap((from) => [
    rule(from, 'waiting_citizen', staff),
    rule(from, 'accepted', staff),
    rule(from, 'done', staff),
    rule(from, 'rejected', staff, true),
    rule(from, 'closed_without_action', staff, true),
  ]),
  rule('in_progress', 'awaiting_decision', staff),
  // The citizen's answer, from the portal, by another channel through an agent, or by mail intake.
  rule('waiting_citizen', 'in_progress', ['citizen', ...staff, 'system']),
  rule('waiting_citizen', 'rejected', staff, true),
  // Left without an answer, the procedure's sweep closes it (see waitingCitizen in the catalogue).
  rule('waiting_citizen', 'closed_without_action', [...staff, 'system'], true),
  rule('awaiting_decision', 'accepted', deciders),
  rule('awaiting_decision', 'done', deciders),
  rule('awaiting_decision', 'rejected', deciders, true),
  rule('awaiting_decision', 'closed_without_action', deciders, true),
  rule('awaiting_decision', 'in_progress', deciders),
  ...notStarted.map((from) => rule(from, 'closed_without_action', ['citizen'], true)),
  ...answered.map((from) => ({ ...rule(from, 'in_progress', ['citizen'], true), withinDaysOfClosure: REOPENING_DAYS })),
  ...finalStatuses.map((from) => rule(from, 'in_progress', managers, true)),
];

/** With a decision step, a favourable outcome is reached only through `awaiting_decision`. */
export function bypassesDecision(transition: Pick<TransitionRule, 'from' | 'to'>): boolean {
  return (transition.to === 'accepted' || transition.to === 'done') && transition.from !== 'awaiting_decision';
}
