import type { Context } from 'hono';
import { Hono } from 'hono';
import { z } from 'zod';
import {
  adoptionInputSchema,
  adoptTemplate,
  CatalogueError,
  createProcedure,
  createTheme,
  deleteTheme,
  listCatalogue,
  listTemplates,
  procedureChangesSchema,
  procedureDetail,
  procedureInputSchema,
  publishTemplate,
  slugSchema,
  templateInputSchema,
  themeChangesSchema,
  themeInputSchema,
  updateProcedure,
  updateTheme,
  type CatalogueFailure,
  type CommuneContext,
} from '@guichet/catalogue';
import { withEpci, withTenant, type Transaction } from '@guichet/db';
import type { AppDependencies, AppEnv, AppVariables } from '../env.ts';
import { requireAgent, requireEpciStaff } from '../middleware/require-account.ts';
import { requireCommune, requireEpci } from '../middleware/site.ts';
import { problem, validationProblem } from '../problem.ts';
import { validate } from '../validate.ts';

const slugParam = z.object({ slug: slugSchema });

/**
 * The procedure catalogue: public on a commune's portal, edited by its administrators, and the
 * EPCI's templates on its console. Handlers validate, call one verb, and map its failures.
 */
export function catalogueRoutes(deps: AppDependencies) {
  const admin = requireAgent('commune_admin');

  /** A commune administrator's change, in the commune's transaction: refused, it writes nothing. */
  const asCommuneAdmin = <T>(c: CommuneAdminContext, work: (context: CommuneContext) => Promise<T>) => {
    const { tenant } = c.var.site;
    const actor = { kind: 'agent' as const, id: c.var.session.accountId };
    return attempt(() => withTenant(deps.db, tenant.id, (tx) => work({ tx, tenant: { id: tenant.id, epciId: tenant.epciId }, actor })));
  };
  const read = <T>(tenantId: string, work: (tx: Transaction) => Promise<T>) => attempt(() => withTenant(deps.db, tenantId, work));

  return new Hono<AppEnv>()
    .get('/catalogue', requireCommune, async (c) => {
      const includeDrafts = isCommuneAdmin(c.var);
      const result = await read(c.var.site.tenant.id, (tx) => listCatalogue(tx, { includeDrafts }));
      return result.ok ? c.json({ themes: result.value }) : catalogueProblem(c, result.failure);
    })
    .get('/catalogue/:slug', requireCommune, validate('param', slugParam), async (c) => {
      const includeDrafts = isCommuneAdmin(c.var);
      const result = await read(c.var.site.tenant.id, (tx) => procedureDetail(tx, c.req.valid('param').slug, { includeDrafts }));
      return result.ok ? c.json(result.value) : catalogueProblem(c, result.failure);
    })
    .post('/catalogue', requireCommune, admin, validate('json', procedureInputSchema), async (c) => {
      const result = await asCommuneAdmin(c, (context) => createProcedure(context, c.req.valid('json')));
      return result.ok ? c.json(result.value, 201) : catalogueProblem(c, result.failure);
    })
    .put('/catalogue/:slug', requireCommune, admin, validate('param', slugParam), validate('json', procedureChangesSchema), async (c) => {
      const result = await asCommuneAdmin(c, (context) => updateProcedure(context, c.req.valid('param').slug, c.req.valid('json')));
      return result.ok ? c.json(result.value) : catalogueProblem(c, result.failure);
    })
    .post('/catalogue/adopter', requireCommune, admin, validate('json', adoptionInputSchema), async (c) => {
      const result = await asCommuneAdmin(c, (context) => adoptTemplate(context, c.req.valid('json')));
      return result.ok ? c.json(result.value, 201) : catalogueProblem(c, result.failure);
    })
    .post('/catalogue/themes', requireCommune, admin, validate('json', themeInputSchema), async (c) => {
      const result = await asCommuneAdmin(c, (context) => createTheme(context, c.req.valid('json')));
      return result.ok ? c.json(result.value, 201) : catalogueProblem(c, result.failure);
    })
    .put('/catalogue/themes/:slug', requireCommune, admin, validate('param', slugParam), validate('json', themeChangesSchema), async (c) => {
      const result = await asCommuneAdmin(c, (context) => updateTheme(context, c.req.valid('param').slug, c.req.valid('json')));
      return result.ok ? c.json(result.value) : catalogueProblem(c, result.failure);
    })
    .delete('/catalogue/themes/:slug', requireCommune, admin, validate('param', slugParam), async (c) => {
      const result = await asCommuneAdmin(c, (context) => deleteTheme(context, c.req.valid('param').slug));
      return result.ok ? c.body(null, 204) : catalogueProblem(c, result.failure);
    })
    // The templates a commune administrator can adopt.
    .get('/modeles', requireCommune, admin, async (c) => {
      const result = await read(c.var.site.tenant.id, listTemplates);
      return result.ok ? c.json({ templates: result.value }) : catalogueProblem(c, result.failure);
    })
    .get('/console/modeles', requireEpci, requireEpciStaff, async (c) => {
      const templates = await withEpci(deps.db, c.var.site.epci.id, listTemplates);
      return c.json({ templates });
    })
    .post('/console/modeles', requireEpci, requireEpciStaff, validate('json', templateInputSchema), async (c) => {
      const epciId = c.var.site.epci.id;
      const actor = { kind: 'epci_staff' as const, id: c.var.session.accountId };
      const result = await attempt(() => withEpci(deps.db, epciId, (tx) => publishTemplate({ tx, epciId, actor }, c.req.valid('json'))));
      return result.ok ? c.json(result.value, 201) : catalogueProblem(c, result.failure);
    });
}

type CommuneAdminContext = {
  var: { site: { tenant: { id: string; epciId: string } }; session: { accountId: string } };
};

/** Drafts are shown to the commune's administrators only; the portal shows what is published. */
function isCommuneAdmin(caller: Pick<AppVariables, 'session' | 'agentRole'>): boolean {
  const session = caller.session;
  return session?.accountKind === 'agent' && session.secondFactorVerified && caller.agentRole === 'commune_admin';
}

async function attempt<T>(work: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; failure: CatalogueFailure }> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof CatalogueError) return { ok: false, failure: error.failure };
    throw error;
  }
}

function catalogueProblem(c: Context, failure: CatalogueFailure): Response {
  switch (failure.kind) {
    case 'invalid':
      return validationProblem(c, failure.errors);
    case 'not_found':
      return problem(c, 404, 'introuvable', failure.message);
    case 'conflict':
      return problem(c, 409, 'conflit', failure.message);
  }
}
