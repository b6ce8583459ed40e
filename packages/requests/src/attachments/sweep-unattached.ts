import { and, isNull, lt } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { attachments, type Transaction } from '@guichet/db';
import { deleteStoredFilesLater } from './stored-file-deletion.ts';

/** How long an upload waits for the filing or message it was made for. */
const UNATTACHED_LIFETIME_MS = 24 * 3600_000;

/** Deletes the commune's uploads never attached to a request within a day, bytes included. */
export async function sweepUnattachedUploads(context: { tx: Transaction; jobs: PgBoss; now?: Date }): Promise<number> {
  const { tx, jobs } = context;
  const now = context.now ?? new Date();
  const removed = await tx
    .delete(attachments)
    .where(and(isNull(attachments.requestId), lt(attachments.createdAt, new Date(now.getTime() - UNATTACHED_LIFETIME_MS))))
    .returning({ storageKey: attachments.storageKey });
  await deleteStoredFilesLater(jobs, tx, removed.map((row) => row.storageKey));
  return removed.length;
}
