import { eq, sql } from 'drizzle-orm';
import { procedures, services, themes } from '@guichet/db';
import { recordCatalogueChange, type CommuneContext } from './catalogue-audit.ts';
import { invalid, notFound } from './errors.ts';
import type { ProcedureChanges } from './inputs.ts';
import { placeProcedure } from './placement.ts';
import { amendDefinition } from './procedure-definition.ts';

/**
 * A commune administrator edits a procedure: each field given replaces the current one, and the
 * result is checked as a whole, so an edit never leaves a procedure the files could not declare.
 */
export async function updateProcedure(
  context: CommuneContext,
  input: { slug: string; changes: ProcedureChanges },
): Promise<{ slug: string }> {
  const { tx, tenant } = context;
  const { slug, changes } = input;
  const [current] = await tx
    .select({ id: procedures.id, definition: procedures.definition, published: procedures.published, theme: themes.slug, service: services.slug })
    .from(procedures)
    .innerJoin(themes, eq(themes.id, procedures.themeId))
    .innerJoin(services, eq(services.id, procedures.serviceId))
    .where(eq(procedures.slug, slug))
    .for('update', { of: procedures });
  if (!current) throw notFound(`Aucune démarche « ${slug} » dans cette commune.`);
  const { theme, service, published, ...fields } = changes;
  const amended = amendDefinition(current.definition, fields);
  if (!amended.ok) throw invalid('invalid_definition', amended.errors);
  const place = await placeProcedure(tx, {
    theme: theme ?? current.theme,
    service: service ?? current.service,
    definition: amended.definition,
  });
  await tx
    .update(procedures)
    .set({ definition: amended.definition, published: published ?? current.published, ...place, updatedAt: sql`now()` })
    .where(eq(procedures.id, current.id));
  const changed = Object.entries(changes).filter(([, value]) => value !== undefined).map(([key]) => key);
  await recordCatalogueChange({ ...context, epciId: tenant.epciId, tenantId: tenant.id }, 'procedure_updated', { kind: 'procedure', id: current.id }, { slug, changed });
  return { slug };
}
