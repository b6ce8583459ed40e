import { getConnInfo } from '@hono/node-server/conninfo';
import { createMiddleware } from 'hono/factory';
import { and, eq, isNull } from 'drizzle-orm';
import { agents, type AgentRole, type Session, type Transaction } from '@guichet/db';
import { validateSessionToken } from '@guichet/identity';
import { clearCookie, readCookie, SESSION_COOKIE, writeCookie } from '../cookies.ts';
import type { AppEnv, Site } from '../env.ts';

/**
 * Who is calling: the session whose token the host's cookie carries, if it is valid and was
 * opened on this very site. A renewed session gets a renewed cookie.
 */
export function loadSession(trustProxy: boolean) {
  return createMiddleware<AppEnv>(async (c, next) => {
    c.set('clientIp', clientIp(c, trustProxy));
    c.set('session', null);
    const token = readCookie(c, SESSION_COOKIE);
    if (token) {
      const site = c.var.site;
      const found = await c.var.inSite(async (tx) => {
        const session = await validateSessionToken(tx, token);
        if (!session || !opensOn(session, site)) return null;
        if (session.accountKind !== 'agent') return { session, agentRole: undefined };
        const agentRole = await activeAgentRole(tx, session.accountId);
        return agentRole ? { session, agentRole } : null;
      });
      if (found) {
        c.set('session', found.session);
        if (found.agentRole) c.set('agentRole', found.agentRole);
        writeCookie(c, SESSION_COOKIE, token, found.session.expiresAt);
      } else {
        clearCookie(c, SESSION_COOKIE);
      }
    }
    await next();
  });
}

/** A disabled agent's sessions stop working at once, whatever their expiry. */
async function activeAgentRole(tx: Transaction, agentId: string): Promise<AgentRole | undefined> {
  const [agent] = await tx
    .select({ role: agents.role })
    .from(agents)
    .where(and(eq(agents.id, agentId), isNull(agents.disabledAt)));
  return agent?.role;
}

function opensOn(session: Session, site: Site): boolean {
  return site.kind === 'commune' ? session.tenantId === site.tenant.id : session.tenantId === null && session.epciId === site.epci.id;
}

function clientIp(c: Parameters<typeof getConnInfo>[0], trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
