import { Hono } from 'hono';
import { withEpciScope } from '@guichet/db';
import { listCommuneAgents } from '@guichet/identity';
import type { AppDependencies, AppEnv } from '../env.ts';
import { requireEpciStaff } from '../middleware/require-account.ts';

/** The EPCI console's reads across its member communes, through the read-only EPCI scope. */
export function epciConsoleRoutes(deps: AppDependencies) {
  return new Hono<AppEnv>().get('/communes/agents', requireEpciStaff, async (c) => {
    const epciId = c.var.session.epciId;
    const communes = await withEpciScope(deps.db, epciId, (tx) => listCommuneAgents({ tx, epciId }));
    return c.json({ communes });
  });
}
