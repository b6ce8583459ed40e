import { Hono } from 'hono';
import { z } from 'zod';
import {
  adoptionInputSchema,
  adoptTemplate,
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
  type CommuneContext,
} from '@guichet/catalogue';
import { submissionJsonSchema } from '@guichet/forms';
import { withEpci, withTenant, type Transaction } from '@guichet/db';
import type { AppDependencies, AppEnv, AppVariables } from '../env.ts';
import { requireAgent, requireEpciStaff } from '../middleware/require-account.ts';
import { requireCommune, requireEpci } from '../middleware/site.ts';
import { validate } from '../validate.ts';

const slugParam = z.object({ slug: slugSchema });

/**
 * The procedure catalogue: public on a commune's portal, edited by its administrators, and the
 * EPCI's templates on its console. Handlers validate and call one verb; a verb's refusal
 * (thrown inside its transaction, so nothing is written) becomes its problem in the app's error handler.
 */
export function catalogueRoutes(deps: AppDependencies) {
  const admin = requireAgent('commune_admin');
  const inCommune = <T>(tenantId: string, work: (tx: Transaction) => Promise<T>) => withTenant(deps.db, tenantId, work);
  /** A commune administrator's change, in the commune's transaction. */
  const asCommuneAdmin = <T>(c: CommuneAdminContext, work: (context: CommuneContext) => Promise<T>) => {
    const { tenant } = c.var.site;
    const actor = { kind: 'agent' as const, id: c.var.session.accountId };
    return inCommune(tenant.id, (tx) => work({ tx, tenant: { id: tenant.id, epciId: tenant.epciId }, actor }));
  };

  return new Hono<AppEnv>()
    .get('/catalogue', requireCommune, async (c) => {
      const includeDrafts = isCommuneAdmin(c.var);
      return c.json({ themes: await inCommune(c.var.site.tenant.id, (tx) => listCatalogue(tx, { includeDrafts })) });
    })
    .get('/catalogue/:slug', requireCommune, validate('param', slugParam), async (c) => {
      const includeDrafts = isCommuneAdmin(c.var);
      return c.json(await inCommune(c.var.site.tenant.id, (tx) => procedureDetail(tx, c.req.valid('param').slug, { includeDrafts })));
    })
    // The answers a procedure's form accepts, as JSON Schema: integrators check `values` before filing.
    .get('/catalogue/:slug/schema.json', requireCommune, validate('param', slugParam), async (c) => {
      const { slug } = c.req.valid('param');
      const procedure = await inCommune(c.var.site.tenant.id, (tx) => procedureDetail(tx, slug, { includeDrafts: false }));
      const id = new URL(`/api/catalogue/${slug}/schema.json`, c.req.url).toString();
      c.header('content-type', 'application/schema+json; charset=utf-8');
      return c.body(JSON.stringify(submissionJsonSchema(procedure.form, { id, title: `Réponses : ${procedure.title}` })));
    })
    .post('/catalogue', requireCommune, admin, validate('json', procedureInputSchema), async (c) => {
      return c.json(await asCommuneAdmin(c, (context) => createProcedure(context, c.req.valid('json'))), 201);
    })
    .put('/catalogue/:slug', requireCommune, admin, validate('param', slugParam), validate('json', procedureChangesSchema), async (c) => {
      return c.json(await asCommuneAdmin(c, (context) => updateProcedure(context, c.req.valid('param').slug, c.req.valid('json'))));
    })
    .post('/catalogue/adopter', requireCommune, admin, validate('json', adoptionInputSchema), async (c) => {
      return c.json(await asCommuneAdmin(c, (context) => adoptTemplate(context, c.req.valid('json'))), 201);
    })
    .post('/catalogue/themes', requireCommune, admin, validate('json', themeInputSchema), async (c) => {
      return c.json(await asCommuneAdmin(c, (context) => createTheme(context, c.req.valid('json'))), 201);
    })
    .put('/catalogue/themes/:slug', requireCommune, admin, validate('param', slugParam), validate('json', themeChangesSchema), async (c) => {
      return c.json(await asCommuneAdmin(c, (context) => updateTheme(context, c.req.valid('param').slug, c.req.valid('json'))));
    })
    .delete('/catalogue/themes/:slug', requireCommune, admin, validate('param', slugParam), async (c) => {
      await asCommuneAdmin(c, (context) => deleteTheme(context, c.req.valid('param').slug));
      return c.body(null, 204);
    })
    // The templates a commune administrator can adopt.
    .get('/modeles', requireCommune, admin, async (c) => {
      return c.json({ templates: await inCommune(c.var.site.tenant.id, listTemplates) });
    })
    .get('/console/modeles', requireEpci, requireEpciStaff, async (c) => {
      return c.json({ templates: await withEpci(deps.db, c.var.site.epci.id, listTemplates) });
    })
    .post('/console/modeles', requireEpci, requireEpciStaff, validate('json', templateInputSchema), async (c) => {
      const epciId = c.var.site.epci.id;
      const actor = { kind: 'epci_staff' as const, id: c.var.session.accountId };
      return c.json(await withEpci(deps.db, epciId, (tx) => publishTemplate({ tx, epciId, actor }, c.req.valid('json'))), 201);
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
