import { eq } from 'drizzle-orm';
import { createMiddleware } from 'hono/factory';
import { agentServices } from '@guichet/db';
import type { Actor } from '@guichet/requests';
import type { AppEnv } from '../env.ts';

export type AgentActorEnv = AppEnv & { Variables: { actor: Extract<Actor, { kind: 'agent' }> } };

/** Puts the signed-in agent, with the services they work in, on `c.var.actor` (after requireAgent). */
export const agentActor = createMiddleware<AgentActorEnv>(async (c, next) => {
  const session = c.var.session!;
  const site = c.var.site;
  if (site.kind !== 'commune') throw new Error('agentActor outside a commune');
  const rows = await c.var.inSite((tx) =>
    tx.select({ serviceId: agentServices.serviceId }).from(agentServices).where(eq(agentServices.agentId, session.accountId)),
  );
  c.set('actor', { kind: 'agent', agentId: session.accountId, role: c.var.agentRole, serviceIds: rows.map((row) => row.serviceId) });
  await next();
});
