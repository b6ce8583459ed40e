import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { withEpciScope } from '@guichet/db';
import { communeAgentsSchema, listCommuneAgents } from '@guichet/identity';
import type { AppDependencies } from '../env.ts';
import { consoleTemplateRoutes } from './catalogue.ts';
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

/**
 * The EPCI console: reads across its member communes (through the read-only EPCI scope), and
 * its procedure templates under /modeles.
 */
export function epciConsoleRoutes(deps: AppDependencies) {
  return createRouter()
    .openapi(communeAgentsOperation, async (c) => {
      const epciId = c.var.session.epciId;
      const communes = await withEpciScope(deps.db, epciId, (tx) => listCommuneAgents({ tx, epciId }));
      return c.json({ communes }, 200);
    })
    .route('/modeles', consoleTemplateRoutes());
}
