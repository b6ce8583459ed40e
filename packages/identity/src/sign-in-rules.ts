import type { RateRule } from '@guichet/db';

/** Five tries per quarter of an hour per account, thirty per IP, then a quarter of an hour's wait. */
export const SIGN_IN_RULES = {
  account: { attempts: 5, windowSeconds: 900, blockSeconds: 900 },
  ip: { attempts: 30, windowSeconds: 900, blockSeconds: 900 },
} satisfies Record<string, RateRule>;
