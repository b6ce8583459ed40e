import { eq } from 'drizzle-orm';
import { themes } from '@guichet/db';
import { recordCatalogueChange, type CommuneContext } from './catalogue-audit.ts';
import { conflict } from './errors.ts';
import type { ThemeInput } from './inputs.ts';

/** A commune administrator adds a theme to group procedures under. */
export async function createTheme(context: CommuneContext, input: ThemeInput): Promise<{ slug: string }> {
  const { tx, tenant } = context;
  const [taken] = await tx.select({ id: themes.id }).from(themes).where(eq(themes.slug, input.slug));
  if (taken) throw conflict(`Un thème « ${input.slug} » existe déjà dans cette commune.`);
  const [created] = await tx.insert(themes).values({ tenantId: tenant.id, ...input }).returning({ id: themes.id });
  await recordCatalogueChange({ ...context, epciId: tenant.epciId, tenantId: tenant.id }, 'theme_created', { kind: 'theme', id: created!.id }, { slug: input.slug });
  return { slug: input.slug };
}
