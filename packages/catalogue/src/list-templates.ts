import { asc } from 'drizzle-orm';
import { procedureTemplates, type Transaction } from '@guichet/db';

/** The templates the EPCI of `tx` publishes (its console's transaction, or a member commune's). */
export async function listTemplates(tx: Transaction) {
  const rows = await tx.select().from(procedureTemplates).orderBy(asc(procedureTemplates.themeTitle), asc(procedureTemplates.slug));
  return rows.map((row) => ({
    slug: row.slug,
    theme: row.themeTitle,
    title: row.definition.title,
    summary: row.definition.summary,
    delayDays: row.definition.delayDays,
    publishedAt: row.publishedAt.toISOString(),
  }));
}
