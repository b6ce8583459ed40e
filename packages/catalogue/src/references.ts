import type { ProcedureDefinition } from '@guichet/db';
import type { DefinitionIssue } from './procedure-definition.ts';

/** What a commune offers for a procedure to point at. */
export type CommuneReferences = { services: ReadonlySet<string>; sectors: ReadonlySet<string> };

/**
 * A definition is valid on its own; these are the names it gives that only the commune can
 * vouch for: its service, the services its routing rules send to, and their sectors.
 */
export function referenceProblems(
  service: string,
  definition: Pick<ProcedureDefinition, 'routing'>,
  commune: CommuneReferences,
): DefinitionIssue[] {
  const problems: DefinitionIssue[] = [];
  if (!commune.services.has(service)) problems.push({ path: ['service'], message: unknownService(service, commune) });
  definition.routing.forEach((rule, index) => {
    if (!commune.services.has(rule.service)) {
      problems.push({ path: ['routing', index, 'service'], message: unknownService(rule.service, commune) });
    }
    if ('sector' in rule.when && !commune.sectors.has(rule.when.sector)) {
      const known = [...commune.sectors].join(', ') || 'aucun';
      problems.push({ path: ['routing', index, 'when', 'sector'], message: `secteur « ${rule.when.sector} » inconnu (secteurs de la commune : ${known})` });
    }
  });
  return problems;
}

function unknownService(slug: string, commune: CommuneReferences): string {
  return `service « ${slug} » inconnu (services de la commune : ${[...commune.services].join(', ')})`;
}
