import { eq } from 'drizzle-orm';
import { agents } from '@guichet/db';
import { recordAudit } from '../audit.ts';
import { invalidateAccountSessions } from '../sessions.ts';
import type { AdministrationContext } from './commune-scope.ts';
import { StaffRefusal } from '../staff/staff-refusal.ts';

export type SessionsRevocation = { outcome: 'revoked'; sessions: number };

/** Signs an agent out everywhere (a lost phone, a left-open counter computer); the account stays usable. */
export async function revokeAgentSessions(context: AdministrationContext, input: { agentId: string }): Promise<SessionsRevocation> {
  const { tx, commune } = context;
  const [agent] = await tx.select({ id: agents.id }).from(agents).where(eq(agents.id, input.agentId));
  if (!agent) throw new StaffRefusal('agent_not_found');
  const sessions = await invalidateAccountSessions(tx, 'agent', agent.id);
  await recordAudit(tx, {
    epciId: commune.epciId,
    tenantId: commune.id,
    action: 'sessions_revoked',
    actor: { kind: 'agent', id: context.actor.agentId },
    subject: { kind: 'agent', id: agent.id },
    ip: context.ip,
    details: { sessions, by: 'administrator' },
  });
  return { outcome: 'revoked', sessions };
}
