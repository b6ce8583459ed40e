import type { Session, Transaction } from '@guichet/db';
import { recordAudit } from '../audit.ts';
import type { SecretBox } from '../secret-box.ts';
import { matchTotp } from '../totp.ts';
import { completeSecondFactor } from './complete-second-factor.ts';
import { recordSecondFactorFailure } from './second-factor-failure.ts';
import type { StaffAccounts } from './staff-accounts.ts';
import { StaffRefusal } from './staff-refusal.ts';

export type TotpActivation = { outcome: 'activated' } | { outcome: 'wrong_code' };

/** Checks the first code from the app against the pending secret; the second factor is then on. */
export async function activateTotp(input: {
  tx: Transaction;
  accounts: StaffAccounts;
  session: Session;
  secretBox: SecretBox;
  code: string;
  ip: string;
}): Promise<TotpActivation> {
  const { tx, accounts, session } = input;
  const account = await accounts.findById(tx, session.accountId);
  if (!account?.totpSecret || account.totpEnabledAt) throw new StaffRefusal('enrolment_not_started');
  const step = matchTotp(input.secretBox.open(account.totpSecret), input.code);
  if (step === null) {
    await recordSecondFactorFailure(tx, { accounts, account, session, ip: input.ip, details: { stage: 'enrolment' } });
    return { outcome: 'wrong_code' };
  }
  await accounts.enableTotp(tx, account.id, step);
  await recordAudit(tx, {
    epciId: session.epciId,
    tenantId: session.tenantId,
    action: 'second_factor_enrolled',
    actor: { kind: accounts.kind, id: account.id },
    subject: { kind: accounts.kind, id: account.id },
    ip: input.ip,
  });
  await completeSecondFactor({ tx, accounts, account, session, ip: input.ip });
  return { outcome: 'activated' };
}
