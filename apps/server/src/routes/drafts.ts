import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import { enforceAttempts, rateKey, type RateRule } from '@guichet/db';
import { deleteDraft, draftInputSchema, draftSchema, listDrafts, savedDraftSchema, saveDraft, type DraftAuthor } from '@guichet/requests';
import type { AppDependencies, AppEnv } from '../env.ts';
import { requireCommune } from '../middleware/site.ts';
import { asAnyoneOrCitizen } from '../openapi/access.ts';
import { jsonBody, jsonResponse, problemResponses } from '../openapi/responses.ts';
import { createRouter } from '../openapi/router.ts';
import { okSchema } from '../openapi/shared-schemas.ts';
import { issueUploadToken, readUploadToken } from '../upload-token.ts';

const procedureParam = z.object({
  procedure: z.string().min(1).max(100).meta({ description: 'L’identifiant de la démarche.', example: 'signalement-voirie' }),
});
const tags = ['Brouillons (usager)'];
const signedOutNote = `Sans compte, les brouillons sont ceux de ce navigateur, reconnu par le cookie \`guichet_depot\` (celui des fichiers déposés sans compte) : ils vivent un jour, et se connecter sur ce navigateur les donne au compte, fichiers compris.`;
/** New signed-out browsers starting drafts, per address: far above any honest use, a bound on filling the database. */
const NEW_BROWSER_DRAFTS: RateRule = { attempts: 30, windowSeconds: 3600, blockSeconds: 3600 };

const listOperation = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Lister mes brouillons',
  description: `Les brouillons de l’usager qui n’ont pas expiré, les plus récemment enregistrés d’abord.\n\n${signedOutNote}`,
  middleware: [requireCommune] as const,
  security: asAnyoneOrCitizen,
  responses: {
    200: jsonResponse(z.object({ drafts: z.array(draftSchema) }), 'Les brouillons de l’usager.'),
    ...problemResponses('commune-requise'),
  },
});

const saveOperation = createRoute({
  method: 'put',
  path: '/{procedure}',
  tags,
  summary: 'Enregistrer le brouillon d’une démarche',
  description: `Enregistre les réponses saisies jusqu’ici sur une démarche publiée, en remplaçant le brouillon précédent de cette démarche. Les réponses ne sont pas vérifiées (le formulaire peut être à moitié rempli), mais leur taille est bornée.

Le brouillon vit 30 jours après son dernier enregistrement, et disparaît quand la demande est déposée (\`POST /api/demandes\`). Les fichiers qu’il nomme sont gardés tant qu’il vit.

${signedOutNote} Sans compte, seule une démarche ouverte aux demandes anonymes a un brouillon ; la réponse pose le cookie s’il manque (au plus 30 nouveaux navigateurs par heure depuis une même adresse).`,
  middleware: [requireCommune] as const,
  security: asAnyoneOrCitizen,
  request: {
    params: procedureParam,
    body: jsonBody(draftInputSchema, { values: { objet: 'Nid-de-poule', description: 'Un trou profond devant le 12 rue Jean Jaurès.' } }),
  },
  responses: {
    200: jsonResponse(savedDraftSchema, 'Le brouillon est enregistré.'),
    ...problemResponses('validation', 'action-interdite', 'demande-introuvable', 'conflit', 'trop-de-tentatives', 'commune-requise'),
  },
});

const deleteOperation = createRoute({
  method: 'delete',
  path: '/{procedure}',
  tags,
  summary: 'Supprimer le brouillon d’une démarche',
  middleware: [requireCommune] as const,
  security: asAnyoneOrCitizen,
  request: { params: procedureParam },
  responses: {
    200: jsonResponse(okSchema, 'Le brouillon est supprimé (ou il n’y en avait pas).'),
    ...problemResponses('validation', 'demande-introuvable', 'commune-requise'),
  },
});

/** The drafts of a signed-in citizen, or of a signed-out browser: saved, resumed, discarded. */
export function draftRoutes(deps: AppDependencies) {
  return createRouter()
    .openapi(listOperation, async (c) => {
      const author = currentAuthor(c);
      const drafts = author ? await c.var.inSite((tx) => listDrafts({ tx, author })) : [];
      return c.json({ drafts }, 200);
    })
    .openapi(saveOperation, async (c) => {
      const author = citizenAuthor(c) ?? (await browserAuthor(c, deps));
      const saved = await c.var.inSite((tx) =>
        saveDraft({ tx, tenantId: c.var.site.tenant.id, author }, { procedure: c.req.valid('param').procedure, values: c.req.valid('json').values }),
      );
      return c.json({ expiresAt: saved.expiresAt.toISOString() }, 200);
    })
    .openapi(deleteOperation, async (c) => {
      const author = currentAuthor(c);
      if (author) await c.var.inSite((tx) => deleteDraft({ tx, author }, { procedure: c.req.valid('param').procedure }));
      return c.json({ ok: true as const }, 200);
    });
}

/** The signed-in citizen, else the browser by its upload token, else nobody yet. */
function currentAuthor<E extends AppEnv>(c: Context<E>): DraftAuthor | null {
  const uploadToken = readUploadToken(c);
  return citizenAuthor(c) ?? (uploadToken ? { kind: 'anonymous', uploadToken } : null);
}

function citizenAuthor<E extends AppEnv>(c: Context<E>): DraftAuthor | null {
  const session = c.var.session;
  return session?.accountKind === 'citizen' ? { kind: 'citizen', accountId: session.accountId } : null;
}

/** A signed-out browser saving: its token's cookie lives as long as its draft; a new browser is counted. */
async function browserAuthor<E extends AppEnv>(c: Context<E>, deps: AppDependencies): Promise<DraftAuthor> {
  if (!readUploadToken(c)) await enforceAttempts(deps.db, [{ key: rateKey('brouillon-anonyme', c.var.clientIp), rule: NEW_BROWSER_DRAFTS }]);
  return { kind: 'anonymous', uploadToken: issueUploadToken(c) };
}
