import { eq } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { z } from 'zod';
import { requests, type Transaction } from '@guichet/db';
import { readCommuneSettings } from '@guichet/catalogue';
import { addWorkingDays, resumeDeadline } from '@guichet/deadlines';
import { canTransition, resolveWorkflow, statusKeys, type WorkflowOverridesInput } from '@guichet/workflow';
import type { Actor } from '@guichet/db';
import { isCitizenSide, workflowRole } from './actor.ts';
import { RequestError } from './errors.ts';
import { appendEvent } from './history.ts';
import { loadRequestFor } from './load-request.ts';
import { notifyCitizen, notifyService } from './notifications.ts';

export const transitionInputSchema = z.strictObject({
  status: z.enum(statusKeys, 'Statut inconnu.'),
  /** Shown to the citizen; required to refuse or close without action. */
  comment: z.string().trim().max(5000).optional(),
});
export type TransitionInput = z.infer<typeof transitionInputSchema>;

/** What a transition answers: the new status and the due date (it moves when the clock resumes). */
export const transitionResultSchema = z.object({
  status: z.enum(statusKeys),
  dueAt: z.iso.datetime({ offset: true }),
});

export type ChangeContext = { tx: Transaction; jobs: PgBoss; tenantId: string; actor: Actor; now?: Date };

/**
 * Moves a request along its procedure's workflow, which alone decides who may make which move
 * and when. Waiting for the citizen pauses the clock; leaving that state resumes it as the
 * procedure says (the delay continues, or restarts). Reopening a closed request gives it the
 * procedure's full delay again from the reopening, and is recorded as `reopened` so reopenings
 * can be counted. The other side is told: the citizen of the commune's moves, the service of
 * the citizen's (withdrawal, reopening).
 */
export async function transitionRequest(context: ChangeContext, input: { requestId: string } & TransitionInput) {
  const { tx, actor } = context;
  const now = context.now ?? new Date();
  const { request, procedure } = await loadRequestFor(tx, actor, input.requestId);
  const workflow = resolveWorkflow((procedure.definition.workflow ?? undefined) as WorkflowOverridesInput | undefined);
  const check = canTransition(workflow, request.status, input.status, workflowRole(actor), {
    comment: input.comment,
    closedAt: request.closedAt,
    now,
  });
  if (!check.ok) throw new RequestError({ kind: 'transition_refused', reason: check.reason, message: check.message });

  const { calendar } = await readCommuneSettings({ tx });
  const changes: Partial<typeof requests.$inferInsert> = { status: input.status, updatedAt: now };
  if (check.effects.pauseClock) changes.clockPausedAt = now;
  if (check.effects.resumeClock && request.clockPausedAt) {
    changes.clockPausedAt = null;
    changes.dueAt = resumeDeadline({
      dueAt: request.dueAt,
      pausedAt: request.clockPausedAt,
      resumedAt: now,
      delayDays: procedure.definition.delayDays,
      mode: procedure.definition.pauseMode,
      ...calendar,
    });
    changes.overdueAt = null;
  }
  if (check.effects.final) changes.closedAt = now;
  if (input.status === 'acknowledged' && !request.acknowledgedAt) changes.acknowledgedAt = now;
  // Reopening a closed request gives it a fresh delay rather than an instant overdue flag.
  if (check.effects.reopen) {
    changes.closedAt = null;
    changes.clockPausedAt = null;
    changes.overdueAt = null;
    changes.dueAt = addWorkingDays(now, procedure.definition.delayDays, calendar);
  }
  await tx.update(requests).set(changes).where(eq(requests.id, request.id));
  const eventId = await appendEvent(tx, {
    tenantId: context.tenantId,
    requestId: request.id,
    at: context.now,
    kind: check.effects.reopen ? 'reopened' : 'status_changed',
    public: true,
    actor,
    payload: {
      from: request.status,
      to: input.status,
      ...(input.comment ? { comment: input.comment } : {}),
      ...(check.effects.reopen ? { dueAt: (changes.dueAt as Date).toISOString(), delayDays: procedure.definition.delayDays } : {}),
    },
  });
  const notification = { tenantId: context.tenantId, requestId: request.id, eventId };
  if (isCitizenSide(actor)) await notifyService(context.jobs, tx, [notification]);
  else await notifyCitizen(context.jobs, tx, [notification]);
  return { status: input.status, dueAt: (changes.dueAt ?? request.dueAt) as Date };
}

