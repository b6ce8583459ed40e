import { createRoute } from '@hono/zod-openapi';
import {
  addNote,
  applyBulkAction,
  assignInputSchema,
  bulkActionInputSchema,
  expectVersion,
  markAbsent,
  markPresent,
  otherAgentsPresent,
  parseVersion,
  PRESENCE_HEARTBEAT_MS,
  versionHeaderSchema,
  assignRequest,
  filingInputSchema,
  idempotencyKeyOf,
  idempotencyKeyParameter,
  inboxPageSchema,
  inboxQuerySchema,
  listInbox,
  mapQuerySchema,
  requestMap,
  requestMapSchema,
  mergeInputSchema,
  mergeRequest,
  mergeResultSchema,
  messageInputSchema,
  noteInputSchema,
  oncePerKey,
  postMessage,
  priorityInputSchema,
  REPLAYED_HEADER,
  requestDetail,
  requestDetailSchema,
  setPriority,
  transferInputSchema,
  transferRequest,
  transitionInputSchema,
  transitionRequest,
  transitionResultSchema,
} from '@guichet/requests';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import type { AppDependencies } from '../env.ts';
import { liveSignal } from '../live-signal.ts';
import type { Transaction } from '@guichet/db';
import { domainProblem } from '../problems/domain-errors.ts';
import { problemSchema, type Problem } from '../problems/problem.ts';
import { agentRequestAttachmentRoutes } from './attachments.ts';
import { agentActor, type AgentActorEnv } from '../middleware/agent-actor.ts';
import { processingRoles, requireAgent } from '../middleware/require-account.ts';
import { requireCommune } from '../middleware/site.ts';
import { asAgent } from '../openapi/access.ts';
import { jsonBody, jsonResponse, problemResponses } from '../openapi/responses.ts';
import { createRouter } from '../openapi/router.ts';
import { filedSchema, okSchema, requestIdParam } from '../openapi/shared-schemas.ts';

const agentFilingSchema = filingInputSchema.refine((input) => input.channel !== 'portal' && input.channel !== 'open311', {
  path: ['channel'],
  message: 'Un agent enregistre une demande reçue par téléphone, au guichet, par courriel, courrier ou SMS.',
});
const tags = ['Agents : demandes'];
const security = asAgent();
/** Processing a request (taking, writing, moving it between services…), which an elected official does not do. */
const processorSecurity = asAgent(...processingRoles);
/** What every operation here may answer before its own work. */
const access = ['connexion-requise', 'second-facteur-requis', 'commune-requise'] as const;

/** The back office: the inbox of the agent's services, and every action on a request. */
export function agentRequestRoutes(deps: AppDependencies) {
  const agent = requireAgent();
  const processor = requireAgent(...processingRoles);
  const actor = agentActor;

  const inboxOperation = createRoute({
    method: 'get',
    path: '/',
    tags,
    summary: 'Lire la corbeille des demandes',
    description:
      'Les demandes des services de l’agent (toutes celles de la commune pour un administrateur), filtrées au besoin, triées (`sort` : les plus récentes d’abord par défaut, ou par échéance, ou par urgence), par pages : passez `next` dans `apres` pour la suivante. `counts` donne le nombre de demandes de chaque statut sous les mêmes filtres. Les demandes d’une démarche à accès restreint ne sont visibles que du service qui les traite. Les demandes fusionnées dans une autre n’y figurent plus.',
    middleware: [requireCommune, agent, actor] as const,
    security,
    request: { query: inboxQuerySchema },
    responses: {
      200: jsonResponse(inboxPageSchema, 'Une page de la corbeille.'),
      ...problemResponses('validation', 'curseur-invalide', ...access),
    },
  });

  const mapOperation = createRoute({
    method: 'get',
    path: '/carte',
    tags,
    summary: 'Lire la carte des demandes',
    description:
      'Les demandes situées (une adresse ou un point) que l’agent peut voir, comme la corbeille : celles de ses services, les plus récentes d’abord, filtrées par statut (ou `open`), démarche et période de dépôt. `sectors` les compte par secteur de la commune et par statut, avec celles sans position : c’est ce que montre la page quand aucun fond de carte n’est configuré.',
    middleware: [requireCommune, agent, actor] as const,
    security,
    request: { query: mapQuerySchema },
    responses: {
      200: jsonResponse(requestMapSchema, 'Les points, et les comptes par secteur.'),
      ...problemResponses('validation', ...access),
    },
  });

  const inboxStreamOperation = createRoute({
    method: 'get',
    path: '/flux',
    hide: true,
    middleware: [requireCommune, agent, actor] as const,
    responses: { 200: { description: 'Un flux text/event-stream : `corbeille` à chaque évènement public d’une demande de la commune (un dépôt, un changement de statut, un message).' } },
  });

  const bulkOperation = createRoute({
    method: 'post',
    path: '/lot',
    tags,
    summary: 'Agir sur plusieurs demandes à la fois',
    description:
      'Une action sur une sélection de la corbeille : se les attribuer, les attribuer à un collègue, les transmettre à un service, ou les classer sans suite avec un seul motif (envoyé à chaque usager). Chaque demande est traitée à part, comme seule : sa version est vérifiée, elle reçoit son propre évènement d’historique et sa notification, et un refus (version dépassée, circuit qui ne le permet pas) ne change rien aux autres. `results` dit, pour chacune, si elle a été traitée, ou le problème rencontré.',
    middleware: [requireCommune, processor, actor] as const,
    security: processorSecurity,
    request: {
      body: jsonBody(bulkActionInputSchema, {
        action: 'close',
        requests: [{ id: '2f1c8e6a-4b7d-4e0a-9c3b-8d5e7f6a1b2c', version: 3 }],
        reason: 'Signalement en double : l’intervention est déjà programmée.',
      }),
    },
    responses: {
      200: jsonResponse(
        z.object({
          results: z.array(
            z.object({ id: z.uuid(), ok: z.boolean(), problem: problemSchema.optional().meta({ description: 'Pourquoi cette demande n’a pas été traitée.' }) }),
          ),
        }),
        'Le résultat pour chaque demande, dans l’ordre de la sélection.',
      ),
      ...problemResponses('validation', ...access, 'droits-insuffisants'),
    },
  });

  const streamOperation = createRoute({
    method: 'get',
    path: '/{id}/flux',
    hide: true,
    middleware: [requireCommune, agent, actor] as const,
    request: { params: requestIdParam },
    responses: { 200: { description: 'Un flux text/event-stream : `presence` (les autres agents sur la demande) et `demande` (sa nouvelle version).' } },
  });

  const fileOperation = createRoute({
    method: 'post',
    path: '/',
    tags,
    summary: 'Enregistrer une demande reçue par un autre canal',
    description: `Pour une demande reçue par téléphone, au guichet, par courriel, courrier ou SMS (\`channel\`), au nom d’un contact existant (\`contactId\`, voir \`GET /api/agent/contacts\`) ou d’un nouveau (\`contact\` : au moins son nom ou un moyen de le recontacter). Les réponses au formulaire (\`values\`) suivent le schéma de la démarche, publié à \`GET /api/catalogue/{slug}/schema.json\`.

La demande vit ensuite comme une autre : accusé de réception à l’usager s’il a une adresse e-mail, notification au service.`,
    middleware: [requireCommune, processor, actor] as const,
    security: processorSecurity,
    parameters: [idempotencyKeyParameter],
    request: {
      body: jsonBody(agentFilingSchema, {
        procedure: 'signalement-eclairage',
        channel: 'phone',
        values: { panne: 'eteint', numero: 'EP-0412', localisation: { label: '12 rue Jean Jaurès, 62820 Libercourt', lat: 50.4838, lon: 3.0162 } },
        contact: { givenName: 'Josiane', familyName: 'Delacroix', phone: '03 21 45 67 89' },
      }),
    },
    responses: {
      201: jsonResponse(filedSchema, 'La demande est enregistrée.'),
      ...problemResponses('validation', 'demande-introuvable', ...access, 'droits-insuffisants'),
    },
  });

  const detailOperation = createRoute({
    method: 'get',
    path: '/{id}',
    tags,
    summary: 'Ouvrir une demande',
    description: 'La demande, avec ce que seuls les agents voient : priorité, agent en charge, contact, retard, et tout l’historique (notes internes, attributions comprises).',
    middleware: [requireCommune, agent, actor] as const,
    security,
    request: { params: requestIdParam },
    responses: {
      200: jsonResponse(requestDetailSchema, 'La demande et tout son historique.'),
      ...problemResponses('validation', 'demande-introuvable', ...access),
    },
  });

  const transitionOperation = createRoute({
    method: 'post',
    path: '/{id}/statut',
    tags,
    summary: 'Changer le statut d’une demande',
    description:
      'Suit le circuit de la démarche : un changement qu’il ne permet pas, ou qui demande un commentaire (refus, clôture sans suite), est refusé (409). Le commentaire est montré à l’usager, prévenu par e-mail. Attendre l’usager suspend le délai ; en sortir le reprend. Rouvrir une demande close (responsable de service, avec un motif) lui redonne le délai entier à compter de la réouverture, inscrite à l’historique comme `reopened`.',
    middleware: [requireCommune, agent, actor] as const,
    security,
    request: { params: requestIdParam, headers: versionHeaderSchema, body: jsonBody(transitionInputSchema, { status: 'in_progress', comment: 'L’équipe d’éclairage public intervient cette semaine.' }) },
    responses: {
      200: jsonResponse(transitionResultSchema, 'Le nouveau statut et la date de réponse.'),
      ...problemResponses('validation', 'demande-modifiee', 'demande-introuvable', 'transition-refusee', ...access),
    },
  });

  const assignOperation = createRoute({
    method: 'post',
    path: '/{id}/attribution',
    tags,
    summary: 'Attribuer une demande',
    description: 'À soi-même ou à un agent du service de la demande ; `null` la rend à la file du service. Inscrit à l’historique interne.',
    middleware: [requireCommune, processor, actor] as const,
    security: processorSecurity,
    request: { params: requestIdParam, headers: versionHeaderSchema, body: jsonBody(assignInputSchema, { assigneeId: '5b0c6f2e-8d7a-4c1e-9f3b-2a6d8e4c7b10' }) },
    responses: {
      200: jsonResponse(okSchema, 'La demande est attribuée.'),
      ...problemResponses('validation', 'demande-modifiee', 'demande-introuvable', 'conflit', ...access, 'droits-insuffisants'),
    },
  });

  const transferOperation = createRoute({
    method: 'post',
    path: '/{id}/transfert',
    tags,
    summary: 'Transférer une demande à un autre service',
    description: 'La demande quitte l’agent qui la traitait. L’usager voit quel service la traite désormais, pas le commentaire, qui reste interne.',
    middleware: [requireCommune, processor, actor] as const,
    security: processorSecurity,
    request: { params: requestIdParam, headers: versionHeaderSchema, body: jsonBody(transferInputSchema, { service: 'urbanisme', comment: 'Relève de l’occupation du domaine public.' }) },
    responses: {
      200: jsonResponse(okSchema, 'La demande est transférée (ou était déjà à ce service).'),
      ...problemResponses('validation', 'demande-modifiee', 'demande-introuvable', ...access, 'droits-insuffisants'),
    },
  });

  const priorityOperation = createRoute({
    method: 'post',
    path: '/{id}/priorite',
    tags,
    summary: 'Changer la priorité d’une demande',
    middleware: [requireCommune, processor, actor] as const,
    security: processorSecurity,
    request: { params: requestIdParam, headers: versionHeaderSchema, body: jsonBody(priorityInputSchema, { priority: 'high' }) },
    responses: {
      200: jsonResponse(okSchema, 'La priorité est enregistrée.'),
      ...problemResponses('validation', 'demande-modifiee', 'demande-introuvable', ...access, 'droits-insuffisants'),
    },
  });

  const messageOperation = createRoute({
    method: 'post',
    path: '/{id}/messages',
    tags,
    summary: 'Écrire à l’usager',
    description: 'Le message rejoint l’historique public et part à l’usager par e-mail. Les pièces jointes sont déposées auparavant (`POST /api/agent/pieces-jointes`) et désignées par leur identifiant.',
    middleware: [requireCommune, processor, actor] as const,
    security: processorSecurity,
    parameters: [idempotencyKeyParameter],
    request: {
      params: requestIdParam,
      headers: versionHeaderSchema,
      body: jsonBody(messageInputSchema, { body: 'Bonjour, pourriez-vous nous envoyer une photo du lampadaire ? Merci.', attachmentIds: [] }),
    },
    responses: {
      201: jsonResponse(okSchema, 'Le message est enregistré et envoyé.'),
      ...problemResponses('validation', 'demande-modifiee', 'demande-introuvable', ...access, 'droits-insuffisants'),
    },
  });

  const noteOperation = createRoute({
    method: 'post',
    path: '/{id}/notes',
    tags,
    summary: 'Ajouter une note interne',
    description: 'Une note pour les agents : l’usager ne la voit jamais.',
    middleware: [requireCommune, processor, actor] as const,
    security: processorSecurity,
    request: { params: requestIdParam, headers: versionHeaderSchema, body: jsonBody(noteInputSchema, { body: 'Rappelé le 12 : l’usager confirme que toute la rue est éteinte.' }) },
    responses: {
      201: jsonResponse(okSchema, 'La note est enregistrée.'),
      ...problemResponses('validation', 'demande-modifiee', 'demande-introuvable', ...access, 'droits-insuffisants'),
    },
  });

  const mergeOperation = createRoute({
    method: 'post',
    path: '/{id}/fusion',
    tags,
    summary: 'Fusionner un doublon dans une autre demande',
    description:
      'La demande `{id}` est close sans suite et renvoie à celle qui continue (`into`) ; les deux historiques le disent, rien n’est effacé. L’usager du doublon est prévenu de la référence à suivre.',
    middleware: [requireCommune, processor, actor] as const,
    security: processorSecurity,
    request: { params: requestIdParam, headers: versionHeaderSchema, body: jsonBody(mergeInputSchema, { into: '0f8e4c2a-6b1d-4e9f-a3c7-5d2b8e1f4a60' }) },
    responses: {
      200: jsonResponse(mergeResultSchema, 'Le doublon est fusionné.'),
      ...problemResponses('validation', 'demande-modifiee', 'demande-introuvable', 'conflit', ...access, 'droits-insuffisants'),
    },
  });

  return createRouter<AgentActorEnv>()
    .openapi(inboxOperation, async (c) => {
      const page = await c.var.inSite((tx) => listInbox({ tx, actor: c.var.actor }, c.req.valid('query')));
      return c.json(page, 200);
    })
    .openapi(bulkOperation, async (c) => {
      const input = c.req.valid('json');
      const results = [];
      // One at a time, each in its own transaction: a refusal leaves the others done.
      for (const item of input.requests) {
        try {
          await change(deps, c, { requestId: item.id, seen: item.version }, (context) => applyBulkAction(context, { requestId: item.id, action: input }));
          results.push({ id: item.id, ok: true });
        } catch (error) {
          const refusal = domainProblem(c, error);
          if (!refusal) throw error;
          results.push({ id: item.id, ok: false, problem: (await refusal.json()) as Problem });
        }
      }
      // A refusal's ETag is one request's: not the answer's.
      c.header('ETag', undefined);
      return c.json({ results }, 200);
    })
    // Before `/{id}`, which would take `carte` or `flux` for an id.
    .openapi(mapOperation, async (c) => c.json(await c.var.inSite((tx) => requestMap({ tx, actor: c.var.actor }, c.req.valid('query'))), 200))
    .openapi(inboxStreamOperation, (c) => {
      const tenantId = c.var.site.tenant.id;
      return streamSSE(c, async (stream) => {
        const signal = liveSignal();
        let ended = false;
        // Only what the inbox shows (filings, statuses, messages), never the request itself: the
        // page reads its inbox again, through the agent's own access rules.
        const unsubscribe = await deps.requestFeed.subscribeCommune(
          tenantId,
          (announcement) => {
            if (announcement === 'resync' || announcement.public) signal.ring();
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
        while (!stream.aborted && !ended) {
          const changed = await signal.wait(25_000);
          if (stream.aborted || ended) break;
          if (changed) await stream.writeSSE({ event: 'corbeille', data: '{}' });
          else await stream.write(': attente\n\n');
        }
        unsubscribe();
      });
    })
    .openapi(fileOperation, async (c) => {
      const tenant = c.var.site.tenant;
      const input = c.req.valid('json');
      const key = idempotencyKeyOf(c.req.header('idempotency-key'));
      const claim = key === undefined ? undefined : { tenantId: tenant.id, sender: `agent:${c.var.actor.agentId}`, operation: 'filing' as const, key, sent: input };
      const { filed: answer, replayed } = await deps.filings.file(tenant, { actor: c.var.actor, input, ...(claim ? { claim } : {}) });
      if (replayed) c.header(REPLAYED_HEADER, 'true');
      return c.json(answer, 201);
    })
    .openapi(detailOperation, async (c) => {
      const detail = await c.var.inSite((tx) => requestDetail({ tx, actor: c.var.actor }, { requestId: c.req.valid('param').id }));
      if ('version' in detail) c.header('ETag', `"${detail.version}"`);
      return c.json(detail, 200);
    })
    .openapi(transitionOperation, async (c) => {
      const result = await change(deps, c, seenVersion(c.req.valid('param').id, c.req.valid('header')), (context) => transitionRequest(context, { requestId: c.req.valid('param').id, ...c.req.valid('json') }));
      return c.json({ status: result.status, dueAt: result.dueAt.toISOString() }, 200);
    })
    .openapi(assignOperation, async (c) => {
      await change(deps, c, seenVersion(c.req.valid('param').id, c.req.valid('header')), (context) => assignRequest(context, { requestId: c.req.valid('param').id, ...c.req.valid('json') }));
      return c.json({ ok: true as const }, 200);
    })
    .openapi(transferOperation, async (c) => {
      await change(deps, c, seenVersion(c.req.valid('param').id, c.req.valid('header')), (context) => transferRequest(context, { requestId: c.req.valid('param').id, ...c.req.valid('json') }));
      return c.json({ ok: true as const }, 200);
    })
    .openapi(priorityOperation, async (c) => {
      await change(deps, c, seenVersion(c.req.valid('param').id, c.req.valid('header')), (context) => setPriority(context, { requestId: c.req.valid('param').id, ...c.req.valid('json') }));
      return c.json({ ok: true as const }, 200);
    })
    .openapi(messageOperation, async (c) => {
      const input = { requestId: c.req.valid('param').id, ...c.req.valid('json') };
      const claim = { tenantId: c.var.site.tenant.id, sender: `agent:${c.var.actor.agentId}`, operation: 'message' as const, key: idempotencyKeyOf(c.req.header('idempotency-key')), sent: input };
      // The key is claimed before the version is checked: a retry of a message sent meets the
      // version that message made, and must get its first answer, not a 409.
      const { replayed } = await c.var.inSite((tx) => oncePerKey(tx, claim, () => changeIn(tx, deps, c, seenVersion(input.requestId, c.req.valid('header')), (context) => postMessage(context, input))));
      if (replayed) c.header(REPLAYED_HEADER, 'true');
      return c.json({ ok: true as const }, 201);
    })
    .openapi(noteOperation, async (c) => {
      await change(deps, c, seenVersion(c.req.valid('param').id, c.req.valid('header')), (context) => addNote(context, { requestId: c.req.valid('param').id, ...c.req.valid('json') }));
      return c.json({ ok: true as const }, 201);
    })
    .openapi(mergeOperation, async (c) => {
      const merged = await change(deps, c, seenVersion(c.req.valid('param').id, c.req.valid('header')), (context) => mergeRequest(context, { requestId: c.req.valid('param').id, ...c.req.valid('json') }));
      return c.json(merged, 200);
    })
    .openapi(streamOperation, async (c) => {
      const tenantId = c.var.site.tenant.id;
      const requestId = c.req.valid('param').id;
      const agentId = c.var.actor.agentId;
      // Reading it first checks the agent may see it (else a 404 before any stream).
      await c.var.inSite((tx) => requestDetail({ tx, actor: c.var.actor }, { requestId }));
      return streamSSE(c, async (stream) => {
        let wake: (reason: 'presence' | 'changed' | 'end') => void = () => {};
        let ended = false;
        const unsubscribe = await deps.requestFeed.subscribe(
          requestId,
          (announcement) => {
            if (announcement === 'resync') wake('changed');
            else if (announcement.tenantId === tenantId) wake(announcement.presence ? 'presence' : 'changed');
          },
          () => {
            ended = true;
            wake('end');
          },
        );
        // A closed desk leaves at once: the waiting loop wakes to announce the departure.
        stream.onAbort(() => {
          unsubscribe();
          wake('end');
        });
        let shown = '';
        const showPresence = async () => {
          const others = await c.var.inSite(async (tx) => {
            await markPresent(tx, { tenantId, requestId, agentId });
            return otherAgentsPresent(tx, { requestId, agentId });
          });
          const data = JSON.stringify({ agents: others });
          if (data !== shown) await stream.writeSSE({ event: 'presence', data });
          shown = data;
        };
        try {
          await showPresence();
          while (!stream.aborted && !ended) {
            // Wake on an announcement, or every 15 s to renew this desk's presence and drop the silent ones.
            const reason = await new Promise<'presence' | 'changed' | 'end' | 'heartbeat'>((resolve) => {
              const timer = setTimeout(() => resolve('heartbeat'), PRESENCE_HEARTBEAT_MS);
              wake = (why) => {
                clearTimeout(timer);
                resolve(why);
              };
            });
            if (stream.aborted || ended) break;
            if (reason === 'changed') {
              const now = await c.var.inSite((tx) => requestDetail({ tx, actor: c.var.actor }, { requestId }));
              await stream.writeSSE({ event: 'demande', data: JSON.stringify({ version: 'version' in now ? now.version : null, status: now.status }) });
            } else {
              // Writing also finds out a desk whose connection died without closing.
              if (reason === 'heartbeat') await stream.write(': présence\n\n');
              await showPresence();
            }
          }
        } finally {
          unsubscribe();
          await c.var.inSite((tx) => markAbsent(tx, { requestId, agentId })).catch(() => {});
        }
      });
    })
    .route('/', agentRequestAttachmentRoutes(deps));
}

type ChangeContextOf = Parameters<typeof transitionRequest>[0];

function seenVersion(requestId: string, headers: { 'if-match': string }) {
  return { requestId, seen: parseVersion(headers['if-match']) };
}

/**
 * One tenant transaction carrying the signed-in agent to a domain verb, on the version of the
 * request the agent saw (`If-Match`): a change made since is a 409 saying what it was.
 */
function change<T>(
  deps: AppDependencies,
  c: { var: AgentActorEnv['Variables'] & { site: { kind: 'commune'; tenant: { id: string } } } },
  version: { requestId: string; seen: number },
  verb: (context: ChangeContextOf) => Promise<T>,
): Promise<T> {
  return c.var.inSite((tx) => changeIn(tx, deps, c, version, verb));
}

/** The same, in a transaction already open. */
async function changeIn<T>(
  tx: Transaction,
  deps: AppDependencies,
  c: { var: AgentActorEnv['Variables'] & { site: { kind: 'commune'; tenant: { id: string } } } },
  version: { requestId: string; seen: number },
  verb: (context: ChangeContextOf) => Promise<T>,
): Promise<T> {
  await expectVersion(tx, { ...version, actor: c.var.actor });
  return verb({ tx, jobs: deps.jobs, tenantId: c.var.site.tenant.id, actor: c.var.actor });
}
