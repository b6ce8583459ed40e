import { eq } from 'drizzle-orm';
import { procedures } from '@guichet/db';
import { recordCatalogueChange, type CommuneContext } from './catalogue-audit.ts';
import { conflict, invalid } from './errors.ts';
import type { ProcedureInput } from './inputs.ts';
import { placeProcedure } from './placement.ts';
import { parseProcedureDefinition } from './procedure-definition.ts';

/** A commune administrator adds a procedure of the commune's own to its catalogue. */
export async function createProcedure(context: CommuneContext, input: ProcedureInput): Promise<{ slug: string }> {
  const { tx, tenant } = context;
  const { slug, theme, service, published, ...fields } = input;
  const parsed = parseProcedureDefinition(fields);
  if (!parsed.ok) throw invalid('invalid_definition', parsed.errors);
  const place = await placeProcedure(tx, { theme, service, definition: parsed.definition });
  const [taken] = await tx.select({ id: procedures.id }).from(procedures).where(eq(procedures.slug, slug));
  if (taken) throw conflict(`Une démarche « ${slug} » existe déjà dans cette commune.`);
  const [created] = await tx
    .insert(procedures)
    .values({ tenantId: tenant.id, slug, definition: parsed.definition, published, ...place })
    .returning({ id: procedures.id });
  await recordCatalogueChange({ ...context, epciId: tenant.epciId, tenantId: tenant.id }, 'procedure_created', { kind: 'procedure', id: created!.id }, { slug });
  return { slug };
}
