import { and, eq, isNull } from 'drizzle-orm';
import { agents } from '@guichet/db';
import { recordAudit } from '../audit.ts';
import { invalidateAccountSessions } from '../sessions.ts';
import { keepsAnAdministrator } from './administrators.ts';
import type { AdministrationContext } from './commune-scope.ts';
import { StaffRefusal } from '../staff/staff-refusal.ts';

export type AgentDisabling = { outcome: 'disabled' };

/**
 * Closes an agent's access at once: the account can no longer sign in and its sessions end.
 * The account and its history stay (requests keep naming who handled them).
 */
export async function disableAgent(context: AdministrationContext, input: { agentId: string }): Promise<AgentDisabling> {
  const { tx, commune } = context;
  if (input.agentId === context.actor.agentId) throw new StaffRefusal('self_disabling');
  const [agent] = await tx
    .select({ role: agents.role })
    .from(agents)
    .where(and(eq(agents.id, input.agentId), isNull(agents.disabledAt)));
  if (!agent) throw new StaffRefusal('agent_not_found');
  if (agent.role === 'commune_admin' && !(await keepsAnAdministrator(tx, input.agentId))) throw new StaffRefusal('last_administrator');
  await tx.update(agents).set({ disabledAt: new Date(), updatedAt: new Date() }).where(eq(agents.id, input.agentId));
  const sessions = await invalidateAccountSessions(tx, 'agent', input.agentId);
  await recordAudit(tx, {
    epciId: commune.epciId,
    tenantId: commune.id,
    action: 'agent_disabled',
    actor: { kind: 'agent', id: context.actor.agentId },
    subject: { kind: 'agent', id: input.agentId },
    ip: context.ip,
    details: { sessions },
  });
  return { outcome: 'disabled' };
}
