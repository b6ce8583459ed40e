import { eq } from 'drizzle-orm';
import { services, themes, type ProcedureDefinition, type Transaction } from '@guichet/db';
import { readCommuneSettings } from './commune-settings.ts';
import { invalid } from './errors.ts';
import { referenceProblems } from './references.ts';

/**
 * Where a procedure of the commune of `tx` sits: the ids of its theme and service. Refuses, per
 * field, a theme, a service, or a routing rule's service or sector the commune does not have.
 */
export async function placeProcedure(
  tx: Transaction,
  placement: { theme: string; service: string; definition: Pick<ProcedureDefinition, 'routing'> },
): Promise<{ themeId: string; serviceId: string }> {
  const serviceRows = await tx.select({ slug: services.slug, id: services.id }).from(services);
  const serviceIds = new Map(serviceRows.map((row) => [row.slug, row.id]));
  const { sectors } = await readCommuneSettings({ tx });
  const problems = referenceProblems(placement.service, placement.definition, {
    services: new Set(serviceIds.keys()),
    sectors: new Set(sectors.map((sector) => sector.slug)),
  });
  const [theme] = await tx.select({ id: themes.id }).from(themes).where(eq(themes.slug, placement.theme));
  if (!theme) problems.push({ path: ['theme'], message: `thème « ${placement.theme} » inconnu dans cette commune` });
  if (problems.length > 0) throw invalid('unknown_reference', problems);
  return { themeId: theme!.id, serviceId: serviceIds.get(placement.service)! };
}
