import { and, eq, isNotNull, lt, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { procedures, requestDrafts, statementIn, type Transaction } from '@guichet/db';
import { hashUploadToken, type Uploader } from './attachments/uploader.ts';
import { RequestError } from './errors.ts';

/** A citizen's draft lives 30 days after its last save: long enough to find a document, short enough to forget. */
export const DRAFT_LIFETIME_DAYS = 30;
/** A signed-out browser's, a day: as long as its upload token and its unattached files. */
const BROWSER_DRAFT_LIFETIME_DAYS = 1;

/** Who a draft belongs to: a citizen's account, or a signed-out browser holding its upload token. */
export type DraftAuthor = Exclude<Uploader, { kind: 'agent' }>;

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
  context: { tx: Transaction; tenantId: string; author: DraftAuthor; now?: Date },
  input: { procedure: string; values: Record<string, unknown> },
) {
  const { tx, tenantId, author } = context;
  const { values } = input;
  const now = context.now ?? new Date();
  if (JSON.stringify(values).length > 200_000) {
    throw new RequestError({ kind: 'conflict', message: 'Ce brouillon est trop volumineux pour être enregistré.' });
  }
  const procedure = await publishedProcedure(tx, input.procedure);
  if (author.kind === 'anonymous' && !procedure.anonymousAllowed) {
    throw new RequestError({ kind: 'forbidden', message: 'Cette démarche se fait avec un compte : connectez-vous pour enregistrer vos réponses.' });
  }
  const procedureId = procedure.id;
  const expiresAt = draftExpiry(author, now);
  await upsertDraft(tx, { tenantId, ...authorColumns(author), procedureId, values, updatedAt: now, expiresAt });
  return { expiresAt };
}

/**
 * Signing in on a browser that began drafts hands them to the account (a draft the account
 * already has for the same procedure is replaced only by a more recent one), so that answers
 * typed before signing in are not lost. The browser's unattached uploads follow in
 * `claimBrowserUploads`.
 */
export async function claimBrowserDrafts(context: { tx: Transaction; now?: Date }, input: { uploadToken: string; accountId: string }) {
  const { tx } = context;
  const now = context.now ?? new Date();
  const claimed = await tx
    .delete(requestDrafts)
    .where(eq(requestDrafts.uploadTokenHash, hashUploadToken(input.uploadToken)))
    .returning();
  for (const draft of claimed.filter((row) => row.expiresAt > now)) {
    const author: DraftAuthor = { kind: 'citizen', accountId: input.accountId };
    await upsertDraft(
      tx,
      { tenantId: draft.tenantId, ...authorColumns(author), procedureId: draft.procedureId, values: draft.values, updatedAt: draft.updatedAt, expiresAt: draftExpiry(author, now) },
      sql`excluded.updated_at > ${requestDrafts.updatedAt}`,
    );
  }
  return claimed.length;
}

/** The citizen's drafts that have not expired, newest first. */
export async function listDrafts(context: { tx: Transaction; author: DraftAuthor; now?: Date }) {
  const { tx, author } = context;
  const now = context.now ?? new Date();
  const rows = await tx
    .select({ procedure: procedures.slug, definition: procedures.definition, values: requestDrafts.values, updatedAt: requestDrafts.updatedAt, expiresAt: requestDrafts.expiresAt })
    .from(requestDrafts)
    .innerJoin(procedures, and(eq(procedures.tenantId, requestDrafts.tenantId), eq(procedures.id, requestDrafts.procedureId)))
    .where(draftsOf(author));
  return rows
    .filter((row) => row.expiresAt > now)
    .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime())
    .map(({ definition, ...row }) => ({ ...row, title: definition.title }));
}

export async function deleteDraft(context: { tx: Transaction; author: DraftAuthor }, input: { procedure: string }) {
  const { tx, author } = context;
  const procedure = await publishedProcedure(tx, input.procedure);
  await dropDrafts(tx, [{ author, procedureId: procedure.id }]);
}

/** Filing drops the drafts it came from, all in one statement. */
export async function dropDrafts(tx: Transaction, drafts: readonly { author: DraftAuthor; procedureId: string }[]) {
  if (drafts.length === 0) return;
  const authors = drafts.map(({ author }) => authorColumns(author));
  // One text whatever the number of drafts: a statement new to the connection costs a round trip to prepare.
  await statementIn(
    tx,
    `delete from request_drafts as draft
      using unnest($1::uuid[], $2::text[], $3::uuid[]) as dropped(account_id, upload_token_hash, procedure_id)
      where draft.tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
        and draft.procedure_id = dropped.procedure_id
        and (draft.account_id = dropped.account_id or draft.upload_token_hash = dropped.upload_token_hash)`,
    [authors.map((author) => author.accountId), authors.map((author) => author.uploadTokenHash), drafts.map((draft) => draft.procedureId)],
  );
}

/** The expiry sweep: drafts past their date are deleted, they were never requests. */
export async function deleteExpiredDrafts(context: { tx: Transaction; now?: Date }) {
  const { tx } = context;
  const now = context.now ?? new Date();
  const removed = await tx.delete(requestDrafts).where(lt(requestDrafts.expiresAt, now)).returning({ procedureId: requestDrafts.procedureId });
  return removed.length;
}

function draftExpiry(author: DraftAuthor, now: Date): Date {
  const days = author.kind === 'citizen' ? DRAFT_LIFETIME_DAYS : BROWSER_DRAFT_LIFETIME_DAYS;
  return new Date(now.getTime() + days * 24 * 3600_000);
}

function authorColumns(author: DraftAuthor) {
  return author.kind === 'citizen'
    ? { accountId: author.accountId, uploadTokenHash: null }
    : { accountId: null, uploadTokenHash: hashUploadToken(author.uploadToken) };
}

function draftsOf(author: DraftAuthor): SQL {
  const columns = authorColumns(author);
  return columns.accountId === null ? eq(requestDrafts.uploadTokenHash, columns.uploadTokenHash) : eq(requestDrafts.accountId, columns.accountId);
}

/** One draft per author and procedure: the partial unique index of the author's kind decides. */
async function upsertDraft(tx: Transaction, row: typeof requestDrafts.$inferInsert, onlyIf?: SQL) {
  const byAccount = row.accountId !== null;
  const set = { values: row.values, updatedAt: row.updatedAt, expiresAt: row.expiresAt };
  await tx
    .insert(requestDrafts)
    .values(row)
    .onConflictDoUpdate({
      target: byAccount
        ? [requestDrafts.tenantId, requestDrafts.accountId, requestDrafts.procedureId]
        : [requestDrafts.tenantId, requestDrafts.uploadTokenHash, requestDrafts.procedureId],
      targetWhere: byAccount ? isNotNull(requestDrafts.accountId) : isNotNull(requestDrafts.uploadTokenHash),
      set,
      ...(onlyIf ? { setWhere: onlyIf } : {}),
    });
}

async function publishedProcedure(tx: Transaction, slug: string) {
  const [procedure] = await tx
    .select({ id: procedures.id, definition: procedures.definition })
    .from(procedures)
    .where(and(eq(procedures.slug, slug), eq(procedures.published, true)));
  if (!procedure) throw new RequestError({ kind: 'not_found' });
  return { id: procedure.id, anonymousAllowed: procedure.definition.anonymousAllowed };
}
