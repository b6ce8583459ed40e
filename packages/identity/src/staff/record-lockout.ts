import type { Transaction } from '@guichet/db';
import { recordAudit } from '../audit.ts';
import type { StaffAccounts } from './staff-accounts.ts';
import type { StaffScope } from './staff-scope.ts';

export type LockedLimit = 'account' | 'ip' | 'second_factor';

/**
 * Writes the lock-out of an account (or of an address) when its limit is crossed. The account
 * is named by id when it exists; an unknown e-mail leaves only the hashed address behind.
 */
export async function recordLockout(
  tx: Transaction,
  input: {
    accounts: StaffAccounts;
    scope: StaffScope;
    limit: LockedLimit;
    account: { email: string } | { id: string } | undefined;
    ip: string;
    retryAfterSeconds: number;
  },
): Promise<void> {
  const { accounts } = input;
  const found = input.account
    ? 'id' in input.account
      ? await accounts.findById(tx, input.account.id)
      : await accounts.findByEmail(tx, input.account.email)
    : undefined;
  await recordAudit(tx, {
    epciId: input.scope.epciId,
    tenantId: input.scope.tenantId,
    action: 'account_locked',
    subject: found ? { kind: accounts.kind, id: found.id } : undefined,
    ip: input.ip,
    details: { limit: input.limit, retryAfterSeconds: input.retryAfterSeconds },
  });
}
