import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { withEpciScope } from '@guichet/db';
import { auditLogPageSchema, auditLogQuerySchema, communeAgentsSchema, listCommuneAgents, readEpciAuditLog } from '@guichet/identity';
import { SEND_MAIL } from '@guichet/mail';
import { NOTIFY_CITIZEN, NOTIFY_FILED, NOTIFY_SERVICE } from '@guichet/requests';
import { communeComparisonSchema, communeHealth, communeHealthSchema, communeIndicators, communeIndicatorsSchema, compareCommunes, consoleIndicatorsQuerySchema, epciAccounts, epciAccountsSchema, memberCommunes } from '@guichet/statistics';
import type { AppDependencies } from '../env.ts';
import { validationProblem } from '../problems/problem.ts';
import { consoleTemplateRoutes } from './catalogue.ts';
import { epciQualityPublicationRoutes } from './quality-report.ts';
import { requireEpciStaff } from '../middleware/require-account.ts';
import { asEpciStaff } from '../openapi/access.ts';
import { jsonResponse, problemResponses } from '../openapi/responses.ts';
import { createRouter } from '../openapi/router.ts';

const communeAgentsOperation = createRoute({
  method: 'get',
  path: '/communes/agents',
  tags: ['Console : communes'],
  summary: 'Lister les agents des communes membres',
  description:
    'Les agents de chaque commune de l’intercommunalité, communes et agents par ordre alphabétique, avec leur rôle, leur statut et leurs services. Lecture seule : la console ne modifie pas les comptes des communes.',
  middleware: [requireEpciStaff] as const,
  security: asEpciStaff,
  responses: {
    200: jsonResponse(z.object({ communes: z.array(communeAgentsSchema) }), 'Les communes membres et leurs agents.'),
    ...problemResponses('connexion-requise', 'second-facteur-requis'),
  },
});

const statisticsOperation = createRoute({
  method: 'get',
  path: '/statistiques',
  tags: ['Console : statistiques'],
  summary: 'Les indicateurs consolidés de l’intercommunalité, et ses communes comparées',
  description:
    'Les indicateurs des communes membres choisies (`communes=libercourt,carvin` ; toutes sans ce filtre) ensemble, comptés comme ceux d’une commune, puis chacune d’elles : demandes déposées, closes, part dans le délai annoncé, délai médian de traitement, satisfaction. `members` liste toutes les communes membres. `accounts` compte les comptes usagers de l’intercommunalité (un compte sert dans toutes ses communes) et ceux reliés à FranceConnect. Lus dans le périmètre de l’intercommunalité (lecture seule) : aucune autre commune n’y figure.',
  middleware: [requireEpciStaff] as const,
  security: asEpciStaff,
  request: { query: consoleIndicatorsQuerySchema },
  responses: {
    200: jsonResponse(
      z.object({
        consolidated: communeIndicatorsSchema,
        communes: communeComparisonSchema,
        members: z.array(z.object({ slug: z.string(), name: z.string() })),
        accounts: epciAccountsSchema,
      }),
      'Les indicateurs.',
    ),
    ...problemResponses('validation', 'connexion-requise', 'second-facteur-requis'),
  },
});

const healthOperation = createRoute({
  method: 'get',
  path: '/sante',
  tags: ['Console : communes'],
  summary: 'La santé de la plateforme pour chaque commune membre',
  description:
    'Pour chaque commune membre : ses demandes ouvertes, celles dont l’échéance est passée, l’âge de la plus ancienne, et ses travaux (courriels, avis) en attente, en cours ou abandonnés. Des nombres seulement : le contenu d’un travail (adresses, liens à usage unique) ne quitte jamais la base.',
  middleware: [requireEpciStaff] as const,
  security: asEpciStaff,
  responses: {
    200: jsonResponse(z.object({ communes: z.array(communeHealthSchema) }), 'La santé de chaque commune membre.'),
    ...problemResponses('connexion-requise', 'second-facteur-requis'),
  },
});

const journalOperation = createRoute({
  method: 'get',
  path: '/journal',
  tags: ['Console : communes'],
  summary: 'Lire le journal d’audit de l’intercommunalité',
  description:
    'Ce que journalisent l’intercommunalité et chacune de ses communes (connexions, échecs, invitations, rôles, communes créées, rapports publiés…), ou une seule commune (`commune=libercourt`), du plus récent au plus ancien, par pages (`limite`, puis `avant` = `nextCursor`). Aucune ligne d’une autre intercommunalité.',
  middleware: [requireEpciStaff] as const,
  security: asEpciStaff,
  request: { query: auditLogQuerySchema.extend({ commune: z.string().optional().meta({ description: 'L’identifiant d’une commune membre.', example: 'libercourt' }) }) },
  responses: {
    200: jsonResponse(auditLogPageSchema, 'Une page du journal.'),
    ...problemResponses('validation', 'connexion-requise', 'second-facteur-requis'),
  },
});

/** Queues in the words an EPCI reads; another queue keeps its name. */
const queueLabels: Record<string, string> = {
  [SEND_MAIL]: 'Courriels',
  [NOTIFY_CITIZEN]: 'Avis aux usagers',
  [NOTIFY_SERVICE]: 'Avis aux services',
  [NOTIFY_FILED]: 'Avis de dépôt',
};

/**
 * The EPCI console: reads across its member communes (through the read-only EPCI scope), its
 * procedure templates under /modeles, its consolidated quality report under /qualite.
 */
export function epciConsoleRoutes(deps: AppDependencies) {
  return createRouter()
    .openapi(communeAgentsOperation, async (c) => {
      const epciId = c.var.session.epciId;
      const communes = await withEpciScope(deps.db, epciId, (tx) => listCommuneAgents({ tx, epciId }));
      return c.json({ communes }, 200);
    })
    .openapi(statisticsOperation, async (c) => {
      const epciId = c.var.session.epciId;
      const { communes: asked, ...query } = c.req.valid('query');
      const wanted = asked?.split(',');
      const answer = await withEpciScope(deps.db, epciId, async (tx) => {
        const members = await memberCommunes(tx, epciId);
        const unknown = wanted?.filter((slug) => !members.some((member) => member.slug === slug)) ?? [];
        if (unknown.length > 0) return { unknown } as const;
        const chosen = wanted ? members.filter((member) => wanted.includes(member.slug)) : members;
        const [consolidated, communes, accounts] = await Promise.all([
          communeIndicators(tx, { ...query, serviceIds: null, tenantIds: chosen.map((commune) => commune.id) }),
          compareCommunes(tx, { ...query, communes: chosen }),
          epciAccounts(tx, epciId),
        ]);
        return { consolidated, communes, members: members.map(({ slug, name }) => ({ slug, name })), accounts };
      });
      if ('unknown' in answer && answer.unknown) {
        return validationProblem(c, [{ field: 'communes', code: 'unknown_commune', message: `Commune inconnue de l’intercommunalité : ${answer.unknown.join(', ')}.` }]);
      }
      return c.json(answer, 200);
    })
    .openapi(healthOperation, async (c) => {
      const epciId = c.var.session.epciId;
      const communes = await withEpciScope(deps.db, epciId, async (tx) => communeHealth(tx, await memberCommunes(tx, epciId), (queue) => queueLabels[queue] ?? queue));
      return c.json({ communes }, 200);
    })
    .openapi(journalOperation, async (c) => {
      const epciId = c.var.session.epciId;
      const { avant, limite, commune: slug } = c.req.valid('query');
      const page = await withEpciScope(deps.db, epciId, async (tx) => {
        const commune = slug === undefined ? undefined : (await memberCommunes(tx, epciId)).find((member) => member.slug === slug);
        if (slug !== undefined && !commune) return undefined;
        return readEpciAuditLog(tx, { epciId, communeId: commune?.id, before: avant, limit: limite });
      });
      if (!page) return validationProblem(c, [{ field: 'commune', code: 'unknown_commune', message: `Commune inconnue de l’intercommunalité : ${slug}.` }]);
      return c.json({ entries: page.entries.map((entry) => ({ ...entry, at: entry.at.toISOString() })), nextCursor: page.nextCursor }, 200);
    })
    .route('/modeles', consoleTemplateRoutes(deps))
    .route('/qualite', epciQualityPublicationRoutes(deps));
}
