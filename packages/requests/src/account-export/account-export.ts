import { desc, eq, lt } from 'drizzle-orm';
import { deleteStoredFilesLater } from '../attachments/stored-file-deletion.ts';
import type { PgBoss } from 'pg-boss';
import { z } from 'zod';
import { accountExports, type Transaction } from '@guichet/db';
import type { Storage } from '@guichet/storage';
import { enqueue } from '@guichet/jobs';
import type { CitizenActor } from '../actor.ts';
import { RequestError } from '../errors.ts';

/** The queue whose jobs build citizens' data exports. */
export const BUILD_ACCOUNT_EXPORT = 'account.build-export';
export type AccountExportJob = { epciId: string; exportId: string };

/** How long an archive stays downloadable once ready. */
export const EXPORT_LIFETIME_DAYS = 7;

/** Where an export's parts and archive are kept: the platform's own names, never the citizen's. */
export const exportKeys = (epciId: string, exportId: string) => ({
  part: (index: number) => `epci/${epciId}/exports/${exportId}/partie-${index}.json`,
  archive: `epci/${epciId}/exports/${exportId}/donnees.zip`,
});

/** An export as the API answers it. */
export const accountExportSchema = z
  .object({
    id: z.uuid(),
    status: z.enum(['pending', 'ready', 'failed']).meta({ description: '`pending` pendant la préparation, `ready` une fois l’archive prête.' }),
    progress: z.int().min(0).max(100).meta({ description: 'L’avancement de la préparation, en pourcentage.' }),
    requestedAt: z.iso.datetime({ offset: true }),
    readyAt: z.iso.datetime({ offset: true }).nullable(),
    expiresAt: z.iso.datetime({ offset: true }).meta({ description: 'Après cette date, l’archive n’est plus téléchargeable.' }),
    size: z.int().nullable().meta({ description: 'La taille de l’archive, en octets, une fois prête.' }),
  })
  .meta({ id: 'ExportDeDonnees' });

type ExportRow = typeof accountExports.$inferSelect;

function exportView(row: ExportRow) {
  return {
    id: row.id,
    status: row.status,
    progress: row.status === 'ready' ? 100 : row.partsTotal === 0 ? 0 : Math.floor((row.partsDone / (row.partsTotal + 1)) * 100),
    requestedAt: row.createdAt.toISOString(),
    readyAt: row.readyAt?.toISOString() ?? null,
    expiresAt: row.expiresAt.toISOString(),
    size: row.size,
  };
}

async function latestRow(tx: Transaction, accountId: string): Promise<ExportRow | undefined> {
  const [row] = await tx.select().from(accountExports).where(eq(accountExports.accountId, accountId)).orderBy(desc(accountExports.createdAt)).limit(1);
  return row;
}

/** A preparation still pending after an hour has failed (its job gave up): the citizen may ask again. */
const STALE_AFTER_MS = 3600_000;

const usable = (row: ExportRow | undefined, now: Date) =>
  row !== undefined &&
  (row.status === 'ready' ? row.expiresAt > now : row.status === 'pending' && now.getTime() - row.createdAt.getTime() < STALE_AFTER_MS);

/**
 * "Télécharger mes données": asks for an archive of everything the account holds in every
 * commune of the EPCI. One at a time: while one is being prepared or still downloadable, asking
 * again answers it. Runs in the EPCI's scope; the job starts once the transaction commits.
 */
export async function requestAccountExport(context: { tx: Transaction; jobs: PgBoss; epciId: string; actor: CitizenActor; now?: Date }) {
  const { tx, epciId, actor } = context;
  const now = context.now ?? new Date();
  const current = await latestRow(tx, actor.accountId);
  if (usable(current, now)) return exportView(current!);
  const [created] = await tx
    .insert(accountExports)
    .values({ epciId, accountId: actor.accountId, expiresAt: new Date(now.getTime() + EXPORT_LIFETIME_DAYS * 86_400_000) })
    .returning();
  await enqueue(context.jobs, tx, BUILD_ACCOUNT_EXPORT, [{ data: { epciId, exportId: created!.id } satisfies AccountExportJob }]);
  return exportView(created!);
}

/** The account's latest export, if any: its progress, then the archive's size and availability. */
export async function latestAccountExport(context: { tx: Transaction; actor: CitizenActor }) {
  const row = await latestRow(context.tx, context.actor.accountId);
  return row ? exportView(row) : null;
}

/** The archive's bytes, while it is ready and not expired. */
export async function openAccountExport(context: { tx: Transaction; storage: Storage; actor: CitizenActor; now?: Date }) {
  const row = await latestRow(context.tx, context.actor.accountId);
  if (!row || row.status !== 'ready' || !row.storageKey || row.expiresAt <= (context.now ?? new Date())) throw new RequestError({ kind: 'not_found' });
  const stored = await context.storage.get(row.storageKey);
  if (!stored) throw new RequestError({ kind: 'not_found' });
  return { filename: `mes-donnees-${row.createdAt.toISOString().slice(0, 10)}.zip`, mediaType: 'application/zip', size: stored.size, body: stored.body };
}

/** Every stored key of the account's exports, for erasing them with the account. */
export async function dropAccountExports(tx: Transaction, accountId: string): Promise<string[]> {
  return storedKeys(await tx.delete(accountExports).where(eq(accountExports.accountId, accountId)).returning());
}

/** The nightly sweep: an archive past its 7 days goes, its bytes and parts with it. */
export async function deleteExpiredExports(context: { tx: Transaction; jobs: PgBoss; now?: Date }): Promise<number> {
  const removed = await context.tx.delete(accountExports).where(lt(accountExports.expiresAt, context.now ?? new Date())).returning();
  await deleteStoredFilesLater(context.jobs, context.tx, storedKeys(removed));
  return removed.length;
}

function storedKeys(rows: ExportRow[]): string[] {
  return rows.flatMap((row) => {
    const keys = exportKeys(row.epciId, row.id);
    return [keys.archive, ...Array.from({ length: row.partsTotal }, (_, index) => keys.part(index))];
  });
}
