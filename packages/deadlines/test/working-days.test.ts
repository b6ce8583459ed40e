import { describe, expect, it } from 'vitest';
import { addWorkingDays, isWorkingDay, parisDay, workingDaysBetween } from '../src/index.ts';

/** The instant a due date falls on: the end of that Paris day, given with its Paris offset. */
const endOf = (day: string, offset: '+01:00' | '+02:00') => new Date(`${day}T23:59:59.999${offset}`);

describe('addWorkingDays', () => {
  it('skips Ascension Thursday 2026-05-14', () => {
    expect(addWorkingDays('2026-05-13T10:00:00+02:00', 2)).toEqual(endOf('2026-05-18', '+02:00'));
  });

  it('skips the bridge Friday when the commune closes it', () => {
    const closures = ['2026-05-15'];
    expect(addWorkingDays('2026-05-13T10:00:00+02:00', 2, { closures })).toEqual(endOf('2026-05-19', '+02:00'));
  });

  it('skips Pentecost Monday 2026-05-25', () => {
    expect(addWorkingDays('2026-05-22', 1)).toEqual(endOf('2026-05-26', '+02:00'));
  });

  it('skips 14 July 2026, a Tuesday', () => {
    expect(addWorkingDays('2026-07-13', 1)).toEqual(endOf('2026-07-15', '+02:00'));
    expect(addWorkingDays('2026-07-10', 2)).toEqual(endOf('2026-07-15', '+02:00'));
  });

  it('skips Christmas Friday 2026-12-25 and the weekend after it', () => {
    expect(addWorkingDays('2026-12-24', 1)).toEqual(endOf('2026-12-28', '+01:00'));
  });

  it('skips New Year across the change of year', () => {
    expect(addWorkingDays('2026-12-30', 2)).toEqual(endOf('2027-01-04', '+01:00'));
  });

  it('skips Saint-Étienne and Good Friday in Alsace-Moselle only', () => {
    expect(addWorkingDays('2025-12-24', 1)).toEqual(endOf('2025-12-26', '+01:00'));
    expect(addWorkingDays('2025-12-24', 1, { zone: 'alsace-moselle' })).toEqual(endOf('2025-12-29', '+01:00'));
    expect(addWorkingDays('2026-04-02', 1)).toEqual(endOf('2026-04-03', '+02:00'));
    expect(addWorkingDays('2026-04-02', 1, { zone: 'alsace-moselle' })).toEqual(endOf('2026-04-07', '+02:00'));
  });

  it('skips the abolition of slavery in Martinique', () => {
    expect(addWorkingDays('2026-05-21', 1)).toEqual(endOf('2026-05-22', '+02:00'));
    expect(addWorkingDays('2026-05-21', 1, { zone: 'martinique' })).toEqual(endOf('2026-05-26', '+02:00'));
  });

  it('counts a Friday 23:30 Paris filing as filed on Friday, though it is Friday 21:30 UTC', () => {
    expect(parisDay(new Date('2026-05-29T21:30:00Z'))).toBe('2026-05-29');
    expect(addWorkingDays(new Date('2026-05-29T21:30:00Z'), 1)).toEqual(endOf('2026-06-01', '+02:00'));
  });

  it('counts a Saturday 00:30 Paris filing as filed on Saturday, though it is still Friday in UTC', () => {
    expect(parisDay('2026-05-29T22:30:00Z')).toBe('2026-05-30');
    expect(addWorkingDays('2026-05-29T22:30:00Z', 0)).toEqual(endOf('2026-05-30', '+02:00'));
  });

  it('starts counting from the next working day when filed on a weekend', () => {
    const friday = addWorkingDays('2026-06-05T18:00:00+02:00', 3);
    expect(addWorkingDays('2026-06-06T09:00:00+02:00', 3)).toEqual(friday);
    expect(addWorkingDays('2026-06-07', 3)).toEqual(friday);
    expect(friday).toEqual(endOf('2026-06-10', '+02:00'));
  });

  it('gives the end of the filing day for a zero delay', () => {
    expect(addWorkingDays('2026-06-03T08:00:00+02:00', 0)).toEqual(endOf('2026-06-03', '+02:00'));
  });

  it('ends the due day at Paris midnight across the spring DST change', () => {
    expect(addWorkingDays('2026-03-27', 1)).toEqual(new Date('2026-03-30T21:59:59.999Z'));
    expect(addWorkingDays('2026-03-29', 0)).toEqual(new Date('2026-03-29T21:59:59.999Z'));
    expect(addWorkingDays('2026-03-28T23:30:00+01:00', 0)).toEqual(new Date('2026-03-28T22:59:59.999Z'));
  });

  it('ends the due day at Paris midnight across the autumn DST change', () => {
    expect(addWorkingDays('2026-10-23', 1)).toEqual(new Date('2026-10-26T22:59:59.999Z'));
    expect(addWorkingDays('2026-10-24', 0)).toEqual(new Date('2026-10-24T21:59:59.999Z'));
    expect(addWorkingDays('2026-10-25', 0)).toEqual(new Date('2026-10-25T22:59:59.999Z'));
  });

  it('refuses a delay that is not a whole, non-negative number of days', () => {
    expect(() => addWorkingDays('2026-06-01', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-06-01', 1.5)).toThrow(RangeError);
  });

  it('refuses a time without offset, an impossible day or an invalid Date', () => {
    expect(() => addWorkingDays('2026-06-01T10:00', 1)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => addWorkingDays('01/06/2026', 1)).toThrow(RangeError);
    expect(() => addWorkingDays(new Date('nope'), 1)).toThrow(RangeError);
  });

  it('refuses a closure day that is not an ISO day', () => {
    expect(() => addWorkingDays('2026-06-01', 1, { closures: ['15/05/2026'] })).toThrow(RangeError);
  });
});

describe('isWorkingDay', () => {
  it('tells weekdays from weekends, holidays and closures', () => {
    expect(isWorkingDay('2026-05-13')).toBe(true);
    expect(isWorkingDay('2026-05-16')).toBe(false);
    expect(isWorkingDay('2026-05-17')).toBe(false);
    expect(isWorkingDay('2026-05-14')).toBe(false);
    expect(isWorkingDay('2026-05-15')).toBe(true);
    expect(isWorkingDay('2026-05-15', { closures: ['2026-05-15'] })).toBe(false);
  });

  it('reads an instant on the Paris calendar', () => {
    // Wednesday 22:30 UTC is Ascension Thursday 00:30 in Paris.
    expect(isWorkingDay(new Date('2026-05-13T22:30:00Z'))).toBe(false);
    expect(isWorkingDay(new Date('2026-05-13T21:30:00Z'))).toBe(true);
  });
});

describe('workingDaysBetween', () => {
  it('counts the working days after the first day up to and including the last', () => {
    expect(workingDaysBetween('2026-05-13', '2026-05-13')).toBe(0);
    expect(workingDaysBetween('2026-05-13', '2026-05-19')).toBe(3);
    expect(workingDaysBetween('2026-05-13', '2026-05-19', { closures: ['2026-05-15'] })).toBe(2);
    expect(workingDaysBetween('2026-05-15', '2026-05-18')).toBe(1);
    expect(workingDaysBetween('2026-05-16', '2026-05-17')).toBe(0);
  });

  it('is negative when the second day comes first', () => {
    expect(workingDaysBetween('2026-05-19', '2026-05-13')).toBe(-3);
  });

  it('undoes addWorkingDays for any filing day and delay', () => {
    const options = { closures: ['2026-05-15', '2026-12-24'], zone: 'alsace-moselle' } as const;
    for (let offset = 0; offset < 400; offset += 3) {
      const filedAt = new Date(Date.UTC(2026, 0, 1 + offset, 17, 45));
      for (const delay of [0, 1, 2, 5, 15, 30]) {
        expect(workingDaysBetween(filedAt, addWorkingDays(filedAt, delay, options), options)).toBe(delay);
      }
    }
  });

  it('says whether a request was answered within its delay', () => {
    const filedAt = '2026-05-12T16:00:00+02:00';
    expect(workingDaysBetween(filedAt, '2026-05-19T11:00:00+02:00') <= 4).toBe(true);
    expect(workingDaysBetween(filedAt, '2026-05-20T11:00:00+02:00') <= 4).toBe(false);
  });
});

describe('parisDay', () => {
  it('reads every quarter hour around both DST changes as Paris reads it, asked twice (the second from what it remembers)', () => {
    const reference = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });
    for (const around of ['2026-03-28T12:00:00Z', '2026-10-24T12:00:00Z', '2027-03-27T12:00:00Z']) {
      for (let step = 0; step < 4 * 48; step += 1) {
        const instant = new Date(Date.parse(around) + step * 15 * 60_000 + 59_000);
        for (let ask = 0; ask < 2; ask += 1) expect(parisDay(instant)).toBe(reference.format(instant));
      }
    }
  });
});

