import { describe, expect, it } from 'vitest';
import { addWorkingDays, deadlineState, resumeDeadline } from '../src/index.ts';

describe('resumeDeadline', () => {
  // Filed Monday 2026-06-01 with a 10 working-day delay: due Monday 2026-06-15.
  const dueAt = addWorkingDays('2026-06-01T09:00:00+02:00', 10);
  const base = { dueAt, delayDays: 10 } as const;

  it('pushes the due date by the working days paused when the clock continues', () => {
    expect(dueAt).toEqual(new Date('2026-06-15T23:59:59.999+02:00'));
    const resumed = resumeDeadline({
      ...base,
      mode: 'continue',
      pausedAt: '2026-06-03T10:00:00+02:00',
      resumedAt: '2026-06-08T15:00:00+02:00',
    });
    expect(resumed).toEqual(new Date('2026-06-18T23:59:59.999+02:00'));
  });

  it('runs the full delay again from the answer when the clock restarts', () => {
    const resumed = resumeDeadline({
      ...base,
      mode: 'restart',
      pausedAt: '2026-06-03T10:00:00+02:00',
      resumedAt: '2026-06-08T15:00:00+02:00',
    });
    expect(resumed).toEqual(new Date('2026-06-22T23:59:59.999+02:00'));
  });

  it('keeps the due date when the citizen answers the same day', () => {
    const resumed = resumeDeadline({
      ...base,
      mode: 'continue',
      pausedAt: '2026-06-03T10:00:00+02:00',
      resumedAt: '2026-06-03T18:00:00+02:00',
    });
    expect(resumed).toEqual(dueAt);
  });

  it('does not count the holidays and closures of the pause', () => {
    const due = addWorkingDays('2026-05-11', 5, { closures: ['2026-05-15'] });
    expect(due).toEqual(new Date('2026-05-20T23:59:59.999+02:00'));
    const resumed = resumeDeadline({
      dueAt: due,
      delayDays: 5,
      mode: 'continue',
      pausedAt: '2026-05-13T10:00:00+02:00',
      resumedAt: '2026-05-18T09:00:00+02:00',
      closures: ['2026-05-15'],
    });
    expect(resumed).toEqual(new Date('2026-05-21T23:59:59.999+02:00'));
  });

  it('adds up successive pauses', () => {
    const first = resumeDeadline({ ...base, mode: 'continue', pausedAt: '2026-06-02', resumedAt: '2026-06-04' });
    const second = resumeDeadline({ ...base, dueAt: first, mode: 'continue', pausedAt: '2026-06-09', resumedAt: '2026-06-10' });
    expect(second).toEqual(addWorkingDays(dueAt, 3));
  });

  it('moves the due date across a DST change to the new offset', () => {
    const due = addWorkingDays('2026-03-20', 2);
    const resumed = resumeDeadline({
      dueAt: due,
      delayDays: 2,
      mode: 'continue',
      pausedAt: '2026-03-23',
      resumedAt: '2026-03-30',
    });
    expect(due).toEqual(new Date('2026-03-24T23:59:59.999+01:00'));
    expect(resumed).toEqual(new Date('2026-03-31T23:59:59.999+02:00'));
  });

  it('refuses a resumption before the pause', () => {
    expect(() =>
      resumeDeadline({ ...base, mode: 'continue', pausedAt: '2026-06-05', resumedAt: '2026-06-04' }),
    ).toThrow(RangeError);
  });
});

describe('deadlineState', () => {
  const dueAt = new Date('2026-05-19T23:59:59.999+02:00');
  const at = (iso: string) => new Date(iso);

  it('is near within the threshold of working days', () => {
    expect(deadlineState(dueAt, at('2026-05-18T10:00:00+02:00'), { nearThresholdWorkingDays: 1 })).toBe('near');
    expect(deadlineState(dueAt, at('2026-05-18T10:00:00+02:00'), { nearThresholdWorkingDays: 0 })).toBe('on_time');
    expect(deadlineState(dueAt, at('2026-05-19T23:00:00+02:00'), { nearThresholdWorkingDays: 0 })).toBe('near');
  });

  it('counts the threshold in working days, holidays and closures excluded', () => {
    const now = at('2026-05-13T09:00:00+02:00');
    expect(deadlineState(dueAt, now, { nearThresholdWorkingDays: 2 })).toBe('on_time');
    expect(deadlineState(dueAt, now, { nearThresholdWorkingDays: 2, closures: ['2026-05-15'] })).toBe('near');
  });

  it('is overdue from the first instant after the due day', () => {
    expect(deadlineState(dueAt, at('2026-05-20T00:00:00+02:00'), { nearThresholdWorkingDays: 2 })).toBe('overdue');
    expect(deadlineState(dueAt, dueAt, { nearThresholdWorkingDays: 2 })).toBe('near');
  });

  it('refuses a threshold that is not a whole, non-negative number of days', () => {
    expect(() => deadlineState(dueAt, dueAt, { nearThresholdWorkingDays: -1 })).toThrow(RangeError);
  });
});
