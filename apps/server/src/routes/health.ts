import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import type { Readiness } from '../readiness.ts';

/** Liveness answers without touching anything; readiness checks the database and migrations. */
export function healthRoutes(readiness: () => Promise<Readiness>) {
  return new Hono<AppEnv>()
    .get('/healthz', (c) => c.json({ status: 'ok' }))
    .get('/readyz', async (c) => {
      const state = await readiness();
      if (state === 'ready') return c.json({ status: 'ready' as const }, 200);
      return c.json({ status: 'not_ready' as const, reason: state }, 503);
    });
}
