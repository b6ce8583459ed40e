import { createRoute } from '@hono/zod-openapi';
import { communeIndicators, communeIndicatorsSchema, indicatorsQuerySchema } from '@guichet/statistics';
import type { AgentRole } from '@guichet/db';
import { agentActor } from '../middleware/agent-actor.ts';
import { requireAgent } from '../middleware/require-account.ts';
import { requireCommune } from '../middleware/site.ts';
import { asAgent } from '../openapi/access.ts';
import { jsonResponse, problemResponses } from '../openapi/responses.ts';
import { createRouter } from '../openapi/router.ts';

/** Who reads a commune's figures: its administrators and elected officials all of them, a service manager their services'. */
const readers: AgentRole[] = ['commune_admin', 'elected_official', 'service_manager'];

/** The commune's statistics, for the back office's dashboard. */
export function statisticsRoutes() {
  const indicatorsOperation = createRoute({
    method: 'get',
    path: '/statistiques',
    tags: ['Agents : statistiques'],
    summary: 'Les indicateurs de la commune pour une période',
    description:
      'Volumes (par date de dépôt), délais et clôtures (par date de clôture définitive), satisfaction, demandes en cours. Les délais excluent le temps où la demande attendait l’usager ; une demande rouverte compte jusqu’à sa clôture définitive, un doublon fusionné compte comme fusionné. Calculés à partir des faits de chaque demande, à jour à la minute près. Un responsable de service ne voit que ses services.',
    middleware: [requireCommune, requireAgent(...readers), agentActor] as const,
    security: asAgent(...readers),
    request: { query: indicatorsQuerySchema },
    responses: {
      200: jsonResponse(communeIndicatorsSchema, 'Les indicateurs.'),
      ...problemResponses('validation', 'connexion-requise', 'second-facteur-requis', 'commune-requise', 'droits-insuffisants'),
    },
  });

  return createRouter().openapi(indicatorsOperation, async (c) => {
    const actor = c.var.actor;
    const serviceIds = actor.role === 'service_manager' ? actor.serviceIds : null;
    const indicators = await c.var.inSite((tx) => communeIndicators(tx, { ...c.req.valid('query'), serviceIds }));
    return c.json(indicators, 200);
  });
}
