import { describe, expect, it } from 'vitest';
import { easterSunday, publicHolidays, zones } from '../src/index.ts';

describe('easterSunday', () => {
  it.each([
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2019, '2019-04-21'],
    [2000, '2000-04-23'],
    // The extremes of the Gregorian computus.
    [1818, '1818-03-22'],
    [2285, '2285-03-22'],
    [2038, '2038-04-25'],
  ])('puts Easter %i on %s', (year, expected) => {
    expect(easterSunday(year)).toBe(expected);
  });

  it('refuses a year before the Gregorian calendar or not a whole number', () => {
    expect(() => easterSunday(1500)).toThrow(RangeError);
    expect(() => easterSunday(2026.5)).toThrow(RangeError);
  });
});

describe('publicHolidays', () => {
  it('lists the eleven metropolitan holidays of 2026 in date order', () => {
    expect(publicHolidays(2026)).toEqual([
      { date: '2026-01-01', name: 'Jour de l’an' },
      { date: '2026-04-06', name: 'Lundi de Pâques' },
      { date: '2026-05-01', name: 'Fête du Travail' },
      { date: '2026-05-08', name: 'Victoire 1945' },
      { date: '2026-05-14', name: 'Ascension' },
      { date: '2026-05-25', name: 'Lundi de Pentecôte' },
      { date: '2026-07-14', name: 'Fête nationale' },
      { date: '2026-08-15', name: 'Assomption' },
      { date: '2026-11-01', name: 'Toussaint' },
      { date: '2026-11-11', name: 'Armistice 1918' },
      { date: '2026-12-25', name: 'Noël' },
    ]);
  });

  it('adds Good Friday and Saint-Étienne in Alsace-Moselle', () => {
    const alsace = publicHolidays(2026, 'alsace-moselle');
    expect(alsace).toHaveLength(13);
    expect(alsace).toContainEqual({ date: '2026-04-03', name: 'Vendredi saint' });
    expect(alsace).toContainEqual({ date: '2026-12-26', name: 'Saint-Étienne' });
    expect(publicHolidays(2025, 'alsace-moselle')).toContainEqual({ date: '2025-04-18', name: 'Vendredi saint' });
  });

  it.each([
    ['guadeloupe', '2026-05-27'],
    ['guyane', '2026-06-10'],
    ['martinique', '2026-05-22'],
    ['mayotte', '2026-04-27'],
    ['la-reunion', '2026-12-20'],
  ] as const)('adds the abolition of slavery in %s on %s', (zone, date) => {
    const holidays = publicHolidays(2026, zone);
    expect(holidays).toHaveLength(12);
    expect(holidays).toContainEqual({ date, name: 'Abolition de l’esclavage' });
  });

  it('follows Easter for the movable holidays', () => {
    const dates = (year: number) => publicHolidays(year).map((holiday) => holiday.date);
    expect(dates(2024)).toEqual(expect.arrayContaining(['2024-04-01', '2024-05-09', '2024-05-20']));
    expect(dates(2027)).toEqual(expect.arrayContaining(['2027-03-29', '2027-05-06', '2027-05-17']));
  });

  it('knows every zone it announces', () => {
    for (const zone of zones) expect(publicHolidays(2026, zone).length).toBeGreaterThanOrEqual(11);
  });
});
