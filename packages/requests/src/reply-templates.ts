import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { replyTemplates, type Transaction } from '@guichet/db';
import { RequestError } from './errors.ts';

export const replyTemplateInputSchema = z.strictObject({
  title: z.string().trim().min(2, 'Un titre de 2 caractères au moins.').max(120),
  body: z.string().trim().min(1, 'Le texte est vide.').max(10_000),
});
export type ReplyTemplateInput = z.infer<typeof replyTemplateInputSchema>;

/** A reply template, as the API answers it. */
export const replyTemplateSchema = z
  .object({
    tenantId: z.uuid(),
    id: z.uuid(),
    title: z.string().meta({ example: 'Pièce manquante' }),
    body: z.string(),
  })
  .meta({ id: 'ModeleDeReponse' });

/** The commune's reply templates, by title. */
export function listReplyTemplates(tx: Transaction) {
  return tx.select().from(replyTemplates).orderBy(asc(replyTemplates.title));
}

export async function createReplyTemplate(tx: Transaction, tenantId: string, input: ReplyTemplateInput) {
  const [created] = await tx.insert(replyTemplates).values({ tenantId, ...input }).returning();
  return created!;
}

export async function updateReplyTemplate(tx: Transaction, id: string, input: ReplyTemplateInput) {
  const [updated] = await tx.update(replyTemplates).set(input).where(eq(replyTemplates.id, id)).returning();
  if (!updated) throw new RequestError({ kind: 'not_found' });
  return updated;
}

export async function deleteReplyTemplate(tx: Transaction, id: string) {
  const [deleted] = await tx.delete(replyTemplates).where(eq(replyTemplates.id, id)).returning({ id: replyTemplates.id });
  if (!deleted) throw new RequestError({ kind: 'not_found' });
}
