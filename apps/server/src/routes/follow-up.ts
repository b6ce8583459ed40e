import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import {
  answerByFollowUp,
  followedAttachments,
  followRequest,
  followUpLinksRequestSchema,
  idempotencyKeyOf,
  idempotencyKeyParameter,
  messageInputSchema,
  oncePerKey,
  REPLAYED_HEADER,
  secretSender,
  openFollowedAttachment,
  requestAttachmentSchema,
  requestDetailSchema,
  sendFollowUpLinks,
} from '@guichet/requests';
import { citizenPortal } from '../citizen-portal.ts';
import type { AppDependencies } from '../env.ts';
import { fileResponse } from '../file-response.ts';
import { requireCommune } from '../middleware/site.ts';
import { downloadResponse } from '../openapi/files.ts';
import { jsonBody, jsonResponse, problemResponses } from '../openapi/responses.ts';
import { createRouter } from '../openapi/router.ts';
import { okSchema } from '../openapi/shared-schemas.ts';

const tags = ['Suivi sans compte'];

const tokenParam = z.object({
  token: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/, 'Ce lien de suivi est incomplet : copiez-le en entier depuis l’e-mail.')
    .meta({ description: 'Le jeton du lien de suivi reçu par e-mail (43 caractères base64url).' }),
});

const followOperation = createRoute({
  method: 'get',
  path: '/{token}',
  tags,
  summary: 'Suivre une demande déposée sans compte',
  description: `Le lien privé de l’accusé d’enregistrement (\`https://<portail>/suivi/<jeton>\`) ouvre la demande déposée sans compte : son statut, son historique public et les messages de la mairie, comme \`GET /api/demandes/{id}\` pour un usager connecté (les notes internes n’y figurent jamais).

Seule l’empreinte SHA-256 du jeton est conservée. Le lien vaut tant que la mairie conserve les données personnelles de la demande : après son anonymisation (durée de conservation de la démarche), il ne mène plus à rien (404). Un jeton d’une autre commune, ou inconnu, répond 404.`,
  middleware: [requireCommune] as const,
  security: [],
  request: { params: tokenParam },
  responses: {
    200: jsonResponse(requestDetailSchema, 'La demande et son historique public.'),
    ...problemResponses('validation', 'lien-de-suivi-invalide', 'commune-requise'),
  },
});

const messageOperation = createRoute({
  method: 'post',
  path: '/{token}/messages',
  tags,
  summary: 'Répondre à la mairie par le lien de suivi',
  description:
    'Mêmes règles que le message d’un usager connecté : le message rejoint l’historique public et le service est prévenu ; si la mairie attendait une réponse, le délai reprend. Une demande close ne reçoit plus de message (409). Les pièces jointes ne sont pas encore proposées sans compte (`attachmentIds` vide).',
  middleware: [requireCommune] as const,
  security: [],
  parameters: [idempotencyKeyParameter],
  request: { params: tokenParam, body: jsonBody(messageInputSchema, { body: 'Le trou est juste devant le numéro 12.', attachmentIds: [] }) },
  responses: {
    201: jsonResponse(okSchema, 'Le message est enregistré.'),
    ...problemResponses('validation', 'lien-de-suivi-invalide', 'conflit', 'commune-requise'),
  },
});

const attachmentsOperation = createRoute({
  method: 'get',
  path: '/{token}/pieces-jointes',
  tags,
  summary: 'Lister les pièces jointes d’une demande suivie par son lien',
  description: 'Les fichiers joints à la demande, par l’usager ou par la mairie, dans l’ordre de leur dépôt, comme `GET /api/demandes/{id}/pieces-jointes` pour un usager connecté.',
  middleware: [requireCommune] as const,
  security: [],
  request: { params: tokenParam },
  responses: {
    200: jsonResponse(z.object({ attachments: z.array(requestAttachmentSchema) }), 'Les pièces jointes de la demande.'),
    ...problemResponses('validation', 'lien-de-suivi-invalide', 'commune-requise'),
  },
});

const downloadOperation = createRoute({
  method: 'get',
  path: '/{token}/pieces-jointes/{attachmentId}',
  tags,
  summary: 'Télécharger une pièce jointe d’une demande suivie par son lien',
  middleware: [requireCommune] as const,
  security: [],
  request: { params: tokenParam.extend({ attachmentId: z.uuid().meta({ description: 'L’identifiant de la pièce jointe.' }) }) },
  responses: {
    200: downloadResponse('La pièce jointe, en téléchargement.'),
    ...problemResponses('validation', 'lien-de-suivi-invalide', 'demande-introuvable', 'commune-requise'),
  },
});

const linksOperation = createRoute({
  method: 'post',
  path: '/lien',
  tags,
  summary: 'Recevoir à nouveau ses liens de suivi',
  description: `Envoie à l’adresse donnée un nouveau lien de suivi pour chaque demande déposée sans compte avec elle dans cette commune, tant que la mairie en conserve les données personnelles. Les liens déjà reçus restent valables.

La réponse est la même, qu’il y ait des demandes pour cette adresse ou non : elle ne révèle rien. Limité à 3 envois par heure et par adresse, 20 par heure et par adresse IP (429 avec \`Retry-After\`).`,
  middleware: [requireCommune] as const,
  security: [],
  request: { body: jsonBody(followUpLinksRequestSchema, { email: 'camille.martin@example.fr' }) },
  responses: {
    202: jsonResponse(z.object({ status: z.literal('sent_if_requests_exist') }), 'Les liens partent si l’adresse a des demandes déposées sans compte.'),
    ...problemResponses('validation', 'trop-de-tentatives', 'commune-requise'),
  },
});

/** Following a request filed without an account, through the private link its acknowledgement carried. */
export function followUpRoutes(deps: AppDependencies) {
  return createRouter()
    .openapi(linksOperation, async (c) => {
      const portal = citizenPortal(c, deps);
      await sendFollowUpLinks(
        { db: deps.db, jobs: deps.jobs, tenantId: portal.tenantId, origin: portal.origin, brand: portal.brand, ip: c.var.clientIp },
        c.req.valid('json'),
      );
      return c.json({ status: 'sent_if_requests_exist' as const }, 202);
    })
    .openapi(followOperation, async (c) => {
      const detail = await c.var.inSite((tx) => followRequest({ tx }, { token: c.req.valid('param').token }));
      return c.json(detail, 200);
    })
    .openapi(messageOperation, async (c) => {
      const tenantId = c.var.site.tenant.id;
      const input = { token: c.req.valid('param').token, ...c.req.valid('json') };
      // The link is the sender; a key claimed with a link that opens nothing goes with the refusal.
      const claim = { tenantId, sender: secretSender('follow-up', input.token), operation: 'message' as const, key: idempotencyKeyOf(c.req.header('idempotency-key')), sent: c.req.valid('json') };
      const { replayed } = await c.var.inSite((tx) => oncePerKey(tx, claim, () => answerByFollowUp({ tx, jobs: deps.jobs, tenantId }, input)));
      if (replayed) c.header(REPLAYED_HEADER, 'true');
      return c.json({ ok: true as const }, 201);
    })
    .openapi(attachmentsOperation, async (c) => {
      const files = await c.var.inSite((tx) => followedAttachments({ tx }, c.req.valid('param')));
      return c.json({ attachments: files }, 200);
    })
    .openapi(downloadOperation, async (c) => {
      const file = await c.var.inSite((tx) => openFollowedAttachment({ tx, storage: deps.storage }, c.req.valid('param')));
      return fileResponse(c, file);
    });
}
