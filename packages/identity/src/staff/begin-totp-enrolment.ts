import type { Session, Transaction } from '@guichet/db';
import type { SecretBox } from '../secret-box.ts';
import { newTotpSecret, totpUri } from '../totp.ts';
import type { StaffAccounts } from './staff-accounts.ts';
import { StaffRefusal } from './staff-refusal.ts';

export type TotpEnrolment = { outcome: 'started'; secret: string; uri: string };

/**
 * Gives a staff member whose password was just checked a new TOTP secret to load in an
 * authenticator app. It is stored sealed and stays pending until a first code proves the app has it.
 */
export async function beginTotpEnrolment(input: {
  tx: Transaction;
  accounts: StaffAccounts;
  session: Session;
  secretBox: SecretBox;
  /** Shown by the app above the codes, e.g. "Guichet – Libercourt". */
  issuer: string;
}): Promise<TotpEnrolment> {
  const account = await input.accounts.findById(input.tx, input.session.accountId);
  // A second factor already active: replacing it takes more than a password.
  if (!account || account.totpEnabledAt) throw new StaffRefusal('already_enrolled');
  const secret = newTotpSecret();
  await input.accounts.setPendingTotpSecret(input.tx, account.id, input.secretBox.seal(secret));
  return { outcome: 'started', secret, uri: totpUri({ secret, issuer: input.issuer, account: account.email }) };
}
