import { asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { procedures, themes, type Transaction } from '@guichet/db';

// The database runs with the C collation; "État civil" must still sort among the E's.
const frenchOrder = new Intl.Collator('fr', { sensitivity: 'base' });

/**
 * The catalogue of the commune of `tx` (a `withTenant` transaction), theme by theme, as the portal lists it: published
 * procedures only, unless an administrator asks for the drafts too. Empty themes are left out.
 */
export async function listCatalogue({ tx }: { tx: Transaction }, input: { includeDrafts: boolean }) {
  // Only what the list shows: a definition's form and texts can weigh tens of kilobytes.
  const definition = procedures.definition;
  const rows = await tx
    .select({
      theme: { slug: themes.slug, title: themes.title, description: themes.description },
      slug: procedures.slug,
      published: procedures.published,
      title: sql<string>`${definition}->>'title'`,
      summary: sql<string>`${definition}->>'summary'`,
      delayDays: sql<number>`(${definition}->>'delayDays')::integer`,
      feeCents: sql<number | null>`(${definition}->>'feeCents')::integer`,
      anonymousAllowed: sql<boolean>`coalesce((${definition}->>'anonymousAllowed')::boolean, false)`,
    })
    .from(procedures)
    .innerJoin(themes, eq(themes.id, procedures.themeId))
    .where(input.includeDrafts ? undefined : eq(procedures.published, true))
    .orderBy(asc(themes.position), asc(themes.slug));
  const grouped = new Map<string, { slug: string; title: string; description: string | null; procedures: CatalogueEntry[] }>();
  for (const row of rows) {
    const group = grouped.get(row.theme.slug) ?? { ...row.theme, procedures: [] };
    grouped.set(row.theme.slug, group);
    const { theme: _theme, ...entry } = row;
    group.procedures.push(entry);
  }
  for (const group of grouped.values()) group.procedures.sort((a, b) => frenchOrder.compare(a.title, b.title));
  return [...grouped.values()];
}

/** One procedure of the catalogue's list, as the API answers it. */
export const catalogueEntrySchema = z
  .object({
    slug: z.string().meta({ example: 'copie-acte-naissance' }),
    published: z.boolean().meta({ description: 'Faux pour un brouillon (visible des seuls administrateurs de la commune).' }),
    title: z.string(),
    summary: z.string(),
    delayDays: z.int().meta({ description: 'Le délai de réponse annoncé, en jours ouvrés.' }),
    feeCents: z.int().nullable().meta({ description: 'Le tarif en centimes ; null pour une démarche gratuite.' }),
    anonymousAllowed: z.boolean().meta({ description: 'La démarche accepte-t-elle les demandes sans compte ?' }),
  })
  .meta({ id: 'DemarcheResumee' });

/** One theme of the catalogue and its procedures, as the API answers it. */
export const catalogueThemeSchema = z
  .object({
    slug: z.string().meta({ example: 'etat-civil' }),
    title: z.string(),
    description: z.string().nullable(),
    procedures: z.array(catalogueEntrySchema),
  })
  .meta({ id: 'ThemeDuCatalogue' });

export type CatalogueEntry = z.infer<typeof catalogueEntrySchema>;
