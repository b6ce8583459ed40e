import type { Session, Transaction } from '@guichet/db';
import { recordAudit } from '../audit.ts';
import type { SecretBox } from '../secret-box.ts';
import { matchTotp } from '../totp.ts';
import { completeSecondFactor } from './complete-second-factor.ts';
import type { StaffAccounts } from './staff-accounts.ts';

export type TotpVerification = { outcome: 'verified' } | { outcome: 'not_enrolled' } | { outcome: 'wrong_code' };

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
  if (!account?.totpSecret || !account.totpEnabledAt) return { outcome: 'not_enrolled' };
  const step = matchTotp(input.secretBox.open(account.totpSecret), input.code);
  const accepted = step !== null && (await accounts.acceptTotpStep(tx, account.id, step));
  if (!accepted) {
    await recordAudit(tx, {
      epciId: session.epciId,
      tenantId: session.tenantId,
      action: 'second_factor_failed',
      subject: { kind: accounts.kind, id: account.id },
      ip: input.ip,
      details: { stage: 'sign_in', reason: step === null ? 'wrong_code' : 'reused_code' },
    });
    return { outcome: 'wrong_code' };
  }
  await completeSecondFactor({ tx, accounts, account, session, ip: input.ip });
  return { outcome: 'verified' };
}
