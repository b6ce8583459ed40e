import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { deleteDraft, draftInputSchema, draftSchema, listDrafts, savedDraftSchema, saveDraft } from '@guichet/requests';
import { requireCitizen } from '../middleware/require-account.ts';
import { requireCommune } from '../middleware/site.ts';
import { asCitizen } from '../openapi/access.ts';
import { jsonBody, jsonResponse, problemResponses } from '../openapi/responses.ts';
import { createRouter } from '../openapi/router.ts';
import { okSchema } from '../openapi/shared-schemas.ts';

const procedureParam = z.object({
  procedure: z.string().min(1).max(100).meta({ description: 'L’identifiant de la démarche.', example: 'signalement-voirie' }),
});
const tags = ['Brouillons (usager)'];

const listOperation = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Lister mes brouillons',
  description: 'Les brouillons de l’usager qui n’ont pas expiré, les plus récemment enregistrés d’abord.',
  middleware: [requireCommune, requireCitizen] as const,
  security: asCitizen,
  responses: {
    200: jsonResponse(z.object({ drafts: z.array(draftSchema) }), 'Les brouillons de l’usager.'),
    ...problemResponses('connexion-requise', 'commune-requise'),
  },
});

const saveOperation = createRoute({
  method: 'put',
  path: '/{procedure}',
  tags,
  summary: 'Enregistrer le brouillon d’une démarche',
  description: `Enregistre les réponses saisies jusqu’ici sur une démarche publiée, en remplaçant le brouillon précédent de cette démarche. Les réponses ne sont pas vérifiées (le formulaire peut être à moitié rempli), mais leur taille est bornée.

Le brouillon vit 30 jours après son dernier enregistrement, et disparaît quand la demande est déposée (\`POST /api/demandes\`).`,
  middleware: [requireCommune, requireCitizen] as const,
  security: asCitizen,
  request: {
    params: procedureParam,
    body: jsonBody(draftInputSchema, { values: { objet: 'Nid-de-poule', description: 'Un trou profond devant le 12 rue Jean Jaurès.' } }),
  },
  responses: {
    200: jsonResponse(savedDraftSchema, 'Le brouillon est enregistré.'),
    ...problemResponses('validation', 'connexion-requise', 'demande-introuvable', 'conflit', 'commune-requise'),
  },
});

const deleteOperation = createRoute({
  method: 'delete',
  path: '/{procedure}',
  tags,
  summary: 'Supprimer le brouillon d’une démarche',
  middleware: [requireCommune, requireCitizen] as const,
  security: asCitizen,
  request: { params: procedureParam },
  responses: {
    200: jsonResponse(okSchema, 'Le brouillon est supprimé (ou il n’y en avait pas).'),
    ...problemResponses('validation', 'connexion-requise', 'demande-introuvable', 'commune-requise'),
  },
});

/** A signed-in citizen's drafts, one per procedure: saved, resumed, discarded. */
export function draftRoutes() {
  return createRouter()
    .openapi(listOperation, async (c) => {
      const actor = { kind: 'citizen' as const, accountId: c.var.session.accountId };
      const drafts = await c.var.inSite((tx) => listDrafts({ tx, actor }));
      return c.json({ drafts }, 200);
    })
    .openapi(saveOperation, async (c) => {
      const actor = { kind: 'citizen' as const, accountId: c.var.session.accountId };
      const saved = await c.var.inSite((tx) =>
        saveDraft({ tx, tenantId: c.var.site.tenant.id, actor }, { procedure: c.req.valid('param').procedure, values: c.req.valid('json').values }),
      );
      return c.json({ expiresAt: saved.expiresAt.toISOString() }, 200);
    })
    .openapi(deleteOperation, async (c) => {
      const actor = { kind: 'citizen' as const, accountId: c.var.session.accountId };
      await c.var.inSite((tx) => deleteDraft({ tx, actor }, { procedure: c.req.valid('param').procedure }));
      return c.json({ ok: true as const }, 200);
    });
}
