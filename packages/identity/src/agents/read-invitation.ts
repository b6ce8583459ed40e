import type { Transaction } from '@guichet/db';
import { agentAccounts } from '../staff/staff-accounts.ts';
import type { Commune } from './commune-scope.ts';
import { invitedAgentId } from './invitation-token.ts';
import { StaffRefusal } from '../staff/staff-refusal.ts';

export type InvitationView = { outcome: 'valid'; displayName: string; email: string };

/** Whom an invitation link is for, so that the activation page can greet them; reading does not use it up. */
export async function readInvitation(input: { tx: Transaction; commune: Commune; token: string }): Promise<InvitationView> {
  const agentId = await invitedAgentId(input.tx, input.commune.id, input.token);
  const agent = agentId ? await agentAccounts.findById(input.tx, agentId) : undefined;
  if (!agent || agent.disabledAt) throw new StaffRefusal('invalid_invitation');
  return { outcome: 'valid', displayName: agent.displayName, email: agent.email };
}
