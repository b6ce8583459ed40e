import type { Database, Session } from '@guichet/db';
import { recordAudit } from '../audit.ts';
import type { SecretBox } from '../secret-box.ts';
import { matchTotp } from '../totp.ts';
import { completeSecondFactor } from './complete-second-factor.ts';
import { recordSecondFactorFailure } from './second-factor-failure.ts';
import { secondFactorStep, type SessionEnded } from './sign-in-limits.ts';
import type { StaffAccounts } from './staff-accounts.ts';
import { StaffRefusal } from './staff-refusal.ts';

export type TotpActivation = { outcome: 'activated'; token: string; session: Session } | { outcome: 'wrong_code' } | SessionEnded;

/**
 * Checks the first code from the app against the pending secret; the second factor is then on,
 * and the signed-in session is a new one, whose token replaces the password step's.
 */
export async function activateTotp(
  context: { db: Database; accounts: StaffAccounts; session: Session; secretBox: SecretBox; ip: string },
  input: { code: string },
): Promise<TotpActivation> {
  const { accounts, session, ip } = context;
  return secondFactorStep(context, async (tx) => {
    const account = await accounts.findById(tx, session.accountId);
    if (!account?.totpSecret || account.totpEnabledAt) throw new StaffRefusal('enrolment_not_started');
    const step = matchTotp(context.secretBox.open(account.totpSecret), input.code);
    if (step === null) {
      await recordSecondFactorFailure(tx, { accounts, account, session, ip, details: { stage: 'enrolment' } });
      return { outcome: 'wrong_code' } as const;
    }
    await accounts.enableTotp(tx, account.id, step);
    await recordAudit(tx, {
      epciId: session.epciId,
      tenantId: session.tenantId,
      action: 'second_factor_enrolled',
      actor: { kind: accounts.kind, id: account.id },
      subject: { kind: accounts.kind, id: account.id },
      ip,
    });
    const signedIn = await completeSecondFactor({ tx, accounts, account, session, ip });
    return { outcome: 'activated', ...signedIn } as const;
  });
}
