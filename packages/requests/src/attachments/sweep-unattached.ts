import { and, isNull, lt, notExists, sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { attachments, requestDrafts, type Transaction } from '@guichet/db';
import { deleteStoredFilesLater } from './stored-file-deletion.ts';

/** How long an upload waits for the filing or message it was made for. */
const UNATTACHED_LIFETIME_MS = 24 * 3600_000;

/**
 * Deletes the commune's uploads never attached to a request within a day, bytes included, but
 * those a live draft still holds: a draft keeps its files for as long as it lives.
 */
export async function sweepUnattachedUploads(context: { tx: Transaction; jobs: PgBoss; now?: Date }): Promise<number> {
  const { tx, jobs } = context;
  const now = context.now ?? new Date();
  const removed = await tx
    .delete(attachments)
    .where(
      and(
        isNull(attachments.requestId),
        lt(attachments.createdAt, new Date(now.getTime() - UNATTACHED_LIFETIME_MS)),
        notExists(heldByDraft(now)),
      ),
    )
    .returning({ storageKey: attachments.storageKey });
  await deleteStoredFilesLater(jobs, tx, removed.map((row) => row.storageKey));
  return removed.length;
}

/** A draft whose answers name the upload (a file field's value, at any depth). */
function heldByDraft(now: Date) {
  return sql`(SELECT 1 FROM ${requestDrafts} WHERE ${requestDrafts.tenantId} = ${attachments.tenantId} AND ${requestDrafts.expiresAt} > ${now.toISOString()}::timestamptz
    AND jsonb_path_exists(${requestDrafts.values}, 'strict $.** ? (@ == $id)', jsonb_build_object('id', ${attachments.id}::text)))`;
}
