import { markSecondFactorVerified } from '../sessions.ts';
import { recordAudit } from '../audit.ts';
import { clearAttempts } from '../rate-limit.ts';
import type { Session, Transaction } from '@guichet/db';
import { accountAttemptsKey, secondFactorAttemptsKey, type StaffScope } from './sign-in-limits.ts';
import type { StaffAccount, StaffAccounts } from './staff-accounts.ts';

/** The session becomes a full sign-in: counters are reset and the sign-in is audited. */
export async function completeSecondFactor(input: {
  tx: Transaction;
  accounts: StaffAccounts;
  account: StaffAccount;
  session: Session;
  ip: string;
}): Promise<void> {
  const { tx, accounts, account, session } = input;
  const scope: StaffScope = { epciId: session.epciId, tenantId: session.tenantId };
  await markSecondFactorVerified(tx, session.id);
  await clearAttempts(tx, secondFactorAttemptsKey(accounts.kind, account.id));
  await clearAttempts(tx, accountAttemptsKey(accounts.kind, scope, account.email));
  await recordAudit(tx, {
    ...scope,
    action: 'sign_in',
    actor: { kind: accounts.kind, id: account.id },
    subject: { kind: accounts.kind, id: account.id },
    ip: input.ip,
    details: { method: `${session.authMethod}+totp` },
  });
}
