import { eq } from 'drizzle-orm';
import { procedureTemplates } from '@guichet/db';
import { recordCatalogueChange, type EpciContext } from './catalogue-audit.ts';
import { invalid, notFound } from './errors.ts';
import type { TemplateChanges } from './inputs.ts';
import { amendDefinition } from './procedure-definition.ts';

/**
 * The EPCI's staff change a template: each field given replaces the current one whole, and the
 * result is checked as a whole. The database keeps the former version (`procedure_template_versions`);
 * the communes' adopted copies are left as they are, and told (`listTemplateUpdates`).
 */
export async function updateTemplate(context: EpciContext, input: { slug: string; changes: TemplateChanges }): Promise<{ slug: string }> {
  const { tx } = context;
  const { theme, ...fields } = input.changes;
  const [current] = await tx.select().from(procedureTemplates).where(eq(procedureTemplates.slug, input.slug)).for('update');
  if (!current) throw notFound(`Aucun modèle « ${input.slug} » publié par votre intercommunalité.`);
  const amended = amendDefinition(current.definition, fields);
  if (!amended.ok) throw invalid('invalid_definition', amended.errors);
  const [updated] = await tx
    .update(procedureTemplates)
    .set({ definition: amended.definition, themeTitle: theme ?? current.themeTitle })
    .where(eq(procedureTemplates.id, current.id))
    .returning({ version: procedureTemplates.version });
  const changed = Object.entries(input.changes).filter(([, value]) => value !== undefined).map(([key]) => key);
  await recordCatalogueChange({ ...context, tenantId: null }, 'template_updated', { kind: 'procedure_template', id: current.id }, { slug: input.slug, changed, version: updated!.version });
  return { slug: input.slug };
}
