/**
 * A calendar day as a count of days since 1970-01-01 (proleptic Gregorian), tied to no time zone.
 * Working-day arithmetic runs on these integers; only the edges (the filing instant in, the due
 * instant out) are read in Europe/Paris, the legal time of the communes we serve in metropolitan
 * France, so a request filed on Friday at 23:30 Paris time is filed on Friday whatever the
 * server's own time zone.
 */
export type DayNumber = number;

/** A day or an instant: `2026-05-14` names a Paris calendar day, a `Date` or ISO instant an instant. */
export type DayInput = Date | string;

const MS_PER_DAY = 86_400_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
// An instant must carry its offset: a bare local time would silently take the server's zone.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

const parisWallClock = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Paris',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

export function dayFromIso(iso: string): DayNumber {
  const match = ISO_DAY.exec(iso);
  if (!match) throw new RangeError(`Not an ISO calendar day (YYYY-MM-DD): ${iso}`);
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  const dayNumber = dayFromParts(year, month, day);
  if (isoFromDay(dayNumber) !== iso) throw new RangeError(`No such calendar day: ${iso}`);
  return dayNumber;
}

export function dayFromParts(year: number, month: number, dayOfMonth: number): DayNumber {
  return Date.UTC(year, month - 1, dayOfMonth) / MS_PER_DAY;
}

export function isoFromDay(day: DayNumber): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function yearOfDay(day: DayNumber): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

/** 0 is Sunday, 6 is Saturday; 1970-01-01 was a Thursday. */
export function weekday(day: DayNumber): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function toParisDay(input: DayInput): DayNumber {
  if (typeof input === 'string') {
    if (ISO_DAY.test(input)) return dayFromIso(input);
    if (ISO_INSTANT.test(input)) return parisDayOfInstant(new Date(input));
    throw new RangeError(`Expected YYYY-MM-DD or an ISO instant with its offset: ${input}`);
  }
  return parisDayOfInstant(input);
}

/** The Paris calendar day of an instant or ISO day, as `YYYY-MM-DD` ("today" for a form, a filing day). */
export function parisDay(input: DayInput): string {
  return isoFromDay(toParisDay(input));
}

/** The last millisecond of a Paris calendar day: a due date shows as that day in any French display. */
export function endOfParisDay(day: DayNumber): Date {
  return new Date(startOfParisDay(day + 1) - 1);
}

function parisDayOfInstant(instant: Date): DayNumber {
  const time = instant.getTime();
  if (Number.isNaN(time)) throw new RangeError('Invalid Date');
  return Math.floor((time + parisOffsetMs(time)) / MS_PER_DAY);
}

function startOfParisDay(day: DayNumber): number {
  // Paris changes offset at 01:00 UTC, never at midnight, so the offset found one step away
  // from UTC midnight is the one in force at Paris midnight.
  const utcMidnight = day * MS_PER_DAY;
  const guess = utcMidnight - parisOffsetMs(utcMidnight);
  return utcMidnight - parisOffsetMs(guess);
}

function parisOffsetMs(time: number): number {
  const hour = Math.floor(time / MS_PER_HOUR);
  const known = offsetByUtcHour.get(hour);
  if (known !== undefined) return known;
  const offset = offsetAt(time);
  // Paris changes offset on the hour (01:00 UTC): an hour that begins and ends on one offset
  // keeps it throughout, and is worth remembering (Intl's reading is slow next to the rest).
  if (offsetAt(hour * MS_PER_HOUR) === offset && offsetAt((hour + 1) * MS_PER_HOUR - 1000) === offset) {
    if (offsetByUtcHour.size >= 10_000) offsetByUtcHour.clear();
    offsetByUtcHour.set(hour, offset);
  }
  return offset;
}

const MS_PER_HOUR = 3_600_000;
const offsetByUtcHour = new Map<number, number>();

function offsetAt(time: number): number {
  const wholeSecond = time - (((time % 1000) + 1000) % 1000);
  return parisWallClockMs(wholeSecond) - wholeSecond;
}

/** The Paris wall-clock reading of an instant, expressed as if it were UTC (to the second). */
function parisWallClockMs(time: number): number {
  const parts: Record<string, number> = {};
  for (const part of parisWallClock.formatToParts(time)) parts[part.type] = Number(part.value);
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}
