import type { Transaction } from '@guichet/db';
import { accountById } from './accounts.ts';
import { FLOW_KINDS, peekFlow, pendingLinkOf } from './sign-in-flows.ts';

export type PendingLinkView = {
  /** The address FranceConnect gave, which is the matching account's. */
  email: string;
  /** Whether the account's password may serve as proof (only once its address was confirmed). */
  passwordProof: boolean;
  expiresAt: Date;
};

/** What the confirmation page shows about the identity waiting to be linked; null when none. */
export async function describePendingLink(context: { tx: Transaction }, input: { flowId: string | undefined }): Promise<PendingLinkView | null> {
  const flow = await peekFlow(context.tx, input.flowId, FLOW_KINDS.pendingLink);
  if (!flow) return null;
  const account = await accountById(context.tx, pendingLinkOf(flow).accountId);
  if (!account?.email || account.franceconnectSub) return null;
  return { email: account.email, passwordProof: canProveWithPassword(account), expiresAt: flow.expiresAt };
}

/**
 * A password set on an address nobody confirmed proves nothing about who owns the address:
 * anyone may have signed up with it. Only the mailed code proves it then.
 */
export function canProveWithPassword(account: { passwordHash: string | null; emailVerifiedAt: Date | null }): boolean {
  return account.passwordHash !== null && account.emailVerifiedAt !== null;
}
