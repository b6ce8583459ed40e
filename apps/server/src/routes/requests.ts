import { createRoute } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import {
  citizenRequestSummarySchema,
  filingInputSchema,
  idempotencyKeyOf,
  idempotencyKeyParameter,
  listCitizenRequests,
  messageInputSchema,
  oncePerKey,
  postMessage,
  rateRequest,
  ratingInputSchema,
  REPLAYED_HEADER,
  reopeningInputSchema,
  reopenRequest,
  requestDetail,
  requestDetailSchema,
  secretSender,
  transitionResultSchema,
  withdrawalInputSchema,
  withdrawRequest,
  type Actor,
} from '@guichet/requests';
import type { AppDependencies } from '../env.ts';
import { requestAttachmentRoutes } from './attachments.ts';
import { requireCitizen } from '../middleware/require-account.ts';
import { requireCommune } from '../middleware/site.ts';
import { asAnyoneOrCitizen, asCitizen } from '../openapi/access.ts';
import { jsonBody, jsonResponse, problemResponses } from '../openapi/responses.ts';
import { createRouter } from '../openapi/router.ts';
import { filedSchema, okSchema, requestIdParam } from '../openapi/shared-schemas.ts';
import { liveSignal } from '../live-signal.ts';
import { readUploadToken } from '../upload-token.ts';

const portalFilingSchema = filingInputSchema.omit({ channel: true, contactId: true });
const tags = ['Demandes (usager)'];

const fileOperation = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Déposer une demande',
  description: `Dépose une demande sur une démarche publiée de la commune, connecté ou, si la démarche l’accepte (\`anonymousAllowed\`), sans compte avec une adresse e-mail dans \`contact.email\`.

Les réponses au formulaire vont dans \`values\`, une clé par champ. Leur forme dépend de la démarche : son schéma JSON est publié à \`GET /api/catalogue/{slug}/schema.json\` (par exemple \`/api/catalogue/lettre-information/schema.json\` à Libercourt). Une adresse s’écrit \`{ "label": "…", "lat": 50.49, "lon": 2.99 }\` ; un fichier déposé auparavant (\`POST /api/pieces-jointes\`) se désigne par son identifiant.`,
  middleware: [requireCommune] as const,
  security: asAnyoneOrCitizen,
  parameters: [idempotencyKeyParameter],
  request: {
    body: jsonBody(portalFilingSchema, {
      procedure: 'lettre-information',
      values: { courriel: 'camille.martin@example.fr', interets: ['travaux', 'culture'], accord: true },
      contact: { email: 'camille.martin@example.fr' },
    }),
  },
  responses: {
    201: jsonResponse(filedSchema, 'La demande est enregistrée ; un accusé de réception part par e-mail.'),
    ...problemResponses('validation', 'demande-introuvable', 'connexion-requise', 'commune-requise'),
  },
});

const listOperation = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Lister mes demandes',
  description: `Les demandes de l’usager dans cette commune, chacune avec ses nouvelles non lues (\`unreadMessages\` : messages et changements de statut publics de la mairie depuis que l’usager a ouvert la demande ou y a agi pour la dernière fois ; les notes internes ne comptent jamais) et sa dernière activité publique (\`lastActivityAt\`).

Ordre : d’abord les demandes qui ont des nouvelles non lues, puis de la plus récemment active à la moins récente.`,
  middleware: [requireCommune, requireCitizen] as const,
  security: asCitizen,
  responses: {
    200: jsonResponse(
      z.object({ requests: z.array(citizenRequestSummarySchema) }),
      'Les demandes de l’usager dans cette commune, celles qui ont des nouvelles non lues d’abord, puis par dernière activité.',
    ),
    ...problemResponses('connexion-requise', 'commune-requise'),
  },
});

const detailOperation = createRoute({
  method: 'get',
  path: '/{id}',
  tags,
  summary: 'Suivre une de mes demandes',
  description: `La demande et son historique public. Pour être prévenu de chaque changement, ouvrez le flux \`GET /api/demandes/{id}/flux\` (text/event-stream, voir le README).

La lire marque comme lues ses nouvelles : elles ne comptent plus dans \`unreadMessages\` de \`GET /api/demandes\`. \`withdrawable\` et \`reopenableUntil\` disent si l’usager peut encore la retirer, et jusqu’à quand la rouvrir.`,
  middleware: [requireCommune, requireCitizen] as const,
  security: asCitizen,
  request: { params: requestIdParam },
  responses: {
    200: jsonResponse(requestDetailSchema, 'La demande et son historique public.'),
    ...problemResponses('validation', 'connexion-requise', 'demande-introuvable', 'commune-requise'),
  },
});

const messageOperation = createRoute({
  method: 'post',
  path: '/{id}/messages',
  tags,
  summary: 'Écrire à la mairie sur une demande',
  description: 'Le message rejoint l’historique ; si la mairie attendait une réponse de l’usager, le délai reprend.',
  middleware: [requireCommune, requireCitizen] as const,
  security: asCitizen,
  parameters: [idempotencyKeyParameter],
  request: { params: requestIdParam, body: jsonBody(messageInputSchema, { body: 'Voici la photo demandée.', attachmentIds: [] }) },
  responses: {
    201: jsonResponse(okSchema, 'Le message est enregistré.'),
    ...problemResponses('validation', 'connexion-requise', 'demande-introuvable', 'conflit', 'commune-requise'),
  },
});

const reopeningOperation = createRoute({
  method: 'post',
  path: '/{id}/reouverture',
  tags,
  summary: 'Rouvrir une demande dont le problème n’est pas résolu',
  description: `« Mon problème n’est pas résolu » : dans les 15 jours qui suivent la clôture d’une demande **traitée** ou **acceptée**, l’usager la rouvre avec un commentaire obligatoire (\`comment\`).

- La demande revient au même service, au statut \`in_progress\` (en cours de traitement) ;
- son délai repart en entier : la nouvelle date de réponse (\`dueAt\`) compte le délai annoncé de la démarche en jours ouvrés à partir de la réouverture, avec le calendrier de la commune ;
- l’historique public gagne un évènement \`reopened\` portant le commentaire, que le service voit (le nombre de réouvertures se compte dans l’historique) ;
- les agents du service sont prévenus par e-mail, comme pour un message de l’usager ;
- après la prochaine clôture, l’usager peut donner son avis à nouveau : le dernier avis compte.

Refusée (409) après 15 jours, ou pour une demande refusée ou classée sans suite (une décision se conteste auprès de la mairie), ou qui n’est pas close ; rien n’est alors modifié.`,
  middleware: [requireCommune, requireCitizen] as const,
  security: asCitizen,
  request: { params: requestIdParam, body: jsonBody(reopeningInputSchema, { comment: 'Le trou a été rebouché mais il est déjà revenu.' }) },
  responses: {
    200: jsonResponse(transitionResultSchema, 'La demande est rouverte : son statut et sa nouvelle date de réponse.'),
    ...problemResponses('validation', 'connexion-requise', 'demande-introuvable', 'transition-refusee', 'conflit', 'commune-requise'),
  },
});

const withdrawalOperation = createRoute({
  method: 'post',
  path: '/{id}/retrait',
  tags,
  summary: 'Retirer une demande',
  description: `L’usager retire une demande que le service n’a pas encore commencé à traiter (statut \`submitted\` ou \`acknowledged\`), en disant pourquoi (\`reason\`, obligatoire, 1 000 caractères au plus).

La demande passe au statut \`closed_without_action\` (classée sans suite) ; le motif est inscrit à l’historique public et le service en est prévenu. Une demande déjà en cours de traitement, en attente ou close ne peut plus être retirée (409) ; rien n’est alors modifié.`,
  middleware: [requireCommune, requireCitizen] as const,
  security: asCitizen,
  request: { params: requestIdParam, body: jsonBody(withdrawalInputSchema, { reason: 'Le problème a été réglé entre voisins.' }) },
  responses: {
    200: jsonResponse(transitionResultSchema, 'La demande est retirée : classée sans suite.'),
    ...problemResponses('validation', 'connexion-requise', 'demande-introuvable', 'transition-refusee', 'commune-requise'),
  },
});

const ratingOperation = createRoute({
  method: 'post',
  path: '/{id}/avis',
  tags,
  summary: 'Donner son avis sur une demande terminée',
  description: 'Une note de 1 à 5 et un commentaire facultatif, une fois par clôture : une demande rouverte puis close à nouveau peut être notée encore, et la demande garde le dernier avis (l’historique les garde tous).',
  middleware: [requireCommune, requireCitizen] as const,
  security: asCitizen,
  request: { params: requestIdParam, body: jsonBody(ratingInputSchema, { rating: 5, comment: 'Réponse rapide, merci.' }) },
  responses: {
    200: jsonResponse(okSchema, 'L’avis est enregistré.'),
    ...problemResponses('validation', 'connexion-requise', 'demande-introuvable', 'conflit', 'commune-requise'),
  },
});

// An event stream: validated like every route, left out of the OpenAPI document (README › API).
const streamOperation = createRoute({
  method: 'get',
  path: '/{id}/flux',
  hide: true,
  middleware: [requireCommune, requireCitizen] as const,
  request: { params: requestIdParam },
  responses: { 200: { description: 'Un flux text/event-stream : un évènement `demande` à chaque changement public.' } },
});

/**
 * The citizen's side: file through the portal (signed in, or anonymously where the procedure
 * allows it), follow, answer, withdraw, reopen, rate. Domain failures become problems in the
 * app's error handler.
 */
export function requestRoutes(deps: AppDependencies) {
  return createRouter()
    .openapi(fileOperation, async (c) => {
      const tenant = c.var.site.tenant;
      const session = c.var.session;
      const actor: Actor = session?.accountKind === 'citizen' ? { kind: 'citizen', accountId: session.accountId } : { kind: 'system' };
      const uploadToken = readUploadToken(c);
      const input = { ...c.req.valid('json'), channel: 'portal' as const };
      // An anonymous filer is known by their browser's upload cookie, else by the key alone.
      const sender = actor.kind === 'citizen' ? `citizen:${actor.accountId}` : uploadToken ? secretSender('upload', uploadToken) : 'anonymous';
      const key = idempotencyKeyOf(c.req.header('idempotency-key'));
      const claim = key === undefined ? undefined : { tenantId: tenant.id, sender, operation: 'filing' as const, key, sent: input };
      const { filed: answer, replayed } = await deps.filings.file(tenant, { actor, uploadToken, input, ...(claim ? { claim } : {}) });
      if (replayed) c.header(REPLAYED_HEADER, 'true');
      return c.json(answer, 201);
    })
    .openapi(listOperation, async (c) => {
      const actor = { kind: 'citizen' as const, accountId: c.var.session.accountId };
      const list = await c.var.inSite((tx) => listCitizenRequests({ tx, actor }));
      return c.json({ requests: list }, 200);
    })
    .openapi(detailOperation, async (c) => {
      const actor: Actor = { kind: 'citizen', accountId: c.var.session.accountId };
      const detail = await c.var.inSite((tx) => requestDetail({ tx, actor }, { requestId: c.req.valid('param').id }));
      return c.json(detail, 200);
    })
    .openapi(messageOperation, async (c) => {
      const tenantId = c.var.site.tenant.id;
      const actor: Actor = { kind: 'citizen', accountId: c.var.session.accountId };
      const input = { requestId: c.req.valid('param').id, ...c.req.valid('json') };
      const claim = { tenantId, sender: `citizen:${actor.accountId}`, operation: 'message' as const, key: idempotencyKeyOf(c.req.header('idempotency-key')), sent: input };
      const { replayed } = await c.var.inSite((tx) => oncePerKey(tx, claim, () => postMessage({ tx, jobs: deps.jobs, tenantId, actor }, input)));
      if (replayed) c.header(REPLAYED_HEADER, 'true');
      return c.json({ ok: true as const }, 201);
    })
    .openapi(reopeningOperation, async (c) => {
      const tenantId = c.var.site.tenant.id;
      const actor = { kind: 'citizen' as const, accountId: c.var.session.accountId };
      const result = await c.var.inSite((tx) =>
        reopenRequest({ tx, jobs: deps.jobs, tenantId, actor }, { requestId: c.req.valid('param').id, ...c.req.valid('json') }),
      );
      return c.json({ status: result.status, dueAt: result.dueAt.toISOString() }, 200);
    })
    .openapi(withdrawalOperation, async (c) => {
      const tenantId = c.var.site.tenant.id;
      const actor = { kind: 'citizen' as const, accountId: c.var.session.accountId };
      const result = await c.var.inSite((tx) =>
        withdrawRequest({ tx, jobs: deps.jobs, tenantId, actor }, { requestId: c.req.valid('param').id, ...c.req.valid('json') }),
      );
      return c.json({ status: result.status, dueAt: result.dueAt.toISOString() }, 200);
    })
    .openapi(ratingOperation, async (c) => {
      const tenantId = c.var.site.tenant.id;
      const actor: Actor = { kind: 'citizen', accountId: c.var.session.accountId };
      await c.var.inSite((tx) =>
        rateRequest({ tx, jobs: deps.jobs, tenantId, actor }, { requestId: c.req.valid('param').id, ...c.req.valid('json') }),
      );
      return c.json({ ok: true as const }, 200);
    })
    .route('/', requestAttachmentRoutes(deps))
    .openapi(streamOperation, async (c) => {
      const tenantId = c.var.site.tenant.id;
      const requestId = c.req.valid('param').id;
      const actor: Actor = { kind: 'citizen', accountId: c.var.session.accountId };
      const read = () => c.var.inSite((tx) => requestDetail({ tx, actor }, { requestId }));
      const first = await read();
      return streamSSE(c, async (stream) => {
        const signal = liveSignal();
        let ended = false;
        const unsubscribe = await deps.requestFeed.subscribe(
          requestId,
          (announcement) => {
            if (announcement === 'resync' || (announcement.public && announcement.tenantId === tenantId)) signal.ring();
          },
          () => {
            ended = true;
            signal.ring();
          },
        );
        stream.onAbort(() => {
          unsubscribe();
          ended = true;
          signal.ring();
        });
        await stream.writeSSE({ event: 'demande', data: JSON.stringify(liveView(first)) });
        while (!stream.aborted && !ended) {
          // Wake on an announcement, or every 25 s to keep proxies from closing an idle stream.
          const announced = await signal.wait(25_000);
          if (stream.aborted || ended) break;
          if (announced) await stream.writeSSE({ event: 'demande', data: JSON.stringify(liveView(await read())) });
          else await stream.write(': attente\n\n');
        }
        unsubscribe();
      });
    });
}

/** What the open page needs to refresh itself: the status and the public timeline. */
function liveView(detail: Awaited<ReturnType<typeof requestDetail>>) {
  return { status: detail.status, statusLabel: detail.statusLabel, clockPaused: detail.clockPaused, dueAt: detail.dueAt, history: detail.history };
}
