import { enforceAttempts, withTenant, type Database } from '@guichet/db';
import { staffAttemptKeys } from '../staff/sign-in-limits.ts';
import { agentAccounts } from '../staff/staff-accounts.ts';
import type { Commune } from './commune-scope.ts';
import { invitedAgentId } from './invitation-token.ts';
import { StaffRefusal } from '../staff/staff-refusal.ts';

export type InvitationView = { outcome: 'valid'; displayName: string; email: string };

/**
 * Whom an invitation link is for, so that the activation page can greet them; reading does not
 * use it up. Counted per address, so that nobody can scan for tokens.
 */
export async function readInvitation(context: { db: Database; commune: Commune; ip: string }, input: { token: string }): Promise<InvitationView> {
  const { db, commune } = context;
  await enforceAttempts(db, [staffAttemptKeys.invitationIp(context.ip)]);
  return withTenant(db, commune.id, async (tx) => {
    const agentId = await invitedAgentId(tx, commune.id, input.token);
    const agent = agentId ? await agentAccounts.findById(tx, agentId) : undefined;
    if (!agent || agent.disabledAt) throw new StaffRefusal('invalid_invitation');
    return { outcome: 'valid', displayName: agent.displayName, email: agent.email } as const;
  });
}
