import type { Session, Transaction } from '@guichet/db';
import { recordAudit } from '../audit.ts';
import type { StaffAccount, StaffAccounts } from './staff-accounts.ts';

/** A wrong (or reused) code, at enrolment or at sign-in, goes to the audit log. */
export function recordSecondFactorFailure(
  tx: Transaction,
  input: { accounts: StaffAccounts; account: StaffAccount; session: Session; ip: string; details: Record<string, unknown> },
): Promise<void> {
  return recordAudit(tx, {
    epciId: input.session.epciId,
    tenantId: input.session.tenantId,
    action: 'second_factor_failed',
    subject: { kind: input.accounts.kind, id: input.account.id },
    ip: input.ip,
    details: input.details,
  });
}
