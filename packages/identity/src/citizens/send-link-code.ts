import { withTenant, type Database } from '@guichet/db';
import { linkAccountCode } from '@guichet/mail';
import { issueLinkCode } from './account-tokens.ts';
import { accountById } from './accounts.ts';
import { attemptKeys, enforceAttempts } from './attempt-rules.ts';
import { CitizenAuthError } from './errors.ts';
import { FLOW_KINDS, peekFlow, pendingLinkOf } from './sign-in-flows.ts';
import type { CitizenPortal } from './portal.ts';

/** Mails a six-digit code (ten minutes) to the account a pending FranceConnect identity matches. */
export async function sendLinkCode(input: { db: Database; portal: CitizenPortal; flowId: string | undefined; ip: string }): Promise<void> {
  const { db, portal } = input;
  const flow = await withTenant(db, portal.tenantId, (tx) => peekFlow(tx, input.flowId, FLOW_KINDS.pendingLink));
  if (!flow) throw new CitizenAuthError('link_expired');
  const { accountId } = pendingLinkOf(flow);
  await enforceAttempts(db, [attemptKeys.mailIp(input.ip), attemptKeys.mailAccount(accountId)]);
  await withTenant(db, portal.tenantId, async (tx) => {
    const account = await accountById(tx, accountId);
    if (!account?.email || account.franceconnectSub) throw new CitizenAuthError('link_expired');
    const code = await issueLinkCode(tx, { epciId: portal.epciId, tenantId: portal.tenantId, accountId, flowId: flow.id });
    await portal.queueMail(tx, { to: account.email, ...linkAccountCode({ commune: portal.brand, code }) });
  });
}
