import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { requests, type Transaction } from '@guichet/db';
import { addWorkingDays, deadlineState } from '@guichet/deadlines';
import { readCommuneSettings, type CommuneCalendar } from '@guichet/catalogue';
import { appendEvent } from './history.ts';
import { notifyService } from './notifications.ts';

/** A request is "near" its deadline within this many working days: its priority is raised. */
const NEAR_THRESHOLD_WORKING_DAYS = 1;

/**
 * The periodic deadline sweep of one commune: flags overdue requests (once) and tells their
 * service, raises the priority of those near their deadline, and flags first contacts left
 * unacknowledged past the commune's acknowledgement delay. Paused clocks are left alone.
 */
export async function flagDeadlines(context: { tx: Transaction; jobs: PgBoss; tenantId: string; now?: Date }) {
  const { tx, jobs, tenantId } = context;
  const now = context.now ?? new Date();
  const { calendar } = await readCommuneSettings({ tx });
  const open = and(isNull(requests.closedAt), isNull(requests.clockPausedAt), isNull(requests.mergedIntoId));
  const candidates = await tx
    .select()
    .from(requests)
    .where(and(open, lt(requests.dueAt, addWorkingDays(now, NEAR_THRESHOLD_WORKING_DAYS + 1, calendar))))
    .for('update', { skipLocked: true });
  let overdue = 0;
  for (const request of candidates) {
    const state = deadlineState(request.dueAt, now, { nearThresholdWorkingDays: NEAR_THRESHOLD_WORKING_DAYS, ...calendar });
    if (state === 'overdue' && !request.overdueAt) {
      await tx.update(requests).set({ overdueAt: now, priority: 'urgent' }).where(eq(requests.id, request.id));
      const eventId = await appendEvent(tx, {
        tenantId,
        requestId: request.id,
        kind: 'overdue',
        public: false,
        actor: { kind: 'system' },
        payload: { what: 'deadline', dueAt: request.dueAt.toISOString() },
      });
      await notifyService(jobs, tx, [{ tenantId, requestId: request.id, eventId }]);
      overdue += 1;
    } else if (state === 'near' && request.priority === 'normal') {
      await tx.update(requests).set({ priority: 'high' }).where(eq(requests.id, request.id));
      await appendEvent(tx, {
        tenantId,
        requestId: request.id,
        kind: 'priority_changed',
        public: false,
        actor: { kind: 'system' },
        payload: { from: 'normal', to: 'high', reason: 'deadline_near' },
      });
    }
  }
  const unacknowledged = await flagUnacknowledged(tx, tenantId, calendar, now);
  return { overdue, unacknowledged };
}

async function flagUnacknowledged(tx: Transaction, tenantId: string, calendar: CommuneCalendar, now: Date) {
  const waiting = await tx
    .select({ id: requests.id, filedAt: requests.filedAt })
    .from(requests)
    .where(
      and(
        eq(requests.status, 'submitted'),
        isNull(requests.acknowledgedAt),
        isNull(requests.closedAt),
        sql`not exists (select 1 from request_events e where e.tenant_id = ${requests.tenantId} and e.request_id = ${requests.id}
          and e.kind = 'overdue' and e.payload->>'what' = 'acknowledgement')`,
      ),
    );
  let flagged = 0;
  for (const request of waiting) {
    if (addWorkingDays(request.filedAt, calendar.acknowledgementDelayDays, calendar).getTime() >= now.getTime()) continue;
    await appendEvent(tx, {
      tenantId,
      requestId: request.id,
      kind: 'overdue',
      public: false,
      actor: { kind: 'system' },
      payload: { what: 'acknowledgement' },
    });
    flagged += 1;
  }
  return flagged;
}
