import { and, eq, isNull } from 'drizzle-orm';
import { citizenAccounts, type Transaction } from '@guichet/db';
import { spendToken } from './account-tokens.ts';
import { auditCitizen } from './citizen-audit.ts';
import { CitizenAuthError } from './errors.ts';
import type { CitizenPortal } from './portal.ts';

/** Confirms the address of the account the mailed link was issued for; the link works once. */
export async function verifyCitizenEmail(context: { tx: Transaction; portal: CitizenPortal; ip: string }, input: { token: string }): Promise<void> {
  const { tx, portal, ip } = context;
  const spent = await spendToken(tx, { tenantId: portal.tenantId, purpose: 'verify_email', secret: input.token });
  if (!spent) throw new CitizenAuthError('invalid_token');
  const now = new Date();
  await tx
    .update(citizenAccounts)
    .set({ emailVerifiedAt: now, updatedAt: now })
    .where(and(eq(citizenAccounts.id, spent.accountId), isNull(citizenAccounts.emailVerifiedAt)));
  await auditCitizen(tx, portal, { action: 'email_verified', accountId: spent.accountId, ip });
}
