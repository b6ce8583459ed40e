import { createMiddleware } from 'hono/factory';
import type { AgentRole, Session } from '@guichet/db';
import type { AppEnv } from '../env.ts';
import { problem } from '../problems/problem.ts';

type WithSession = { Variables: { session: Session } };

function signInRequired(c: Parameters<typeof problem>[0]) {
  return problem(c, 'connexion-requise');
}

/** A signed-in citizen of this commune's portal. */
export const requireCitizen = createMiddleware<AppEnv & WithSession>(async (c, next) => {
  const session = c.var.session;
  if (!session || session.accountKind !== 'citizen') return signInRequired(c);
  await next();
});

/**
 * A signed-in agent of this commune who has passed the second factor, holding one of `roles`
 * (none given: any agent). The database's RLS still holds the line underneath.
 */
export function requireAgent(...roles: AgentRole[]) {
  return createMiddleware<AppEnv & WithSession & { Variables: { agentRole: AgentRole } }>(async (c, next) => {
    const session = c.var.session;
    if (!session || session.accountKind !== 'agent') return signInRequired(c);
    if (!session.secondFactorVerified) {
      return problem(c, 'second-facteur-requis');
    }
    const role = c.var.agentRole;
    if (roles.length > 0 && !roles.includes(role)) {
      return problem(c, 'droits-insuffisants');
    }
    await next();
  });
}

/** Who processes requests: every role but the elected official, who only decides them. */
export const processingRoles: AgentRole[] = ['agent', 'service_manager', 'commune_admin'];

/** EPCI staff on the EPCI console, second factor passed. */
export const requireEpciStaff = createMiddleware<AppEnv & WithSession>(async (c, next) => {
  const session = c.var.session;
  if (!session || session.accountKind !== 'epci_staff') return signInRequired(c);
  if (!session.secondFactorVerified) {
    return problem(c, 'second-facteur-requis');
  }
  await next();
});
