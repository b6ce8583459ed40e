import { eq } from 'drizzle-orm';
import { themes } from '@guichet/db';
import { recordCatalogueChange, type CommuneContext } from './catalogue-audit.ts';
import { notFound } from './errors.ts';
import type { ThemeChanges } from './inputs.ts';

/** A commune administrator renames, describes or moves a theme. */
export async function updateTheme(context: CommuneContext, input: { slug: string; changes: ThemeChanges }): Promise<{ slug: string }> {
  const { tx, tenant } = context;
  const { slug, changes } = input;
  const given = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as ThemeChanges;
  const [updated] = await tx.update(themes).set(given).where(eq(themes.slug, slug)).returning({ id: themes.id });
  if (!updated) throw notFound(`Aucun thème « ${slug} » dans cette commune.`);
  await recordCatalogueChange(
    { ...context, epciId: tenant.epciId, tenantId: tenant.id },
    'theme_updated',
    { kind: 'theme', id: updated.id },
    { slug, changed: Object.keys(given) },
  );
  return { slug };
}
