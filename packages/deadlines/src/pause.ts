import { toParisDay, type DayInput } from './calendar-day.ts';
import { addWorkingDays, workingDaysBetween, type WorkingCalendarOptions } from './working-days.ts';

/**
 * What happens to the delay when the citizen answers a request for more:
 * `continue` — the clock only stood still, the due date moves by the working days it was paused;
 * `restart` — the file is complete only now, the full delay runs again from the answer
 * (as for an incomplete file under the Code des relations entre le public et l'administration).
 */
export const pauseModes = ['continue', 'restart'] as const;

export type PauseMode = (typeof pauseModes)[number];

export interface ResumeDeadlineInput extends WorkingCalendarOptions {
  /** The due date in force when the clock was paused. */
  dueAt: DayInput;
  pausedAt: DayInput;
  resumedAt: DayInput;
  /** The procedure's announced delay, in working days. */
  delayDays: number;
  mode: PauseMode;
}

/**
 * The due date once a paused clock resumes. A pause of several rounds is resumed once per round,
 * each time from the due date the previous round gave.
 */
export function resumeDeadline({ dueAt, pausedAt, resumedAt, delayDays, mode, ...calendar }: ResumeDeadlineInput): Date {
  if (toParisDay(resumedAt) < toParisDay(pausedAt)) {
    throw new RangeError('A deadline cannot resume before it was paused');
  }
  if (mode === 'restart') return addWorkingDays(resumedAt, delayDays, calendar);
  return addWorkingDays(dueAt, workingDaysBetween(pausedAt, resumedAt, calendar), calendar);
}
