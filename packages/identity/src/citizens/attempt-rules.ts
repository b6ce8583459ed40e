import { rateKey, type AttemptKey, type RateRule } from '@guichet/db';
import { SIGN_IN_RULES } from '../sign-in-rules.ts';

/**
 * Mail-sending endpoints (sign-up, resend, reset, link code): a few per address, so that
 * nobody can flood someone's inbox through the portal, and a few dozen per IP address.
 */
const MAIL_RULES = {
  address: { attempts: 3, windowSeconds: 3600, blockSeconds: 3600 },
  ip: { attempts: 20, windowSeconds: 3600, blockSeconds: 3600 },
} satisfies Record<string, RateRule>;

/** Spending a reset link: its token cannot be guessed, this only slows down scanners. */
const TOKEN_RULE: RateRule = { attempts: 30, windowSeconds: 900, blockSeconds: 900 };

export const attemptKeys = {
  signInIp: (ip: string): AttemptKey => ({ key: rateKey('citizen-sign-in:ip', ip), rule: SIGN_IN_RULES.ip }),
  /** By EPCI and address: the account is the EPCI's, and an unknown address is limited alike. */
  signInAccount: (epciId: string, email: string): AttemptKey => ({
    key: rateKey('citizen-sign-in:account', `${epciId}:${email}`),
    rule: SIGN_IN_RULES.account,
  }),
  linkAccount: (accountId: string): AttemptKey => ({ key: rateKey('citizen-link:account', accountId), rule: SIGN_IN_RULES.account }),
  accountDeletion: (accountId: string): AttemptKey => ({ key: rateKey('citizen-deletion:account', accountId), rule: SIGN_IN_RULES.account }),
  passwordChange: (accountId: string): AttemptKey => ({ key: rateKey('citizen-password:account', accountId), rule: SIGN_IN_RULES.account }),
  mailIp: (ip: string): AttemptKey => ({ key: rateKey('citizen-mail:ip', ip), rule: MAIL_RULES.ip }),
  mailAddress: (epciId: string, email: string): AttemptKey => ({ key: rateKey('citizen-mail:address', `${epciId}:${email}`), rule: MAIL_RULES.address }),
  mailAccount: (accountId: string): AttemptKey => ({ key: rateKey('citizen-mail:account', accountId), rule: MAIL_RULES.address }),
  tokenIp: (ip: string): AttemptKey => ({ key: rateKey('citizen-token:ip', ip), rule: TOKEN_RULE }),
};
