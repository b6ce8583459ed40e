import { asc } from 'drizzle-orm';
import { z } from 'zod';
import { procedureTemplates, type Transaction } from '@guichet/db';

/** The templates the EPCI of `tx` publishes (its console's transaction, or a member commune's). */
export async function listTemplates({ tx }: { tx: Transaction }) {
  const rows = await tx.select().from(procedureTemplates).orderBy(asc(procedureTemplates.themeTitle), asc(procedureTemplates.slug));
  return rows.map((row) => ({
    slug: row.slug,
    theme: row.themeTitle,
    title: row.definition.title,
    summary: row.definition.summary,
    delayDays: row.definition.delayDays,
    version: row.version,
    publishedAt: row.publishedAt.toISOString(),
  }));
}

/** One template of the EPCI, as the API answers it. */
export const templateSummarySchema = z
  .object({
    slug: z.string().meta({ example: 'signalement-voirie' }),
    theme: z.string().meta({ description: 'Le titre du thème sous lequel le modèle est classé.' }),
    title: z.string(),
    summary: z.string(),
    delayDays: z.int().meta({ description: 'Le délai de réponse annoncé, en jours ouvrés.' }),
    version: z.int().meta({ description: 'Augmente à chaque modification du modèle.' }),
    publishedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'Modele' });
