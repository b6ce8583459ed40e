import { eq } from 'drizzle-orm';
import { agents, type AgentRole } from '@guichet/db';
import { recordAudit } from '../audit.ts';
import { invalidateAccountSessions } from '../sessions.ts';
import { keepsAnAdministrator } from './administrators.ts';
import type { AdministrationContext } from './commune-scope.ts';
import { StaffRefusal } from '../staff/staff-refusal.ts';

export type RoleChange = { outcome: 'changed' | 'unchanged' };

/**
 * Gives an agent another role, and ends the agent's sessions: a session is granted for one level
 * of privilege (an administrator's must have passed a second factor, which a provider sign-in as
 * an agent skips), and another browser's cookie cannot be re-issued from here, so the agent
 * signs in again under the new role.
 */
export async function changeAgentRole(context: AdministrationContext, input: { agentId: string; role: AgentRole }): Promise<RoleChange> {
  const { tx, commune } = context;
  const [agent] = await tx.select({ role: agents.role }).from(agents).where(eq(agents.id, input.agentId));
  if (!agent) throw new StaffRefusal('agent_not_found');
  if (agent.role === input.role) return { outcome: 'unchanged' };
  if (agent.role === 'commune_admin' && !(await keepsAnAdministrator(tx, input.agentId))) throw new StaffRefusal('last_administrator');
  await tx.update(agents).set({ role: input.role, updatedAt: new Date() }).where(eq(agents.id, input.agentId));
  const sessions = await invalidateAccountSessions(tx, 'agent', input.agentId);
  await recordAudit(tx, {
    epciId: commune.epciId,
    tenantId: commune.id,
    action: 'role_changed',
    actor: { kind: 'agent', id: context.actor.agentId },
    subject: { kind: 'agent', id: input.agentId },
    ip: context.ip,
    details: { from: agent.role, to: input.role, sessions },
  });
  return { outcome: 'changed' };
}
