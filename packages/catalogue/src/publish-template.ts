import { eq } from 'drizzle-orm';
import { procedureTemplates } from '@guichet/db';
import { recordCatalogueChange, type EpciContext } from './catalogue-audit.ts';
import { conflict, invalid } from './errors.ts';
import type { TemplateInput } from './inputs.ts';
import { parseProcedureDefinition } from './procedure-definition.ts';

/**
 * The EPCI's staff publish a procedure template for every member commune to adopt. Services
 * are the communes' own: each adoption names its service and checks the routing rules.
 */
export async function publishTemplate(context: EpciContext, input: TemplateInput): Promise<{ slug: string }> {
  const { tx, epciId } = context;
  const { slug, theme, ...fields } = input;
  const parsed = parseProcedureDefinition(fields);
  if (!parsed.ok) throw invalid('invalid_definition', parsed.errors);
  const [taken] = await tx.select({ id: procedureTemplates.id }).from(procedureTemplates).where(eq(procedureTemplates.slug, slug));
  if (taken) throw conflict(`Un modèle « ${slug} » est déjà publié.`);
  const [created] = await tx
    .insert(procedureTemplates)
    .values({ epciId, slug, themeTitle: theme, definition: parsed.definition })
    .returning({ id: procedureTemplates.id });
  await recordCatalogueChange({ ...context, tenantId: null }, 'template_published', { kind: 'procedure_template', id: created!.id }, { slug });
  return { slug };
}
