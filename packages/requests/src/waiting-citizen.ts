import { and, eq, isNull, sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { procedures, requestEvents, requests, type Transaction } from '@guichet/db';
import { defaultWaitingCitizen } from '@guichet/catalogue';
import { RequestError } from './errors.ts';
import { appendEvent } from './history.ts';
import { notifyCitizen } from './notifications.ts';
import { transitionRequest } from './transition-request.ts';

const DAY = 24 * 3600_000;

/**
 * The sweep of requests waiting for the citizen's answer, as each procedure says: a reminder
 * after `remindAfterDays` (once per question), then closing without action after
 * `closeAfterDays` (and at least the days between the two after the reminder), each a public
 * history event the citizen is told of. Days are counted from the question (the clock's pause),
 * in full days.
 */
export async function followUpWaitingCitizen(context: { tx: Transaction; jobs: PgBoss; tenantId: string; now?: Date }) {
  const { tx, jobs, tenantId } = context;
  const now = context.now ?? new Date();
  const waiting = await tx
    .select({
      id: requests.id,
      pausedAt: requests.clockPausedAt,
      definition: procedures.definition,
      remindedAt: sql<Date | null>`(select max(e.at) from ${requestEvents} e where e.tenant_id = ${requests.tenantId} and e.request_id = ${requests.id}
        and e.kind = 'reminded' and e.at >= ${requests.clockPausedAt})`.mapWith(requestEvents.at),
    })
    .from(requests)
    .innerJoin(procedures, and(eq(procedures.tenantId, requests.tenantId), eq(procedures.id, requests.procedureId)))
    .where(and(eq(requests.status, 'waiting_citizen'), isNull(requests.mergedIntoId), sql`${requests.clockPausedAt} is not null`))
    .for('update', { of: requests, skipLocked: true });
  let reminded = 0;
  let closed = 0;
  for (const request of waiting) {
    const rules = request.definition.waitingCitizen ?? defaultWaitingCitizen /* stored before the rule existed */;
    const waitedDays = Math.floor((now.getTime() - request.pausedAt!.getTime()) / DAY);
    // Never closed unwarned: the reminder comes first, and the citizen keeps the days between the
    // two the procedure announces (after a sweep missed, or for a request waiting from before).
    const warned = rules.remindAfterDays === null || (request.remindedAt !== null && now.getTime() - request.remindedAt.getTime() >= (rules.closeAfterDays! - rules.remindAfterDays) * DAY);
    if (rules.closeAfterDays !== null && waitedDays >= rules.closeAfterDays && warned) {
      if (await closeUnanswered({ tx, jobs, tenantId, now }, request.id, waitedDays)) closed += 1;
    } else if (rules.remindAfterDays !== null && waitedDays >= rules.remindAfterDays && request.remindedAt === null) {
      const closesOn = rules.closeAfterDays === null ? null : new Date(Math.max(request.pausedAt!.getTime() + rules.closeAfterDays * DAY, now.getTime() + (rules.closeAfterDays - rules.remindAfterDays) * DAY));
      const eventId = await appendEvent(tx, {
        tenantId,
        requestId: request.id,
        kind: 'reminded',
        public: true,
        actor: { kind: 'system' },
        payload: { waitedDays, ...(closesOn ? { closesOn: closesOn.toISOString() } : {}) },
      });
      await notifyCitizen(jobs, tx, [{ tenantId, requestId: request.id, eventId }]);
      reminded += 1;
    }
  }
  return { reminded, closed };
}

/**
 * Closes one request left unanswered, in a savepoint: a procedure whose workflow does not let the
 * system close it keeps waiting, and the commune's other requests are swept all the same.
 */
async function closeUnanswered(context: { tx: Transaction; jobs: PgBoss; tenantId: string; now: Date }, requestId: string, waitedDays: number): Promise<boolean> {
  try {
    await context.tx.transaction((savepoint) =>
      transitionRequest(
        { tx: savepoint, jobs: context.jobs, tenantId: context.tenantId, actor: { kind: 'system' }, now: context.now },
        {
          requestId,
          status: 'closed_without_action',
          comment: `Sans réponse de votre part depuis ${waitedDays} jours, la demande est classée sans suite. Vous pouvez en déposer une nouvelle, en rappelant sa référence.`,
        },
      ),
    );
    return true;
  } catch (error) {
    if (error instanceof RequestError && error.failure.kind === 'transition_refused') return false;
    throw error;
  }
}
