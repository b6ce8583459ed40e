import { getConnInfo } from '@hono/node-server/conninfo';
import { createMiddleware } from 'hono/factory';
import { validateSessionToken, type SessionLookups } from '@guichet/identity';
import { clearCookie, readCookie, SESSION_COOKIE, writeCookie } from '../cookies.ts';
import type { AppEnv } from '../env.ts';

/**
 * Who is calling: the session whose token the host's cookie carries, if it is valid and was
 * opened on this very site. A renewed session gets a renewed cookie.
 */
export function loadSession(lookups: SessionLookups, trustProxy: boolean) {
  return createMiddleware<AppEnv>(async (c, next) => {
    c.set('clientIp', clientIp(c, trustProxy));
    c.set('session', null);
    const token = readCookie(c, SESSION_COOKIE);
    if (token) {
      const site = c.var.site;
      const scope = site.kind === 'commune' ? { epciId: site.tenant.epciId, tenantId: site.tenant.id } : { epciId: site.epci.id, tenantId: null };
      const valid = await validateSessionToken({ lookups, inSite: c.var.inSite }, token, scope);
      // A disabled agent's sessions stop working at once, whatever their expiry.
      const found = valid && (valid.session.accountKind !== 'agent' || valid.agentRole) ? valid : null;
      if (found) {
        c.set('session', found.session);
        if (found.agentRole) c.set('agentRole', found.agentRole);
        // The browser keeps the cookie until the expiry it was given: it is sent again only with a new one.
        if (found.cookieDue) writeCookie(c, SESSION_COOKIE, token, found.session.expiresAt);
      } else {
        clearCookie(c, SESSION_COOKIE);
      }
    }
    await next();
  });
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
