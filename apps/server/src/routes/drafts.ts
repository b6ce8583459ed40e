import { Hono } from 'hono';
import { z } from 'zod';
import { withTenant } from '@guichet/db';
import { deleteDraft, draftInputSchema, listDrafts, saveDraft } from '@guichet/requests';
import type { AppDependencies, AppEnv } from '../env.ts';
import { requireCitizen } from '../middleware/require-account.ts';
import { requireCommune } from '../middleware/site.ts';
import { validate } from '../validate.ts';

const procedureParam = z.object({ procedure: z.string().min(1).max(100) });

/** A signed-in citizen's drafts, one per procedure: saved, resumed, discarded. */
export function draftRoutes(deps: AppDependencies) {
  return new Hono<AppEnv>()
    .use(requireCommune, requireCitizen)
    .get('/', async (c) => {
      const drafts = await withTenant(deps.db, c.var.site.tenant.id, (tx) => listDrafts(tx, c.var.session!.accountId));
      return c.json({ drafts });
    })
    .put('/:procedure', validate('param', procedureParam), validate('json', draftInputSchema), async (c) => {
      const saved = await withTenant(deps.db, c.var.site.tenant.id, (tx) =>
        saveDraft(tx, c.var.site.tenant.id, c.var.session!.accountId, c.req.valid('param').procedure, c.req.valid('json').values),
      );
      return c.json({ expiresAt: saved.expiresAt.toISOString() });
    })
    .delete('/:procedure', validate('param', procedureParam), async (c) => {
      await withTenant(deps.db, c.var.site.tenant.id, (tx) => deleteDraft(tx, c.var.session!.accountId, c.req.valid('param').procedure));
      return c.json({ ok: true as const });
    });
}
