import type { Session, Transaction } from '@guichet/db';
import type { SecretBox } from '../secret-box.ts';
import { matchTotp } from '../totp.ts';
import { completeSecondFactor } from './complete-second-factor.ts';
import { recordSecondFactorFailure } from './second-factor-failure.ts';
import type { StaffAccounts } from './staff-accounts.ts';
import { StaffRefusal } from './staff-refusal.ts';

export type TotpVerification = { outcome: 'verified' } | { outcome: 'wrong_code' };

/** Second step of a sign-in: a current code from the enrolled app, never one already used. */
export async function verifyTotp(input: {
  tx: Transaction;
  accounts: StaffAccounts;
  session: Session;
  secretBox: SecretBox;
  code: string;
  ip: string;
}): Promise<TotpVerification> {
  const { tx, accounts, session } = input;
  const account = await accounts.findById(tx, session.accountId);
  if (!account?.totpSecret || !account.totpEnabledAt) throw new StaffRefusal('not_enrolled');
  const step = matchTotp(input.secretBox.open(account.totpSecret), input.code);
  const accepted = step !== null && (await accounts.acceptTotpStep(tx, account.id, step));
  if (!accepted) {
    const reason = step === null ? 'wrong_code' : 'reused_code';
    await recordSecondFactorFailure(tx, { accounts, account, session, ip: input.ip, details: { stage: 'sign_in', reason } });
    return { outcome: 'wrong_code' };
  }
  await completeSecondFactor({ tx, accounts, account, session, ip: input.ip });
  return { outcome: 'verified' };
}
