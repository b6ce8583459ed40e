import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';

/** Liveness answers without touching anything; readiness checks the database and migrations. */
export function healthRoutes(isReady: () => Promise<boolean>) {
  return new Hono<AppEnv>()
    .get('/healthz', (c) => c.json({ status: 'ok' }))
    .get('/readyz', async (c) => {
      const ready = await isReady().catch(() => false);
      return c.json({ status: ready ? 'ready' : 'not-ready' }, ready ? 200 : 503);
    });
}
