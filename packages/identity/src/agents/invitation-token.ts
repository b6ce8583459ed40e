import { and, eq, gt, isNull } from 'drizzle-orm';
import { accountTokens, type Transaction } from '@guichet/db';
import { hashSecret } from '../sessions.ts';

/** The condition an invitation token must meet to be read or used: this commune's, unused, not expired. */
export function usableInvitation(tenantId: string, token: string) {
  return and(
    eq(accountTokens.tokenHash, hashSecret(token)),
    eq(accountTokens.purpose, 'invitation'),
    eq(accountTokens.accountKind, 'agent'),
    eq(accountTokens.tenantId, tenantId),
    isNull(accountTokens.usedAt),
    gt(accountTokens.expiresAt, new Date()),
  );
}

export async function invitedAgentId(tx: Transaction, tenantId: string, token: string): Promise<string | undefined> {
  const [row] = await tx.select({ agentId: accountTokens.accountId }).from(accountTokens).where(usableInvitation(tenantId, token));
  return row?.agentId;
}
