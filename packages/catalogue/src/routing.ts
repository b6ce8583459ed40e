import type { PriorityRule, Priority, RoutingRule } from '@guichet/db';

/** What routing needs of a procedure: its rules and the service that takes everything else. */
export type RoutedProcedure = { routing: readonly RoutingRule[]; service: string };

/**
 * The service instructeur of a request ("router vers le service instructeur idoine"): the
 * service of the first rule whose condition holds, else the procedure's own. A rule on a
 * multiple choice holds when the option is ticked; a sector rule needs the request's sector.
 */
export function routeRequest(procedure: RoutedProcedure, values: Readonly<Record<string, unknown>>, sector?: string | null): string {
  const rule = procedure.routing.find((candidate) => holds(candidate, values, sector ?? null));
  return rule?.service ?? procedure.service;
}

/** The priority a request starts with: the highest that a rule on its answers gives, else normal. */
export function initialPriority(rules: readonly PriorityRule[], values: Readonly<Record<string, unknown>>): Priority {
  const raised = rules.filter((rule) => holds(rule, values, null)).map((rule) => rule.priority);
  if (raised.includes('urgent')) return 'urgent';
  return raised.includes('high') ? 'high' : 'normal';
}

function holds(rule: RoutingRule | PriorityRule, values: Readonly<Record<string, unknown>>, sector: string | null): boolean {
  if ('sector' in rule.when) return sector !== null && rule.when.sector === sector;
  const answer = Object.hasOwn(values, rule.when.field) ? values[rule.when.field] : undefined;
  return Array.isArray(answer) ? answer.includes(rule.when.equals) : answer === rule.when.equals;
}
