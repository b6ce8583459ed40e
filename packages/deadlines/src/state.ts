import { workingDaysBetween, type WorkingCalendarOptions } from './working-days.ts';

export type DeadlineState = 'on_time' | 'near' | 'overdue';

export interface DeadlineStateOptions extends WorkingCalendarOptions {
  /** `near` from this many working days before the due day; 0 means on the due day only. */
  nearThresholdWorkingDays: number;
}

/**
 * Where a request stands against its due date, to raise its priority automatically. A request
 * whose clock is paused (waiting for the citizen) should not be asked: its due date is not final.
 */
export function deadlineState(dueAt: Date, now: Date, options: DeadlineStateOptions): DeadlineState {
  const { nearThresholdWorkingDays: threshold, ...calendar } = options;
  if (!Number.isInteger(threshold) || threshold < 0) {
    throw new RangeError(`Not a count of working days: ${threshold}`);
  }
  if (now.getTime() > dueAt.getTime()) return 'overdue';
  return workingDaysBetween(now, dueAt, calendar) <= threshold ? 'near' : 'on_time';
}
