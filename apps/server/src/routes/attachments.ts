import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import {
  attachmentSummarySchema,
  attachVaultDocument,
  listAttachments,
  openAttachment,
  requestAttachmentSchema,
  storeAttachment,
  uploadRules,
  type Actor,
} from '@guichet/requests';
import type { AppDependencies } from '../env.ts';
import { fileResponse } from '../file-response.ts';
import { agentActor } from '../middleware/agent-actor.ts';
import { processingRoles, requireAgent, requireCitizen } from '../middleware/require-account.ts';
import { requireCommune } from '../middleware/site.ts';
import { withUpload } from '../multipart-upload.ts';
import { asAgent, asAnyoneOrCitizen, asCitizen } from '../openapi/access.ts';
import { downloadResponse, multipartFileBody } from '../openapi/files.ts';
import { jsonBody, jsonResponse, problemResponses } from '../openapi/responses.ts';
import { createRouter } from '../openapi/router.ts';
import { requestIdParam } from '../openapi/shared-schemas.ts';
import { issueUploadToken } from '../upload-token.ts';

/** The form field an upload is for (its limits and accepted types then apply), if any. */
const targetQuery = z.strictObject({
  procedure: z.string().min(1).max(100).optional().meta({ description: 'La démarche du dépôt.', example: 'signalement-voirie' }),
  field: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: 'Le champ fichier du formulaire de la démarche (`groupe/champ` dans un bloc répété) : ses formats et sa taille maximale s’appliquent.', example: 'photo' }),
});
const fileParam = requestIdParam.extend({ attachmentId: z.uuid().meta({ description: 'L’identifiant de la pièce jointe.' }) });
const fromVaultSchema = z.strictObject({ documentId: z.uuid('Document du coffre-fort invalide.').meta({ description: 'Un document du coffre-fort de l’usager.' }) });
const attachmentList = z.object({ attachments: z.array(requestAttachmentSchema) });

const fileProblems = ['envoi-illisible', 'fichier-trop-volumineux', 'fichier-manquant', 'format-de-fichier-refuse', 'fichier-non-conforme'] as const;
const citizenTags = ['Pièces jointes (usager)'];
const agentTags = ['Agents : pièces jointes'];

const uploadDescription = `Envoie un fichier en \`multipart/form-data\`, dans le champ \`file\`. Il est gardé pour la commune sans être encore joint à rien : son identifiant se place ensuite dans la valeur d’un champ fichier d’un dépôt, ou dans \`attachmentIds\` d’un message. Un fichier jamais joint est supprimé au bout d’un jour.

Le format est lu dans le contenu du fichier ; avec \`procedure\` et \`field\`, les formats et la taille maximale du champ s’appliquent, sinon ceux de la plateforme (PDF, JPEG, PNG, WebP, HEIC).`;

const fromVaultOperation = createRoute({
  method: 'post',
  path: '/depuis-coffre-fort',
  tags: citizenTags,
  summary: 'Joindre un document de mon coffre-fort',
  description:
    'Copie un document du coffre-fort dans la commune, comme un fichier déposé (`POST /api/pieces-jointes`) : son identifiant se joint ensuite à un dépôt ou à un message. Une copie, pas un lien : la commune garde ce qui a été déposé même si l’usager supprime ensuite le document.',
  middleware: [requireCommune, requireCitizen] as const,
  security: asCitizen,
  request: { body: jsonBody(fromVaultSchema, { documentId: '0b6f3c1e-8a4d-4f7e-9c2a-5d1e6f7a8b9c' }) },
  responses: {
    201: jsonResponse(attachmentSummarySchema, 'La copie est gardée, prête à être jointe.'),
    ...problemResponses('validation', 'connexion-requise', 'document-introuvable', 'commune-requise'),
  },
});

const citizenListOperation = createRoute({
  method: 'get',
  path: '/{id}/pieces-jointes',
  tags: citizenTags,
  summary: 'Lister les pièces jointes d’une de mes demandes',
  description: 'Les fichiers joints à la demande, par l’usager ou par la mairie, dans l’ordre de leur dépôt.',
  middleware: [requireCommune, requireCitizen] as const,
  security: asCitizen,
  request: { params: requestIdParam },
  responses: {
    200: jsonResponse(attachmentList, 'Les pièces jointes de la demande.'),
    ...problemResponses('validation', 'connexion-requise', 'demande-introuvable', 'commune-requise'),
  },
});

const citizenDownloadOperation = createRoute({
  method: 'get',
  path: '/{id}/pieces-jointes/{attachmentId}',
  tags: citizenTags,
  summary: 'Télécharger une pièce jointe d’une de mes demandes',
  middleware: [requireCommune, requireCitizen] as const,
  security: asCitizen,
  request: { params: fileParam },
  responses: {
    200: downloadResponse('La pièce jointe, en téléchargement.'),
    ...problemResponses('validation', 'connexion-requise', 'demande-introuvable', 'commune-requise'),
  },
});

/**
 * The citizen's uploads, under /pieces-jointes: a file (signed in, or anonymously for a
 * procedure open to anonymous filing), or a copy of a vault document. The ids returned go into
 * a `file` field's value or a message's `attachmentIds`.
 */
export function uploadRoutes(deps: AppDependencies) {
  const uploadOperation = createRoute({
    method: 'post',
    path: '/',
    tags: citizenTags,
    summary: 'Déposer un fichier',
    description: `${uploadDescription}

Sans compte, un fichier ne se dépose que pour une démarche ouverte aux demandes anonymes (\`procedure\` obligatoire), au plus 30 par heure depuis une même adresse ; la réponse pose alors un cookie qui réserve le fichier au dépôt envoyé depuis ce navigateur.`,
    middleware: [requireCommune] as const,
    security: asAnyoneOrCitizen,
    request: { query: targetQuery, body: multipartFileBody() },
    responses: {
      201: jsonResponse(attachmentSummarySchema, 'Le fichier est gardé, prêt à être joint.'),
      ...problemResponses('validation', 'connexion-requise', 'demande-introuvable', 'trop-de-tentatives', 'commune-requise', ...fileProblems),
    },
  });

  return createRouter()
    .openapi(uploadOperation, async (c) => {
      const tenantId = c.var.site.tenant.id;
      const session = c.var.session;
      const actor: Actor = session?.accountKind === 'citizen' ? { kind: 'citizen', accountId: session.accountId } : { kind: 'system' };
      const rules = await uploadRules({ db: deps.db, tenantId, actor, ip: c.var.clientIp, defaultMaxBytes: deps.uploadMaxBytes }, c.req.valid('query'));
      const uploadToken = actor.kind === 'system' ? issueUploadToken(c) : undefined;
      const stored = await withUpload(c.req.raw, rules.maxBytes, (upload) =>
        c.var.inSite((tx) => storeAttachment({ tx, storage: deps.storage, tenantId, actor, uploadToken }, { file: upload.file, rules })),
      );
      return c.json(stored, 201);
    })
    .openapi(fromVaultOperation, async (c) => {
      const tenantId = c.var.site.tenant.id;
      const actor = { kind: 'citizen' as const, accountId: c.var.session.accountId };
      const copied = await c.var.inSite((tx) => attachVaultDocument({ tx, storage: deps.storage, tenantId, actor }, c.req.valid('json')));
      return c.json(copied, 201);
    });
}

/** The files of the citizen's own requests, under /demandes/{id}/pieces-jointes. */
export function requestAttachmentRoutes(deps: AppDependencies) {
  return createRouter()
    .openapi(citizenListOperation, async (c) => {
      const actor: Actor = { kind: 'citizen', accountId: c.var.session.accountId };
      const files = await c.var.inSite((tx) => listAttachments({ tx, actor }, { requestId: c.req.valid('param').id }));
      return c.json({ attachments: files }, 200);
    })
    .openapi(citizenDownloadOperation, async (c) => {
      const actor: Actor = { kind: 'citizen', accountId: c.var.session.accountId };
      const { id, attachmentId } = c.req.valid('param');
      const file = await c.var.inSite((tx) => openAttachment({ tx, storage: deps.storage, actor }, { requestId: id, attachmentId }));
      return fileResponse(c, file);
    });
}

const agentProblems = ['connexion-requise', 'second-facteur-requis', 'commune-requise'] as const;

/** The agents' uploads, under /agent/pieces-jointes: the files of their messages and filings. */
export function agentUploadRoutes(deps: AppDependencies) {
  const uploadOperation = createRoute({
    method: 'post',
    path: '/',
    tags: agentTags,
    summary: 'Déposer un fichier (agent)',
    description: `${uploadDescription}

Un agent dépose ainsi les fichiers de ses messages à l’usager et des demandes qu’il saisit pour lui (guichet, téléphone, courrier).`,
    middleware: [requireCommune, requireAgent(...processingRoles), agentActor] as const,
    security: asAgent(...processingRoles),
    request: { query: targetQuery, body: multipartFileBody() },
    responses: {
      201: jsonResponse(attachmentSummarySchema, 'Le fichier est gardé, prêt à être joint.'),
      ...problemResponses('validation', ...agentProblems, 'droits-insuffisants', 'demande-introuvable', ...fileProblems),
    },
  });

  return createRouter().openapi(uploadOperation, async (c) => {
    const tenantId = c.var.site.tenant.id;
    const actor = c.var.actor;
    const rules = await uploadRules({ db: deps.db, tenantId, actor, ip: c.var.clientIp, defaultMaxBytes: deps.uploadMaxBytes }, c.req.valid('query'));
    const stored = await withUpload(c.req.raw, rules.maxBytes, (upload) =>
      c.var.inSite((tx) => storeAttachment({ tx, storage: deps.storage, tenantId, actor }, { file: upload.file, rules })),
    );
    return c.json(stored, 201);
  });
}

/** The files of a request, for its agents, under /agent/demandes/{id}/pieces-jointes. */
export function agentRequestAttachmentRoutes(deps: AppDependencies) {
  const listOperation = createRoute({
    method: 'get',
    path: '/{id}/pieces-jointes',
    tags: agentTags,
    summary: 'Lister les pièces jointes d’une demande',
    description: 'Les fichiers joints à la demande, par l’usager ou par la mairie, dans l’ordre de leur dépôt. Une demande d’un service réservé n’est visible que de ses agents.',
    middleware: [requireCommune, requireAgent(), agentActor] as const,
    security: asAgent(),
    request: { params: requestIdParam },
    responses: {
      200: jsonResponse(attachmentList, 'Les pièces jointes de la demande.'),
      ...problemResponses('validation', ...agentProblems, 'demande-introuvable'),
    },
  });

  const downloadOperation = createRoute({
    method: 'get',
    path: '/{id}/pieces-jointes/{attachmentId}',
    tags: agentTags,
    summary: 'Télécharger une pièce jointe d’une demande',
    middleware: [requireCommune, requireAgent(), agentActor] as const,
    security: asAgent(),
    request: { params: fileParam },
    responses: {
      200: downloadResponse('La pièce jointe, en téléchargement.'),
      ...problemResponses('validation', ...agentProblems, 'demande-introuvable'),
    },
  });

  return createRouter()
    .openapi(listOperation, async (c) => {
      const files = await c.var.inSite((tx) => listAttachments({ tx, actor: c.var.actor }, { requestId: c.req.valid('param').id }));
      return c.json({ attachments: files }, 200);
    })
    .openapi(downloadOperation, async (c) => {
      const { id, attachmentId } = c.req.valid('param');
      const file = await c.var.inSite((tx) => openAttachment({ tx, storage: deps.storage, actor: c.var.actor }, { requestId: id, attachmentId }));
      return fileResponse(c, file);
    });
}
