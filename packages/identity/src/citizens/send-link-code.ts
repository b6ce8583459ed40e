import { enforceAttempts, withTenant } from '@guichet/db';
import { linkAccountCode } from '@guichet/mail';
import { issueCode } from './account-tokens.ts';
import { accountById } from './accounts.ts';
import { attemptKeys } from './attempt-rules.ts';
import { CitizenAuthError } from './errors.ts';
import { FLOW_KINDS, peekFlow, pendingLinkOf } from './sign-in-flows.ts';
import type { PortalContext } from './portal.ts';

/** Mails a six-digit code (ten minutes) to the account a pending FranceConnect identity matches. */
export async function sendLinkCode(context: PortalContext, input: { flowId: string | undefined }): Promise<void> {
  const { db, portal, ip } = context;
  const flow = await withTenant(db, portal.tenantId, (tx) => peekFlow(tx, input.flowId, FLOW_KINDS.pendingLink));
  if (!flow) throw new CitizenAuthError('link_expired');
  const { accountId } = pendingLinkOf(flow);
  await enforceAttempts(db, [attemptKeys.mailIp(ip), attemptKeys.mailAccount(accountId)]);
  await withTenant(db, portal.tenantId, async (tx) => {
    const account = await accountById(tx, accountId);
    if (!account?.email || account.franceconnectSub) throw new CitizenAuthError('link_expired');
    const code = await issueCode(tx, { epciId: portal.epciId, tenantId: portal.tenantId, accountId, purpose: 'link_identity', scope: flow.id });
    await portal.queueMail(tx, { to: account.email, ...linkAccountCode({ commune: portal.brand, code }) });
  });
}
