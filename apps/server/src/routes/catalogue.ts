import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import {
  adoptionInputSchema,
  adoptTemplate,
  answerTemplateUpdate,
  listTemplateUpdates,
  templateChangesSchema,
  templateUpdateSchema,
  updateTemplate,
  catalogueThemeSchema,
  changedSlugSchema,
  createProcedure,
  createTheme,
  deleteTheme,
  listCatalogue,
  listTemplates,
  listThemes,
  themeSummarySchema,
  procedureChangesSchema,
  procedureDetail,
  procedureDetailSchema,
  procedureInputSchema,
  publishTemplate,
  slugSchema,
  templateInputSchema,
  templateDetail,
  templateDetailSchema,
  templateSummarySchema,
  themeChangesSchema,
  themeInputSchema,
  updateProcedure,
  updateTheme,
  type CommuneContext,
} from '@guichet/catalogue';
import { submissionJsonSchema } from '@guichet/forms';
import { withEpciScope, type AgentActor, type Transaction } from '@guichet/db';
import type { AppDependencies, AppVariables } from '../env.ts';
import { agentActor } from '../middleware/agent-actor.ts';
import { requireAgent, requireEpciStaff } from '../middleware/require-account.ts';
import { requireCommune, requireEpci } from '../middleware/site.ts';
import { asAgent, asEpciStaff } from '../openapi/access.ts';
import { jsonBody, jsonResponse, problemResponses } from '../openapi/responses.ts';
import { createRouter } from '../openapi/router.ts';

const slugParam = z.object({ slug: slugSchema.meta({ description: 'L’identifiant de la démarche.', example: 'copie-acte-naissance' }) });
const themeParam = z.object({ slug: slugSchema.meta({ description: 'L’identifiant du thème.', example: 'vie-quotidienne' }) });
const templateList = z.object({ templates: z.array(templateSummarySchema) });

const publicTags = ['Catalogue'];
const adminTags = ['Agents : catalogue'];
const consoleTags = ['Console : modèles'];
/** The public reads answer everyone; a commune administrator also gets the drafts. */
const anyoneOrAdmin = [{}, ...asAgent('commune_admin')];
const adminProblems = ['connexion-requise', 'second-facteur-requis', 'droits-insuffisants', 'commune-requise'] as const;
const staffProblems = ['connexion-requise', 'second-facteur-requis', 'console-requise'] as const;

const DEFINITION_FIELDS = `Les champs de la définition sont ceux d’une démarche des fichiers de la commune : \`title\`, \`summary\`, \`description\`, \`steps\`, \`requiredDocuments\`, \`form\` (le formulaire), \`routing\` (l’aiguillage vers un service), \`priorityRules\`, \`delayDays\` (jours ouvrés), \`pauseMode\`, \`decisionRequired\`, \`anonymousAllowed\`, \`restricted\`, \`workflow\`, \`retentionDays\`, \`open311\` et \`feeCents\` ; leur forme est celle du schéma \`Demarche\` (\`GET /api/catalogue/{slug}\`). Ils sont vérifiés ensemble : chaque erreur revient sur son champ dans le problème 422, et rien n’est enregistré.`;

/** A procedure of the commune's own, as an administrator posts it (Libercourt's themes and services). */
const procedureExample = {
  slug: 'repas-des-aines',
  theme: 'vie-quotidienne',
  service: 'cabinet-du-maire',
  title: 'Inscription au repas des aînés',
  summary: 'S’inscrire au repas annuel offert aux habitants de 65 ans et plus.',
  description: 'Le repas des aînés a lieu chaque année en janvier à la salle des fêtes. Chaque inscrit peut venir accompagné de son conjoint.',
  steps: ['Inscrivez-vous avant le 15 décembre', 'Recevez votre invitation par courrier'],
  requiredDocuments: [{ label: 'Justificatif de domicile', required: true }],
  form: {
    fields: [
      { kind: 'text', key: 'nom', label: 'Nom et prénom', required: true },
      { kind: 'number', key: 'convives', label: 'Nombre de convives', required: true, integer: true, min: 1, max: 2 },
    ],
  },
  delayDays: 5,
  retentionDays: 365,
  published: true,
};

const listOperation = createRoute({
  method: 'get',
  path: '/',
  tags: publicTags,
  summary: 'Lister le catalogue des démarches',
  description: 'Les démarches publiées de la commune, thème par thème ; les thèmes vides sont omis. Un administrateur de la commune y voit aussi les brouillons (`published: false`).',
  middleware: [requireCommune] as const,
  security: anyoneOrAdmin,
  responses: {
    200: jsonResponse(z.object({ themes: z.array(catalogueThemeSchema) }), 'Le catalogue, thème par thème. Son `ETag` permet de le redemander sous condition (`If-None-Match`).'),
    304: { description: 'Le catalogue n’a pas changé depuis la version dont l’`ETag` est envoyé dans `If-None-Match`.' },
    ...problemResponses('commune-requise'),
  },
});

const detailOperation = createRoute({
  method: 'get',
  path: '/{slug}',
  tags: publicTags,
  summary: 'Lire une démarche',
  description: 'La démarche telle que le portail la présente avant le dépôt : description, étapes, pièces à fournir, formulaire, service et délai. Un administrateur de la commune atteint aussi les brouillons et lit ce que le portail ne montre pas (`administration`).',
  middleware: [requireCommune] as const,
  security: anyoneOrAdmin,
  request: { params: slugParam },
  responses: {
    200: jsonResponse(procedureDetailSchema, 'La démarche.'),
    ...problemResponses('validation', 'catalogue-introuvable', 'commune-requise'),
  },
});

const answersSchemaOperation = createRoute({
  method: 'get',
  path: '/{slug}/schema.json',
  tags: publicTags,
  summary: 'Lire le schéma JSON des réponses d’une démarche',
  description:
    'Les réponses (`values`) que le formulaire d’une démarche publiée accepte, en JSON Schema 2020-12, pour vérifier un dépôt (`POST /api/demandes`) avant de l’envoyer. Ce que le schéma accepte, le serveur l’accepte ; les règles qu’un schéma ne sait pas dire (bornes de dates relatives, fichiers déjà déposés) sont écrites dans les `description`.',
  middleware: [requireCommune] as const,
  security: [],
  request: { params: slugParam },
  responses: {
    200: {
      description: 'Le schéma JSON des réponses.',
      content: {
        'application/schema+json': {
          schema: z.record(z.string(), z.unknown()).meta({ description: 'Un JSON Schema 2020-12, dont `$id` est son adresse.' }),
        },
      },
    },
    ...problemResponses('validation', 'catalogue-introuvable', 'commune-requise'),
  },
});

const createOperation = createRoute({
  method: 'post',
  path: '/',
  tags: adminTags,
  summary: 'Créer une démarche',
  description: `Ajoute au catalogue une démarche propre à la commune, rangée sous un de ses thèmes (\`theme\`) et instruite par un de ses services (\`service\`) ; \`published: false\` la garde en brouillon.

${DEFINITION_FIELDS}`,
  middleware: [requireCommune, requireAgent('commune_admin'), agentActor] as const,
  security: asAgent('commune_admin'),
  request: { body: jsonBody(procedureInputSchema, procedureExample) },
  responses: {
    201: jsonResponse(changedSlugSchema, 'La démarche est créée.'),
    ...problemResponses('validation', ...adminProblems, 'conflit'),
  },
});

const updateOperation = createRoute({
  method: 'put',
  path: '/{slug}',
  tags: adminTags,
  summary: 'Modifier une démarche',
  description: `Chaque champ envoyé remplace l’actuel en entier ; les autres restent. Le résultat est vérifié comme une démarche complète, si bien qu’une modification ne laisse jamais une démarche que les fichiers de la commune ne pourraient pas déclarer. \`published\` publie ou dépublie.

${DEFINITION_FIELDS}`,
  middleware: [requireCommune, requireAgent('commune_admin'), agentActor] as const,
  security: asAgent('commune_admin'),
  request: { params: slugParam, body: jsonBody(procedureChangesSchema, { title: 'Repas des aînés', delayDays: 8, service: 'ccas' }) },
  responses: {
    200: jsonResponse(changedSlugSchema, 'La démarche est modifiée.'),
    ...problemResponses('validation', ...adminProblems, 'catalogue-introuvable'),
  },
});

const adoptOperation = createRoute({
  method: 'post',
  path: '/adopter',
  tags: adminTags,
  summary: 'Adopter un modèle de l’intercommunalité',
  description: `Ajoute au catalogue un des modèles publiés par l’intercommunalité (\`GET /api/modeles\`), sous l’identifiant du modèle ou sous \`slug\`, avec le thème et le service de la commune. Tout champ de la définition envoyé remplace celui du modèle : un aiguillage vers un service que la commune n’a pas doit ainsi être adapté.

${DEFINITION_FIELDS}`,
  middleware: [requireCommune, requireAgent('commune_admin'), agentActor] as const,
  security: asAgent('commune_admin'),
  request: {
    body: jsonBody(adoptionInputSchema, {
      template: 'reclamation',
      slug: 'reclamation-cantine',
      theme: 'relation',
      service: 'cabinet-du-maire',
      title: 'Réclamation sur la restauration scolaire',
      delayDays: 10,
    }),
  },
  responses: {
    201: jsonResponse(changedSlugSchema, 'La démarche est adoptée.'),
    ...problemResponses('validation', ...adminProblems, 'catalogue-introuvable', 'conflit'),
  },
});

const listThemesOperation = createRoute({
  method: 'get',
  path: '/themes',
  tags: adminTags,
  summary: 'Lister les thèmes',
  description: 'Tous les thèmes de la commune dans l’ordre du catalogue, vides compris (le catalogue public omet ceux-là), avec leur nombre de démarches.',
  middleware: [requireCommune, requireAgent('commune_admin')] as const,
  security: asAgent('commune_admin'),
  responses: {
    200: jsonResponse(z.object({ themes: z.array(themeSummarySchema) }), 'Les thèmes, dans l’ordre.'),
    ...problemResponses(...adminProblems),
  },
});

const createThemeOperation = createRoute({
  method: 'post',
  path: '/themes',
  tags: adminTags,
  summary: 'Créer un thème',
  description: 'Ajoute un thème sous lequel ranger des démarches ; `position` ordonne les thèmes du catalogue (les plus petites d’abord).',
  middleware: [requireCommune, requireAgent('commune_admin'), agentActor] as const,
  security: asAgent('commune_admin'),
  request: { body: jsonBody(themeInputSchema, { slug: 'seniors', title: 'Seniors', description: 'Repas, colis et sorties des aînés.', position: 20 }) },
  responses: {
    201: jsonResponse(changedSlugSchema, 'Le thème est créé.'),
    ...problemResponses('validation', ...adminProblems, 'conflit'),
  },
});

const updateThemeOperation = createRoute({
  method: 'put',
  path: '/themes/{slug}',
  tags: adminTags,
  summary: 'Modifier un thème',
  description: 'Renomme, décrit ou déplace un thème : chaque champ envoyé remplace l’actuel, au moins un est attendu.',
  middleware: [requireCommune, requireAgent('commune_admin'), agentActor] as const,
  security: asAgent('commune_admin'),
  request: { params: themeParam, body: jsonBody(themeChangesSchema, { title: 'Aînés', position: 20 }) },
  responses: {
    200: jsonResponse(changedSlugSchema, 'Le thème est modifié.'),
    ...problemResponses('validation', ...adminProblems, 'catalogue-introuvable'),
  },
});

const deleteThemeOperation = createRoute({
  method: 'delete',
  path: '/themes/{slug}',
  tags: adminTags,
  summary: 'Supprimer un thème vide',
  description: 'Un thème qui regroupe encore des démarches reste (409) : déplacez-les d’abord (`PUT /api/catalogue/{slug}` avec un autre `theme`).',
  middleware: [requireCommune, requireAgent('commune_admin'), agentActor] as const,
  security: asAgent('commune_admin'),
  request: { params: themeParam },
  responses: {
    204: { description: 'Le thème est supprimé.' },
    ...problemResponses('validation', ...adminProblems, 'catalogue-introuvable', 'conflit'),
  },
});

const communeTemplatesOperation = createRoute({
  method: 'get',
  path: '/',
  tags: adminTags,
  summary: 'Lister les modèles à adopter',
  description: 'Les modèles de démarches publiés par l’intercommunalité de la commune, que ses administrateurs peuvent adopter (`POST /api/catalogue/adopter`).',
  middleware: [requireCommune, requireAgent('commune_admin')] as const,
  security: asAgent('commune_admin'),
  responses: {
    200: jsonResponse(templateList, 'Les modèles, par thème.'),
    ...problemResponses(...adminProblems),
  },
});

const templateUpdatesOperation = createRoute({
  method: 'get',
  path: '/mises-a-jour',
  tags: adminTags,
  summary: 'Lister les mises à jour des modèles adoptés',
  description:
    'Les démarches de la commune adoptées d’un modèle que l’intercommunalité a modifié depuis la version sur laquelle elles reposent, chacune avec ce qui a changé, champ par champ (avant, après). La démarche de la commune n’est jamais modifiée d’office : l’administrateur prend la mise à jour ou garde sa version (`POST /api/catalogue/{slug}/modele`).',
  middleware: [requireCommune, requireAgent('commune_admin')] as const,
  security: asAgent('commune_admin'),
  responses: {
    200: jsonResponse(z.object({ updates: z.array(templateUpdateSchema) }), 'Les mises à jour en attente.'),
    ...problemResponses(...adminProblems),
  },
});

const answerTemplateUpdateOperation = createRoute({
  method: 'post',
  path: '/{slug}/modele',
  tags: adminTags,
  summary: 'Prendre la mise à jour du modèle, ou garder sa version',
  description:
    '`prendre` : chaque champ que l’intercommunalité a changé remplace celui de la démarche (vérifiée comme toute modification) ; les autres champs gardent l’adaptation de la commune. `garder` : la démarche reste telle quelle. Dans les deux cas, cette version du modèle n’est plus signalée. Inscrit au journal.',
  middleware: [requireCommune, requireAgent('commune_admin'), agentActor] as const,
  security: asAgent('commune_admin'),
  request: { params: slugParam, body: jsonBody(z.strictObject({ choix: z.enum(['prendre', 'garder'], { error: 'Choix : « prendre » ou « garder ».' }) }), { choix: 'prendre' }) },
  responses: {
    200: jsonResponse(changedSlugSchema, 'La réponse est enregistrée.'),
    ...problemResponses('validation', ...adminProblems, 'catalogue-introuvable'),
  },
});

const updateTemplateOperation = createRoute({
  method: 'put',
  path: '/{slug}',
  tags: consoleTags,
  summary: 'Modifier un modèle de démarche',
  description: `Sur la console : chaque champ envoyé remplace l’actuel en entier ; le modèle est vérifié comme une démarche complète. La version précédente est gardée ; les démarches que les communes en ont adoptées ne changent pas : leurs administrateurs voient ce qui a changé et choisissent (\`GET /api/modeles/mises-a-jour\`).

${DEFINITION_FIELDS}`,
  middleware: [requireEpci, requireEpciStaff] as const,
  security: asEpciStaff,
  request: {
    params: z.object({ slug: slugSchema.meta({ description: 'L’identifiant du modèle.', example: 'signalement-voirie' }) }),
    body: jsonBody(templateChangesSchema, { delayDays: 8 }),
  },
  responses: {
    200: jsonResponse(changedSlugSchema, 'Le modèle est modifié.'),
    ...problemResponses('validation', ...staffProblems, 'catalogue-introuvable'),
  },
});

const consoleTemplatesOperation = createRoute({
  method: 'get',
  path: '/',
  tags: consoleTags,
  summary: 'Lister les modèles publiés',
  description: 'Sur la console : les modèles de démarches que l’intercommunalité propose à ses communes membres.',
  middleware: [requireEpci, requireEpciStaff] as const,
  security: asEpciStaff,
  responses: {
    200: jsonResponse(templateList, 'Les modèles, par thème.'),
    ...problemResponses(...staffProblems),
  },
});

const consoleTemplateOperation = createRoute({
  method: 'get',
  path: '/{slug}',
  tags: consoleTags,
  summary: 'Lire un modèle de démarche',
  description: 'Sur la console : un modèle tel qu’on le modifie (`PUT /api/console/modeles/{slug}`), avec les communes membres qui l’ont adopté et la version sur laquelle repose chacune de leurs copies.',
  middleware: [requireEpci, requireEpciStaff] as const,
  security: asEpciStaff,
  request: { params: z.object({ slug: slugSchema.meta({ description: 'L’identifiant du modèle.', example: 'signalement-voirie' }) }) },
  responses: {
    200: jsonResponse(templateDetailSchema, 'Le modèle.'),
    ...problemResponses('validation', ...staffProblems, 'catalogue-introuvable'),
  },
});

const publishTemplateOperation = createRoute({
  method: 'post',
  path: '/',
  tags: consoleTags,
  summary: 'Publier un modèle de démarche',
  description: `Sur la console : publie un modèle que chaque commune membre peut adopter et adapter (\`POST /api/catalogue/adopter\`), rangé sous le titre de thème \`theme\`. Les services sont ceux des communes : chaque adoption nomme le sien.

${DEFINITION_FIELDS}`,
  middleware: [requireEpci, requireEpciStaff] as const,
  security: asEpciStaff,
  request: {
    body: jsonBody(templateInputSchema, {
      slug: 'inscription-transport-scolaire',
      theme: 'Éducation et jeunesse',
      title: 'Inscription au transport scolaire',
      summary: 'Inscrire un enfant au car scolaire du réseau de l’agglomération.',
      description: 'Le transport scolaire est organisé par l’agglomération pour les élèves de ses communes.',
      steps: ['Inscrivez votre enfant', 'Recevez sa carte de transport'],
      form: { fields: [{ kind: 'text', key: 'enfant', label: 'Prénom et nom de l’enfant', required: true }] },
      delayDays: 10,
      retentionDays: 365,
    }),
  },
  responses: {
    201: jsonResponse(changedSlugSchema, 'Le modèle est publié.'),
    ...problemResponses('validation', ...staffProblems, 'conflit'),
  },
});

/**
 * The procedure catalogue, under /catalogue: public on a commune's portal, edited by its
 * administrators. Handlers validate and call one verb; a verb's refusal
 * (thrown inside its transaction, so nothing is written) becomes its problem in the app's error handler.
 */
export function catalogueRoutes(deps: Pick<AppDependencies, 'catalogueCache'>) {
  const router = createRouter();
  // This process's own changes drop its copy before answering: the administrator's next look is
  // fresh at once (the announcement reaches the other processes a moment later).
  router.use('*', async (c, next) => {
    await next();
    if (c.req.method !== 'GET' && c.res.status < 400 && c.var.site.kind === 'commune') deps.catalogueCache.forget(c.var.site.tenant.id);
  });
  return router
    .openapi(listOperation, async (c) => {
      if (isCommuneAdmin(c.var)) return c.json({ themes: await c.var.inSite((tx) => listCatalogue({ tx }, { includeDrafts: true })) }, 200);
      // The public list, from this process's copy: no transaction, and a 304 to a browser that has it.
      const copy = await deps.catalogueCache.read(c.var.site.tenant.id, async () => ({
        themes: await c.var.inSite((tx) => listCatalogue({ tx }, { includeDrafts: false })),
      }));
      const headers = { ETag: copy.etag, 'Cache-Control': 'no-cache' };
      if (c.req.header('if-none-match') === copy.etag) return c.body(null, 304, headers);
      return c.body(copy.body, 200, { ...headers, 'Content-Type': 'application/json' });
    })
    // Before `/{slug}`, which would take `themes` for a procedure's name.
    .openapi(listThemesOperation, async (c) => c.json({ themes: await c.var.inSite((tx) => listThemes({ tx })) }, 200))
    .openapi(detailOperation, async (c) => {
      const includeDrafts = isCommuneAdmin(c.var);
      return c.json(await c.var.inSite((tx) => procedureDetail({ tx }, { slug: c.req.valid('param').slug, includeDrafts })), 200);
    })
    // The answers a procedure's form accepts, as JSON Schema: integrators check `values` before filing.
    .openapi(answersSchemaOperation, async (c) => {
      const { slug } = c.req.valid('param');
      const procedure = await c.var.inSite((tx) => procedureDetail({ tx }, { slug, includeDrafts: false }));
      const id = `${c.var.publicOrigin}/api/catalogue/${slug}/schema.json`;
      const schema = submissionJsonSchema(procedure.form, { id, title: `Réponses : ${procedure.title}` });
      return c.json(schema, 200, { 'Content-Type': 'application/schema+json; charset=utf-8' });
    })
    .openapi(createOperation, async (c) => {
      return c.json(await c.var.inSite((tx) => createProcedure(adminContext(c, tx), c.req.valid('json'))), 201);
    })
    .openapi(updateOperation, async (c) => {
      return c.json(await c.var.inSite((tx) => updateProcedure(adminContext(c, tx), { slug: c.req.valid('param').slug, changes: c.req.valid('json') })), 200);
    })
    .openapi(adoptOperation, async (c) => {
      return c.json(await c.var.inSite((tx) => adoptTemplate(adminContext(c, tx), c.req.valid('json'))), 201);
    })
    .openapi(answerTemplateUpdateOperation, async (c) => {
      const take = c.req.valid('json').choix === 'prendre';
      return c.json(await c.var.inSite((tx) => answerTemplateUpdate(adminContext(c, tx), { slug: c.req.valid('param').slug, take })), 200);
    })
    .openapi(createThemeOperation, async (c) => {
      return c.json(await c.var.inSite((tx) => createTheme(adminContext(c, tx), c.req.valid('json'))), 201);
    })
    .openapi(updateThemeOperation, async (c) => {
      return c.json(await c.var.inSite((tx) => updateTheme(adminContext(c, tx), { slug: c.req.valid('param').slug, changes: c.req.valid('json') })), 200);
    })
    .openapi(deleteThemeOperation, async (c) => {
      await c.var.inSite((tx) => deleteTheme(adminContext(c, tx), { slug: c.req.valid('param').slug }));
      return c.body(null, 204);
    });
}

/** The EPCI's templates a commune administrator can adopt, under /modeles. */
export function communeTemplateRoutes() {
  return createRouter()
    .openapi(communeTemplatesOperation, async (c) => {
      return c.json({ templates: await c.var.inSite((tx) => listTemplates({ tx })) }, 200);
    })
    .openapi(templateUpdatesOperation, async (c) => {
      return c.json({ updates: await c.var.inSite((tx) => listTemplateUpdates({ tx })) }, 200);
    });
}

/** The EPCI's templates on its console, under /console/modeles; its reads in the EPCI's read-only scope. */
export function consoleTemplateRoutes(deps: Pick<AppDependencies, 'db'>) {
  return createRouter()
    .openapi(consoleTemplatesOperation, async (c) => {
      return c.json({ templates: await withEpciScope(deps.db, c.var.site.epci.id, (tx) => listTemplates({ tx })) }, 200);
    })
    .openapi(consoleTemplateOperation, async (c) => {
      return c.json(await withEpciScope(deps.db, c.var.site.epci.id, (tx) => templateDetail({ tx }, c.req.valid('param'))), 200);
    })
    .openapi(publishTemplateOperation, async (c) => {
      const epciId = c.var.site.epci.id;
      const actor = { kind: 'epci_staff' as const, staffId: c.var.session.accountId };
      return c.json(await c.var.inSite((tx) => publishTemplate({ tx, epciId, actor }, c.req.valid('json'))), 201);
    })
    .openapi(updateTemplateOperation, async (c) => {
      const epciId = c.var.site.epci.id;
      const actor = { kind: 'epci_staff' as const, staffId: c.var.session.accountId };
      return c.json(await c.var.inSite((tx) => updateTemplate({ tx, epciId, actor }, { slug: c.req.valid('param').slug, changes: c.req.valid('json') })), 200);
    });
}

type CommuneAdminCaller = {
  var: { site: { tenant: { id: string; epciId: string } }; actor: AgentActor };
};

/** A commune administrator's change: the verbs' context, in the commune's transaction, by the agent of `agentActor`. */
function adminContext(c: CommuneAdminCaller, tx: Transaction): CommuneContext {
  const { tenant } = c.var.site;
  return { tx, tenant: { id: tenant.id, epciId: tenant.epciId }, actor: c.var.actor };
}

/** Drafts are shown to the commune's administrators only; the portal shows what is published. */
function isCommuneAdmin(caller: Pick<AppVariables, 'session' | 'agentRole'>): boolean {
  const session = caller.session;
  return session?.accountKind === 'agent' && session.secondFactorVerified && caller.agentRole === 'commune_admin';
}
