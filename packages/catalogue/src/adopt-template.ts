import { eq } from 'drizzle-orm';
import { procedures, procedureTemplates } from '@guichet/db';
import { recordCatalogueChange, type CommuneContext } from './catalogue-audit.ts';
import { conflict, invalid, notFound } from './errors.ts';
import type { AdoptionInput } from './inputs.ts';
import { placeProcedure } from './placement.ts';
import { amendDefinition } from './procedure-definition.ts';

/**
 * A commune administrator adopts one of its EPCI's templates, adapted (service, theme, delay,
 * any field). The commune's transaction sees its own EPCI's templates only.
 */
export async function adoptTemplate(context: CommuneContext, input: AdoptionInput): Promise<{ slug: string }> {
  const { tx, tenant } = context;
  const { template: templateSlug, slug = templateSlug, theme, service, published, ...adaptations } = input;
  const [template] = await tx.select().from(procedureTemplates).where(eq(procedureTemplates.slug, templateSlug));
  if (!template) throw notFound(`Aucun modèle « ${templateSlug} » publié par votre intercommunalité.`);
  const amended = amendDefinition(template.definition, adaptations);
  if (!amended.ok) throw invalid('invalid_definition', amended.errors);
  const place = await placeProcedure(tx, { theme, service, definition: amended.definition });
  const [taken] = await tx.select({ id: procedures.id }).from(procedures).where(eq(procedures.slug, slug));
  if (taken) throw conflict(`Une démarche « ${slug} » existe déjà dans cette commune.`);
  const [created] = await tx
    .insert(procedures)
    .values({ tenantId: tenant.id, slug, definition: amended.definition, published, templateId: template.id, templateVersion: template.version, ...place })
    .returning({ id: procedures.id });
  await recordCatalogueChange(
    { ...context, epciId: tenant.epciId, tenantId: tenant.id },
    'template_adopted',
    { kind: 'procedure', id: created!.id },
    { slug, template: templateSlug },
  );
  return { slug };
}
