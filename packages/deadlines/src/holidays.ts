import { dayFromIso, dayFromParts, isoFromDay, type DayNumber } from './calendar-day.ts';

/**
 * The holiday calendars a commune can follow. Metropolitan France has the eleven days of the
 * Code du travail (art. L3133-1); Alsace-Moselle's local law adds Good Friday and 26 December
 * (art. L3134-13); each overseas department adds the commemoration of the abolition of slavery
 * (loi n° 83-550 and décret n° 83-1003, art. L3422-2).
 */
export const zones = [
  'metropole',
  'alsace-moselle',
  'guadeloupe',
  'guyane',
  'martinique',
  'mayotte',
  'la-reunion',
] as const;

export type Zone = (typeof zones)[number];

export interface PublicHoliday {
  /** `YYYY-MM-DD` */
  date: string;
  /** French name, as shown to an administrator. */
  name: string;
}

interface FixedHoliday {
  month: number;
  day: number;
  name: string;
}

const nationalFixed: readonly FixedHoliday[] = [
  { month: 1, day: 1, name: 'Jour de l’an' },
  { month: 5, day: 1, name: 'Fête du Travail' },
  { month: 5, day: 8, name: 'Victoire 1945' },
  { month: 7, day: 14, name: 'Fête nationale' },
  { month: 8, day: 15, name: 'Assomption' },
  { month: 11, day: 1, name: 'Toussaint' },
  { month: 11, day: 11, name: 'Armistice 1918' },
  { month: 12, day: 25, name: 'Noël' },
];

/** Offsets in days from Easter Sunday. */
const nationalMovable = [
  { offset: 1, name: 'Lundi de Pâques' },
  { offset: 39, name: 'Ascension' },
  { offset: 50, name: 'Lundi de Pentecôte' },
];

const abolition = (month: number, day: number): FixedHoliday => ({
  month,
  day,
  name: 'Abolition de l’esclavage',
});

const zoneExtras: Record<Zone, { fixed: readonly FixedHoliday[]; movable: typeof nationalMovable }> = {
  metropole: { fixed: [], movable: [] },
  'alsace-moselle': {
    fixed: [{ month: 12, day: 26, name: 'Saint-Étienne' }],
    movable: [{ offset: -2, name: 'Vendredi saint' }],
  },
  guadeloupe: { fixed: [abolition(5, 27)], movable: [] },
  guyane: { fixed: [abolition(6, 10)], movable: [] },
  martinique: { fixed: [abolition(5, 22)], movable: [] },
  mayotte: { fixed: [abolition(4, 27)], movable: [] },
  'la-reunion': { fixed: [abolition(12, 20)], movable: [] },
};

/**
 * Easter Sunday of a Gregorian year, by the anonymous Gregorian algorithm (Meeus/Jones/Butcher):
 * a dozen integer operations, exact for every Gregorian year, so no library is needed for it.
 */
export function easterSunday(year: number): string {
  if (!Number.isInteger(year) || year < 1583) throw new RangeError(`Not a Gregorian year: ${year}`);
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoFromDay(dayFromParts(year, month, day));
}

/** The public holidays of a year in a zone, in date order (today's law, not past years' rules). */
export function publicHolidays(year: number, zone: Zone = 'metropole'): PublicHoliday[] {
  const easter = dayFromIso(easterSunday(year));
  const extras = zoneExtras[zone];
  const fixed = [...nationalFixed, ...extras.fixed].map((holiday) => ({
    day: dayFromParts(year, holiday.month, holiday.day),
    name: holiday.name,
  }));
  const movable = [...nationalMovable, ...extras.movable].map((holiday) => ({
    day: easter + holiday.offset,
    name: holiday.name,
  }));
  return [...fixed, ...movable]
    .sort((left, right) => left.day - right.day)
    .map((holiday) => ({ date: isoFromDay(holiday.day), name: holiday.name }));
}

const holidayDays = new Map<string, ReadonlySet<DayNumber>>();

/** Memoised per year and zone: a deadline computation asks about the same few years many times. */
export function isPublicHoliday(day: DayNumber, year: number, zone: Zone): boolean {
  const cacheKey = `${zone}:${year}`;
  let days = holidayDays.get(cacheKey);
  if (!days) {
    days = new Set(publicHolidays(year, zone).map((holiday) => dayFromIso(holiday.date)));
    holidayDays.set(cacheKey, days);
  }
  return days.has(day);
}
