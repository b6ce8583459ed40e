import { describe, expect, it } from 'vitest';
import { normalizeFrenchPhone } from '../src/index.ts';

describe('normalizeFrenchPhone', () => {
  it.each([
    ['06 12 34 56 78', '+33612345678'],
    ['0612345678', '+33612345678'],
    ['06.12.34.56.78', '+33612345678'],
    ['06-12-34-56-78', '+33612345678'],
    ['+33 6 12 34 56 78', '+33612345678'],
    ['+33 (0)6 12 34 56 78', '+33612345678'],
    ['0033 6 12 34 56 78', '+33612345678'],
    ['01 23 45 67 89', '+33123456789'],
    ['09 70 12 34 56', '+33970123456'],
  ])('reads %s as %s', (input, expected) => {
    expect(normalizeFrenchPhone(input)).toBe(expected);
  });

  it.each([
    ['0596 12 34 56', '+596596123456'],
    ['0696 12 34 56', '+596696123456'],
    ['+596 696 12 34 56', '+596696123456'],
    ['0590 12 34 56', '+590590123456'],
    ['0694 12 34 56', '+594694123456'],
    ['0262 12 34 56', '+262262123456'],
    ['0639 12 34 56', '+262639123456'],
    // Written with +33 by habit, but only reachable through the department's own code.
    ['+33 6 96 12 34 56', '+596696123456'],
  ])('gives the overseas number %s its own country code', (input, expected) => {
    expect(normalizeFrenchPhone(input)).toBe(expected);
  });

  it.each(['', '06 12 34 56', '06 12 34 56 78 9', '00 12 34 56 78', '+44 20 7946 0958', '+596 6 12 34 56 78', 'zéro six', '+33 06 12 34 56 78'])(
    'refuses %s',
    (input) => {
      expect(normalizeFrenchPhone(input)).toBeUndefined();
    },
  );
});
