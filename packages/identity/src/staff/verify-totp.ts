import type { Database, Session } from '@guichet/db';
import type { SecretBox } from '../secret-box.ts';
import { matchTotp } from '../totp.ts';
import { completeSecondFactor } from './complete-second-factor.ts';
import { recordSecondFactorFailure } from './second-factor-failure.ts';
import { secondFactorStep, type SessionEnded } from './sign-in-limits.ts';
import type { StaffAccounts } from './staff-accounts.ts';
import { StaffRefusal } from './staff-refusal.ts';

export type TotpVerification = { outcome: 'verified'; token: string; session: Session } | { outcome: 'wrong_code' } | SessionEnded;

/**
 * Second step of a sign-in: a current code from the enrolled app, never one already used. The
 * signed-in session is a new one, whose token replaces the password step's.
 */
export async function verifyTotp(
  context: { db: Database; accounts: StaffAccounts; session: Session; secretBox: SecretBox; ip: string },
  input: { code: string },
): Promise<TotpVerification> {
  const { accounts, session, ip } = context;
  return secondFactorStep(context, async (tx) => {
    const account = await accounts.findById(tx, session.accountId);
    if (!account?.totpSecret || !account.totpEnabledAt) throw new StaffRefusal('not_enrolled');
    const step = matchTotp(context.secretBox.open(account.totpSecret), input.code);
    const accepted = step !== null && (await accounts.acceptTotpStep(tx, account.id, step));
    if (!accepted) {
      const reason = step === null ? 'wrong_code' : 'reused_code';
      await recordSecondFactorFailure(tx, { accounts, account, session, ip, details: { stage: 'sign_in', reason } });
      return { outcome: 'wrong_code' } as const;
    }
    const signedIn = await completeSecondFactor({ tx, accounts, account, session, ip });
    return { outcome: 'verified', ...signedIn } as const;
  });
}
