import {
  dayFromIso,
  endOfParisDay,
  toParisDay,
  weekday,
  yearOfDay,
  type DayInput,
  type DayNumber,
} from './calendar-day.ts';
import { isPublicHoliday, type Zone } from './holidays.ts';

export interface WorkingCalendarOptions {
  /** `YYYY-MM-DD` days the commune's services are closed on top of public holidays ("pont", local fête). */
  closures?: readonly string[];
  zone?: Zone;
}

type IsWorkingDay = (day: DayNumber) => boolean;

function workingCalendar({ closures = [], zone = 'metropole' }: WorkingCalendarOptions): IsWorkingDay {
  const closed = new Set(closures.map(dayFromIso));
  return (day) => {
    const dayOfWeek = weekday(day);
    if (dayOfWeek === 0 || dayOfWeek === 6) return false;
    return !closed.has(day) && !isPublicHoliday(day, yearOfDay(day), zone);
  };
}

export function isWorkingDay(day: DayInput, options: WorkingCalendarOptions = {}): boolean {
  return workingCalendar(options)(toParisDay(day));
}

/**
 * The end (23:59:59.999 Paris time) of the `days`-th working day after the Paris day of `start`.
 * The filing day itself never counts, worked or not (the French rule that a delay starts the day
 * after the event), so filings on Friday evening, Saturday and Sunday share their due date.
 * Zero days means the end of the filing day itself.
 */
export function addWorkingDays(start: DayInput, days: number, options: WorkingCalendarOptions = {}): Date {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`Not a count of working days: ${days}`);
  const isWorking = workingCalendar(options);
  let day = toParisDay(start);
  for (let counted = 0; counted < days; ) {
    day += 1;
    if (isWorking(day)) counted += 1;
  }
  return endOfParisDay(day);
}

/**
 * Working days after the Paris day of `from` up to and including the Paris day of `to`, negative
 * when `to` is earlier: the inverse of `addWorkingDays`, so `workingDaysBetween(filedAt,
 * answeredAt) <= delay` means "answered within the announced delay".
 */
export function workingDaysBetween(from: DayInput, to: DayInput, options: WorkingCalendarOptions = {}): number {
  const isWorking = workingCalendar(options);
  const first = toParisDay(from);
  const last = toParisDay(to);
  const [low, high, sign] = first <= last ? [first, last, 1] : [last, first, -1];
  let count = 0;
  for (let day = low + 1; day <= high; day += 1) if (isWorking(day)) count += 1;
  return sign * count;
}
