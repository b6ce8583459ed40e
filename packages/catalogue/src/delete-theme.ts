import { count, eq } from 'drizzle-orm';
import { procedures, themes } from '@guichet/db';
import { recordCatalogueChange, type CommuneContext } from './catalogue-audit.ts';
import { conflict, notFound } from './errors.ts';

/** A commune administrator removes an empty theme; one that still groups procedures stays. */
export async function deleteTheme(context: CommuneContext, input: { slug: string }): Promise<void> {
  const { tx, tenant } = context;
  const { slug } = input;
  const [theme] = await tx.select({ id: themes.id }).from(themes).where(eq(themes.slug, slug)).for('update');
  if (!theme) throw notFound(`Aucun thème « ${slug} » dans cette commune.`);
  const [used] = await tx.select({ n: count() }).from(procedures).where(eq(procedures.themeId, theme.id));
  if (used && used.n > 0) throw conflict(`Le thème « ${slug} » regroupe encore ${used.n} démarche(s) : déplacez-les d'abord.`);
  await tx.delete(themes).where(eq(themes.id, theme.id));
  await recordCatalogueChange({ ...context, epciId: tenant.epciId, tenantId: tenant.id }, 'theme_deleted', { kind: 'theme', id: theme.id }, { slug });
}
