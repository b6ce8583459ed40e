import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { replyTemplates, type AgentActor, type Transaction } from '@guichet/db';
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

/** An agent of the commune, in its transaction. */
type AgentContext = { tx: Transaction; actor: AgentActor };

/** The commune's reply templates, by title. */
export function listReplyTemplates(context: AgentContext) {
  return context.tx.select().from(replyTemplates).orderBy(asc(replyTemplates.title));
}

export async function createReplyTemplate(context: AgentContext & { tenantId: string }, input: ReplyTemplateInput) {
  const [created] = await context.tx.insert(replyTemplates).values({ tenantId: context.tenantId, ...input }).returning();
  return created!;
}

export async function updateReplyTemplate(context: AgentContext, input: { templateId: string } & ReplyTemplateInput) {
  const { templateId, ...changes } = input;
  const [updated] = await context.tx.update(replyTemplates).set(changes).where(eq(replyTemplates.id, templateId)).returning();
  if (!updated) throw new RequestError({ kind: 'not_found' });
  return updated;
}

export async function deleteReplyTemplate(context: AgentContext, input: { templateId: string }) {
  const [deleted] = await context.tx.delete(replyTemplates).where(eq(replyTemplates.id, input.templateId)).returning({ id: replyTemplates.id });
  if (!deleted) throw new RequestError({ kind: 'not_found' });
}
