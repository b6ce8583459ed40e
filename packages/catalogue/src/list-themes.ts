import { asc, count, eq } from 'drizzle-orm';
import { z } from 'zod';
import { procedures, themes, type Transaction } from '@guichet/db';

/**
 * Every theme of the commune of `tx`, in the portal's order, empty ones included: what an
 * administrator files a new démarche under, orders, or removes.
 */
export async function listThemes({ tx }: { tx: Transaction }) {
  return tx
    .select({ slug: themes.slug, title: themes.title, description: themes.description, position: themes.position, procedures: count(procedures.id) })
    .from(themes)
    .leftJoin(procedures, eq(procedures.themeId, themes.id))
    .groupBy(themes.tenantId, themes.id)
    .orderBy(asc(themes.position), asc(themes.title));
}

/** One theme as the administrators' list answers it. */
export const themeSummarySchema = z
  .object({
    slug: z.string().meta({ example: 'etat-civil' }),
    title: z.string(),
    description: z.string().nullable(),
    position: z.int().meta({ description: 'L’ordre des thèmes au catalogue : les plus petites positions d’abord.' }),
    procedures: z.int().meta({ description: 'Le nombre de démarches du thème, brouillons compris ; un thème vide peut être supprimé.' }),
  })
  .meta({ id: 'Theme' });
