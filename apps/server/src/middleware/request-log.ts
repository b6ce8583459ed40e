import { randomUUID } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import type { Logger } from 'pino';
import type { AppEnv } from '../env.ts';

/**
 * The path as it may be logged: a follow-up link's token opens a request without an account (a
 * bearer secret), so it never reaches the logs.
 */
function loggedPath(path: string): string {
  return path.replace(/\/suivi\/[^/]+/, '/suivi/<jeton>');
}

/**
 * One JSON line per request with its commune, status and duration. Only the path is logged:
 * query strings can carry codes and tokens (OpenID callbacks, reset links), and a path's own
 * secret is masked (`loggedPath`).
 */
export function requestLog(log: Logger) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const requestId = c.req.header('x-request-id')?.slice(0, 64) || randomUUID();
    const started = performance.now();
    c.set('requestId', requestId);
    c.set('log', log.child({ requestId }));
    c.header('x-request-id', requestId);
    await next();
    const site = c.get('site');
    log.info(
      {
        requestId,
        method: c.req.method,
        path: loggedPath(c.req.path),
        status: c.res.status,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        tenant: site?.kind === 'commune' ? site.tenant.slug : undefined,
        epci: site?.epci.slug,
      },
      'request',
    );
  });
}
