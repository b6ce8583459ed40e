import { accountTokens, enforceAttempts, withTenant, type Database, type Session } from '@guichet/db';
import { recordAudit } from '../audit.ts';
import { hashPassword } from '../passwords.ts';
import { createSession } from '../sessions.ts';
import { staffAttemptKeys } from '../staff/sign-in-limits.ts';
import { agentAccounts } from '../staff/staff-accounts.ts';
import type { Commune } from './commune-scope.ts';
import { usableInvitation } from './invitation-token.ts';
import { StaffRefusal } from '../staff/staff-refusal.ts';

export type InvitationActivation = { outcome: 'activated'; token: string; session: Session; enrolled: boolean };

/**
 * The invited agent chooses a password: the token is spent (one UPDATE, so two tabs cannot
 * both use it) and a session opens that still needs the second factor, to enrol now. Counted
 * per address, like reading the invitation.
 */
export async function activateInvitation(
  context: { db: Database; commune: Commune; ip: string },
  input: { token: string; password: string },
): Promise<InvitationActivation> {
  const { db, commune } = context;
  await enforceAttempts(db, [staffAttemptKeys.invitationIp(context.ip)]);
  return withTenant(db, commune.id, async (tx) => {
    const [spent] = await tx
      .update(accountTokens)
      .set({ usedAt: new Date() })
      .where(usableInvitation(commune.id, input.token))
      .returning({ agentId: accountTokens.accountId });
    const agent = spent ? await agentAccounts.findById(tx, spent.agentId) : undefined;
    if (!agent || agent.disabledAt) throw new StaffRefusal('invalid_invitation');
    await agentAccounts.setPassword(tx, agent.id, await hashPassword(input.password));
    await recordAudit(tx, {
      epciId: commune.epciId,
      tenantId: commune.id,
      action: 'password_changed',
      actor: { kind: 'agent', id: agent.id },
      subject: { kind: 'agent', id: agent.id },
      ip: context.ip,
      details: { via: 'invitation' },
    });
    const { token, session } = await createSession(tx, {
      epciId: commune.epciId,
      tenantId: commune.id,
      accountKind: 'agent',
      accountId: agent.id,
      authMethod: 'password',
      secondFactorVerified: false,
    });
    return { outcome: 'activated', token, session, enrolled: agent.totpEnabledAt !== null } as const;
  });
}
