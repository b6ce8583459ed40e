import { z } from 'zod';
import {
  actorRoles,
  bypassesDecision,
  defaultTransitions,
  type TransitionRule,
} from './default-transitions.ts';
import { isFinal, statuses, statusKeys, type StatusKey } from './statuses.ts';

const status = z.enum(statusKeys, { error: (issue) => `Statut inconnu : « ${String(issue.input)} ».` });

/** A request always arrives and is always processed; every other step is the procedure's choice. */
const removableStatuses = statusKeys.filter((key) => key !== 'submitted' && key !== 'in_progress') as [
  StatusKey,
  ...StatusKey[],
];

const pair = z.strictObject({ from: status, to: status });

const addedTransition = z.strictObject({
  from: status,
  to: status,
  roles: z.array(z.enum(actorRoles, { error: (issue) => `Rôle inconnu : « ${String(issue.input)} ».` })).min(1),
  reasonRequired: z.boolean().default(false),
});

/**
 * How a procedure departs from the default workflow. Checked as a whole: the graph it gives must
 * still lead every request from `submitted` to a final status.
 */
export const workflowSchema = z
  .strictObject({
    /** The request needs a manager's or elected official's decision before it is accepted or done. */
    decisionRequired: z.boolean().default(false),
    withoutStatuses: z
      .array(
        z.enum(removableStatuses, {
          error: (issue) =>
            statusKeys.includes(issue.input as StatusKey)
              ? 'Les statuts « Déposée » et « En cours de traitement » ne peuvent pas être retirés.'
              : `Statut inconnu : « ${String(issue.input)} ».`,
        }),
      )
      .default([]),
    removeTransitions: z.array(pair).default([]),
    addTransitions: z.array(addedTransition).default([]),
  })
  .superRefine((overrides, ctx) => {
    // The graph is only worth checking once each override makes sense on its own.
    const local = overrideProblems(overrides);
    const problems = local.length > 0 ? local : graphProblems(buildWorkflow(overrides));
    for (const message of problems) ctx.addIssue({ code: 'custom', message });
  });

export type WorkflowOverrides = z.output<typeof workflowSchema>;
export type WorkflowOverridesInput = z.input<typeof workflowSchema>;

export interface Workflow {
  statuses: readonly StatusKey[];
  transitions: readonly TransitionRule[];
  decisionRequired: boolean;
}

/**
 * The workflow of a procedure: the default one, with the procedure's overrides applied. Throws
 * a ZodError, in French, on overrides the schema refuses, so no broken graph is ever built.
 */
export function resolveWorkflow(overrides: WorkflowOverridesInput = {}): Workflow {
  return buildWorkflow(workflowSchema.parse(overrides));
}

function buildWorkflow(overrides: WorkflowOverrides): Workflow {
  const kept = statusKeys.filter((key) => !overrides.withoutStatuses.includes(key));
  const defaults = defaultTransitions.filter(
    (rule) =>
      !overrides.removeTransitions.some((removed) => samePair(removed, rule)) &&
      !(overrides.decisionRequired && bypassesDecision(rule)),
  );
  const transitions = [...defaults, ...overrides.addTransitions].filter(
    (rule) => kept.includes(rule.from) && kept.includes(rule.to),
  );
  return { statuses: kept, transitions, decisionRequired: overrides.decisionRequired };
}

const samePair = (left: Pick<TransitionRule, 'from' | 'to'>, right: Pick<TransitionRule, 'from' | 'to'>) =>
  left.from === right.from && left.to === right.to;

const label = (key: StatusKey) => `« ${statuses[key].label} »`;

function overrideProblems(overrides: WorkflowOverrides): string[] {
  const problems: string[] = [];
  const removed = new Set<StatusKey>(overrides.withoutStatuses);
  if (overrides.decisionRequired && removed.has('awaiting_decision')) {
    problems.push('Une procédure avec décision garde le statut « En attente de décision ».');
  }
  for (const transition of overrides.removeTransitions) {
    if (!defaultTransitions.some((rule) => samePair(rule, transition))) {
      problems.push(`Le passage de ${label(transition.from)} à ${label(transition.to)} n’existe pas dans le circuit par défaut.`);
    }
  }
  for (const transition of overrides.addTransitions) {
    problems.push(...addedTransitionProblems(transition, overrides.decisionRequired, removed));
  }
  return problems;
}

function addedTransitionProblems(transition: TransitionRule, decisionRequired: boolean, removed: ReadonlySet<StatusKey>): string[] {
  const name = `Le passage de ${label(transition.from)} à ${label(transition.to)}`;
  const problems: string[] = [];
  if (transition.from === transition.to) problems.push(`${name} ne change pas de statut.`);
  for (const key of [transition.from, transition.to]) {
    if (removed.has(key)) problems.push(`${name} utilise le statut ${label(key)}, retiré de cette procédure.`);
  }
  if (decisionRequired && bypassesDecision(transition)) problems.push(`${name} contourne la décision requise.`);
  const unfavourable = transition.to === 'rejected' || transition.to === 'closed_without_action';
  const byStaff = transition.roles.some((role) => role !== 'citizen');
  if (unfavourable && byStaff && !transition.reasonRequired) {
    problems.push(`${name} doit être motivé auprès du demandeur (reasonRequired).`);
  }
  return problems;
}

/** Every status reachable from `submitted`, and every open status able to reach a final one. */
function graphProblems(workflow: Workflow): string[] {
  const problems: string[] = [];
  const reachable = reach(['submitted'], (key) => workflow.transitions.filter((rule) => rule.from === key).map((rule) => rule.to));
  const closable = reach(
    workflow.statuses.filter(isFinal),
    (key) => workflow.transitions.filter((rule) => rule.to === key).map((rule) => rule.from),
  );
  for (const key of workflow.statuses) {
    if (!reachable.has(key)) problems.push(`Le statut ${label(key)} n’est plus accessible depuis « Déposée ».`);
    else if (!isFinal(key) && !closable.has(key)) problems.push(`Une demande au statut ${label(key)} ne peut plus être close.`);
  }
  return problems;
}

function reach(start: readonly StatusKey[], next: (key: StatusKey) => StatusKey[]): Set<StatusKey> {
  const seen = new Set(start);
  const queue = [...start];
  for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
    for (const neighbour of next(key)) {
      if (!seen.has(neighbour)) {
        seen.add(neighbour);
        queue.push(neighbour);
      }
    }
  }
  return seen;
}
