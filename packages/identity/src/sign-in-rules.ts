import type { RateRule } from '@guichet/db';

/**
 * Every sign-in limit, in one place (the README states them).
 *
 * - `account`: five tries per quarter of an hour per account, then a quarter of an hour's wait,
 *   even for the right password: that account is under attack, and only that account waits.
 * - `ip`: thirty tries per address a quarter of an hour, for citizens' sign-in and for reading or
 *   spending agents' invitation links (whose tokens cannot be guessed: this only stops scanners).
 * - `staffAddress`: staff failures from one address on one commune (or one EPCI's console). Agents
 *   of a town hall, or of an EPCI's whole network, share one public address, so a staff sign-in
 *   is never refused by its address: only wrong passwords are counted, after they are checked,
 *   and past ten of them each further one is answered 429 with a wait that doubles from 15 s up to
 *   a quarter of an hour.
 * - `secondFactor`: five wrong codes per account lock the second factor for a quarter of an hour,
 *   which leaves a guesser five chances in a million.
 */
export const SIGN_IN_RULES = {
  account: { attempts: 5, windowSeconds: 900, blockSeconds: 900 },
  ip: { attempts: 30, windowSeconds: 900, blockSeconds: 900 },
  staffAddress: { attempts: 10, windowSeconds: 900, blockSeconds: 15, maxBlockSeconds: 900 },
  secondFactor: { attempts: 5, windowSeconds: 900, blockSeconds: 900 },
} satisfies Record<string, RateRule>;
