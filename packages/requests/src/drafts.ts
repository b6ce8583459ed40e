import { and, eq, lt } from 'drizzle-orm';
import { z } from 'zod';
import { procedures, requestDrafts, type Transaction } from '@guichet/db';
import type { CitizenActor } from './actor.ts';
import { RequestError } from './errors.ts';

/** A draft lives 30 days after its last save: long enough to find a document, short enough to forget. */
export const DRAFT_LIFETIME_DAYS = 30;

export const draftInputSchema = z.strictObject({
  values: z.record(z.string(), z.unknown()).meta({ description: 'Les réponses saisies jusqu’ici, une clé par champ du formulaire, comme dans un dépôt.' }),
});

/** A saved draft's answer (`saveDraft`), its date as a string. */
export const savedDraftSchema = z
  .object({ expiresAt: z.iso.datetime({ offset: true }).meta({ description: 'Le brouillon est supprimé à cette date s’il n’est pas enregistré à nouveau.' }) })
  .meta({ id: 'BrouillonEnregistre' });

/** One draft of the citizen's list (`listDrafts`), as the API answers it. */
export const draftSchema = z
  .object({
    procedure: z.string().meta({ description: 'L’identifiant de la démarche.', example: 'copie-acte-naissance' }),
    title: z.string().meta({ description: 'Le titre de la démarche.' }),
    values: z.record(z.string(), z.unknown()).meta({ description: 'Les réponses enregistrées.' }),
    updatedAt: z.iso.datetime({ offset: true }),
    expiresAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'Brouillon' });

/**
 * Saves the citizen's answers so far. A draft is not validated (it may be half done) but it is
 * bounded in size, and only for a published procedure.
 */
export async function saveDraft(
  context: { tx: Transaction; tenantId: string; actor: CitizenActor; now?: Date },
  input: { procedure: string; values: Record<string, unknown> },
) {
  const { tx, tenantId } = context;
  const { accountId } = context.actor;
  const { values } = input;
  const now = context.now ?? new Date();
  if (JSON.stringify(values).length > 200_000) {
    throw new RequestError({ kind: 'conflict', message: 'Ce brouillon est trop volumineux pour être enregistré.' });
  }
  const procedureId = await publishedProcedureId(tx, input.procedure);
  const expiresAt = new Date(now.getTime() + DRAFT_LIFETIME_DAYS * 24 * 3600_000);
  await tx
    .insert(requestDrafts)
    .values({ tenantId, accountId, procedureId, values, updatedAt: now, expiresAt })
    .onConflictDoUpdate({ target: [requestDrafts.tenantId, requestDrafts.accountId, requestDrafts.procedureId], set: { values, updatedAt: now, expiresAt } });
  return { expiresAt };
}

/** The citizen's drafts that have not expired, newest first. */
export async function listDrafts(context: { tx: Transaction; actor: CitizenActor; now?: Date }) {
  const { tx, actor } = context;
  const now = context.now ?? new Date();
  const rows = await tx
    .select({ procedure: procedures.slug, definition: procedures.definition, values: requestDrafts.values, updatedAt: requestDrafts.updatedAt, expiresAt: requestDrafts.expiresAt })
    .from(requestDrafts)
    .innerJoin(procedures, and(eq(procedures.tenantId, requestDrafts.tenantId), eq(procedures.id, requestDrafts.procedureId)))
    .where(eq(requestDrafts.accountId, actor.accountId));
  return rows
    .filter((row) => row.expiresAt > now)
    .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime())
    .map(({ definition, ...row }) => ({ ...row, title: definition.title }));
}

export async function deleteDraft(context: { tx: Transaction; actor: CitizenActor }, input: { procedure: string }) {
  const { tx, actor } = context;
  const procedureId = await publishedProcedureId(tx, input.procedure);
  await tx.delete(requestDrafts).where(and(eq(requestDrafts.accountId, actor.accountId), eq(requestDrafts.procedureId, procedureId)));
}

/** The expiry sweep: drafts past their date are deleted, they were never requests. */
export async function deleteExpiredDrafts(context: { tx: Transaction; now?: Date }) {
  const { tx } = context;
  const now = context.now ?? new Date();
  const removed = await tx.delete(requestDrafts).where(lt(requestDrafts.expiresAt, now)).returning({ procedureId: requestDrafts.procedureId });
  return removed.length;
}

async function publishedProcedureId(tx: Transaction, slug: string): Promise<string> {
  const [procedure] = await tx.select({ id: procedures.id }).from(procedures).where(and(eq(procedures.slug, slug), eq(procedures.published, true)));
  if (!procedure) throw new RequestError({ kind: 'not_found' });
  return procedure.id;
}
