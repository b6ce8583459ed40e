import { describe, expect, it } from 'vitest';
import { expiryOf } from '@guichet/requests';

// 10:00 in Paris on 1 March 2026.
const now = new Date('2026-03-01T09:00:00Z');

describe('the expiry state of a vault document', () => {
  it.each([
    [null, 'valid'],
    ['2027-01-01', 'valid'],
    ['2026-04-01', 'valid'],
    ['2026-03-31', 'expiring_soon'],
    ['2026-03-01', 'expiring_soon'],
    ['2026-02-28', 'expired'],
  ] as const)('is %s → %s on 1 March 2026', (expiresOn, state) => {
    expect(expiryOf(expiresOn, now).state).toBe(state);
  });

  it('reads the day in Paris: just after midnight there, yesterday is over', () => {
    expect(expiryOf('2026-02-28', new Date('2026-02-28T23:30:00Z')).state).toBe('expired');
    expect(expiryOf('2026-02-28', new Date('2026-02-28T22:30:00Z')).label).toBe('Expire bientôt');
  });
});
