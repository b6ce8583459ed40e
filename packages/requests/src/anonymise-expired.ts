import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { attachments, gridCellOf, procedures, requestFollowUpTokens, requests, type Transaction } from '@guichet/db';
import { deleteStoredFilesLater } from './attachments/stored-file-deletion.ts';
import { appendEvent } from './history.ts';

/**
 * RGPD retention: each closed request past its procedure's retention period loses its personal
 * data — form answers, free text in its history, files, contact, account link, follow-up links —
 * and keeps procedure, service, channel, dates, status, sector and the map cell of its coordinates
 * for the statistics. Returns
 * how many.
 */
export async function anonymiseExpired(context: { tx: Transaction; jobs: PgBoss; tenantId: string; now?: Date }): Promise<string[]> {
  const { tx, jobs, tenantId } = context;
  const now = context.now ?? new Date();
  const expired = await tx
    .select({ id: requests.id, title: sql<string>`${procedures.definition}->>'title'`, latitude: requests.latitude, longitude: requests.longitude })
    .from(requests)
    .innerJoin(procedures, and(eq(procedures.tenantId, requests.tenantId), eq(procedures.id, requests.procedureId)))
    .where(
      and(
        isNotNull(requests.closedAt),
        isNull(requests.anonymisedAt),
        sql`${requests.closedAt} + make_interval(days => coalesce((${procedures.definition}->>'retentionDays')::int, 730)) < ${now.toISOString()}::timestamptz`,
      ),
    )
    .for('update', { of: requests, skipLocked: true });
  for (const request of expired) {
    await tx
      .update(requests)
      .set({
        data: {},
        summary: request.title,
        address: null,
        latitude: null,
        longitude: null,
        gridCell: gridCellOf(request.latitude, request.longitude),
        contactId: null,
        citizenAccountId: null,
        satisfactionComment: null,
        anonymisedAt: now,
      })
      .where(eq(requests.id, request.id));
    await tx.execute(sql`select scrub_request_history(${request.id})`);
    // The follow-up links die with the personal data they lead to.
    await tx.delete(requestFollowUpTokens).where(eq(requestFollowUpTokens.requestId, request.id));
    const removed = await tx.delete(attachments).where(eq(attachments.requestId, request.id)).returning({ storageKey: attachments.storageKey });
    await deleteStoredFilesLater(jobs, tx, removed.map((file) => file.storageKey));
    await appendEvent(tx, {
      tenantId,
      requestId: request.id,
      kind: 'anonymised',
      public: false,
      actor: { kind: 'system' },
      payload: { files: removed.length },
    });
  }
  return expired.map((request) => request.id);
}
