import { and, eq, isNull, sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { procedures, requestEvents, requests, type ProcedureDefinition, type Transaction } from '@guichet/db';
import { appendEvent } from './history.ts';
import { notifyCitizen } from './notifications.ts';
import { transitionRequest } from './transition-request.ts';

const DAY = 24 * 3600_000;

/** Procedures stored before the rule existed follow its defaults. */
const defaultRules: ProcedureDefinition['waitingCitizen'] = { remindAfterDays: 7, closeAfterDays: 30 };

/**
 * The sweep of requests waiting for the citizen's answer, as each procedure says: a reminder
 * after `remindAfterDays` (once per question), then closing without action after
 * `closeAfterDays`, each a public history event the citizen is told of. Days are counted from
 * the question (the clock's pause), in full days.
 */
export async function followUpWaitingCitizen(context: { tx: Transaction; jobs: PgBoss; tenantId: string; now?: Date }) {
  const { tx, jobs, tenantId } = context;
  const now = context.now ?? new Date();
  const waiting = await tx
    .select({
      id: requests.id,
      pausedAt: requests.clockPausedAt,
      definition: procedures.definition,
      reminded: sql<boolean>`exists (select 1 from ${requestEvents} e where e.tenant_id = ${requests.tenantId} and e.request_id = ${requests.id}
        and e.kind = 'reminded' and e.at >= ${requests.clockPausedAt})`,
    })
    .from(requests)
    .innerJoin(procedures, and(eq(procedures.tenantId, requests.tenantId), eq(procedures.id, requests.procedureId)))
    .where(and(eq(requests.status, 'waiting_citizen'), isNull(requests.mergedIntoId), sql`${requests.clockPausedAt} is not null`))
    .for('update', { of: requests, skipLocked: true });
  let reminded = 0;
  let closed = 0;
  for (const request of waiting) {
    const rules = request.definition.waitingCitizen ?? defaultRules;
    const waitedDays = Math.floor((now.getTime() - request.pausedAt!.getTime()) / DAY);
    if (rules.closeAfterDays !== null && waitedDays >= rules.closeAfterDays) {
      await transitionRequest(
        { tx, jobs, tenantId, actor: { kind: 'system' }, now },
        {
          requestId: request.id,
          status: 'closed_without_action',
          comment: `Sans réponse de votre part depuis ${waitedDays} jours, la demande est classée sans suite. Vous pouvez en déposer une nouvelle, en rappelant sa référence.`,
        },
      );
      closed += 1;
    } else if (rules.remindAfterDays !== null && waitedDays >= rules.remindAfterDays && !request.reminded) {
      const closesOn = rules.closeAfterDays === null ? null : new Date(request.pausedAt!.getTime() + rules.closeAfterDays * DAY);
      const eventId = await appendEvent(tx, {
        tenantId,
        requestId: request.id,
        kind: 'reminded',
        public: true,
        actor: { kind: 'system' },
        payload: { waitedDays, ...(closesOn ? { closesOn: closesOn.toISOString() } : {}) },
      });
      await notifyCitizen(jobs, tx, { tenantId, requestId: request.id, eventId });
      reminded += 1;
    }
  }
  return { reminded, closed };
}
