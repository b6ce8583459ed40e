import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import {
  addedVaultDocumentSchema,
  addVaultDocument,
  deleteVaultDocument,
  listVaultDocuments,
  openVaultDocument,
  vaultDocumentInputSchema,
  vaultDocumentSchema,
} from '@guichet/requests';
import type { AppDependencies } from '../env.ts';
import { fileResponse } from '../file-response.ts';
import { requireCitizen } from '../middleware/require-account.ts';
import { requireCommune } from '../middleware/site.ts';
import { withUpload } from '../multipart-upload.ts';
import { asCitizen } from '../openapi/access.ts';
import { downloadResponse, multipartFileBody } from '../openapi/files.ts';
import { jsonResponse, problemResponses } from '../openapi/responses.ts';
import { createRouter } from '../openapi/router.ts';
import { inputErrors, validationProblem } from '../problems/problem.ts';

const documentParam = z.object({ id: z.uuid().meta({ description: 'L’identifiant du document.' }) });
const tags = ['Coffre-fort (usager)'];

const addOperation = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Ajouter un document à mon coffre-fort',
  description: `Envoie un document (PDF, JPEG, PNG, WebP ou HEIC, format lu dans le contenu du fichier) en \`multipart/form-data\` : le fichier dans le champ \`file\`, un titre dans \`title\` et, s’il expire, sa date d’expiration dans \`expiresOn\` (AAAA-MM-JJ ; vide : sans expiration).

Le coffre-fort appartient à l’intercommunalité : le même document apparaît sur le portail de chacune de ses communes. Il se joint ensuite à une demande par \`POST /api/pieces-jointes/depuis-coffre-fort\`.`,
  middleware: [requireCommune, requireCitizen] as const,
  security: asCitizen,
  request: {
    body: multipartFileBody({
      title: { type: 'string', minLength: 1, maxLength: 200, description: 'Le titre du document.', examples: ['Carte d’identité'] },
      expiresOn: { type: 'string', format: 'date', description: 'La date d’expiration (AAAA-MM-JJ), vide ou absente si le document n’expire pas.' },
    }, ['title']),
  },
  responses: {
    201: jsonResponse(addedVaultDocumentSchema, 'Le document est dans le coffre-fort.'),
    ...problemResponses(
      'validation',
      'envoi-illisible',
      'connexion-requise',
      'commune-requise',
      'coffre-fort-plein',
      'fichier-trop-volumineux',
      'fichier-manquant',
      'format-de-fichier-refuse',
      'fichier-non-conforme',
    ),
  },
});

const listOperation = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Lister les documents de mon coffre-fort',
  description: 'Les documents de l’usager, les plus récents d’abord, chacun avec son état d’expiration.',
  middleware: [requireCommune, requireCitizen] as const,
  security: asCitizen,
  responses: {
    200: jsonResponse(z.object({ documents: z.array(vaultDocumentSchema) }), 'Les documents du coffre-fort.'),
    ...problemResponses('connexion-requise', 'commune-requise'),
  },
});

const downloadOperation = createRoute({
  method: 'get',
  path: '/{id}',
  tags,
  summary: 'Télécharger un document de mon coffre-fort',
  middleware: [requireCommune, requireCitizen] as const,
  security: asCitizen,
  request: { params: documentParam },
  responses: {
    200: downloadResponse('Le document, en téléchargement.'),
    ...problemResponses('validation', 'connexion-requise', 'document-introuvable', 'commune-requise'),
  },
});

const deleteOperation = createRoute({
  method: 'delete',
  path: '/{id}',
  tags,
  summary: 'Supprimer un document de mon coffre-fort',
  description: 'Le document et son fichier sont supprimés. Les copies déjà jointes à des demandes restent : elles sont le dossier de la commune.',
  middleware: [requireCommune, requireCitizen] as const,
  security: asCitizen,
  request: { params: documentParam },
  responses: {
    204: { description: 'Le document est supprimé.' },
    ...problemResponses('validation', 'connexion-requise', 'document-introuvable', 'commune-requise'),
  },
});

/**
 * The citizen's coffre-fort: the same documents on every commune portal of the EPCI (the rows
 * belong to the EPCI; a commune's transaction sees its own EPCI's). Upload with a title and an
 * optional expiry date, list with expiry states, download, delete.
 */
export function vaultRoutes(deps: AppDependencies) {
  return createRouter()
    .openapi(addOperation, async (c) => {
      const { epci } = c.var.site;
      const actor = { kind: 'citizen' as const, accountId: c.var.session.accountId };
      return withUpload(c.req.raw, deps.uploadMaxBytes, async (upload) => {
        const input = vaultDocumentInputSchema.safeParse({ title: upload.fields.title, expiresOn: upload.fields.expiresOn });
        const errors = inputErrors(input);
        if (!input.success || errors.length > 0) return validationProblem(c, errors);
        const added = await c.var.inSite((tx) =>
          addVaultDocument({ tx, storage: deps.storage, epciId: epci.id, actor }, { file: upload.file, ...input.data }),
        );
        return c.json(added, 201);
      });
    })
    .openapi(listOperation, async (c) => {
      const actor = { kind: 'citizen' as const, accountId: c.var.session.accountId };
      const documents = await c.var.inSite((tx) => listVaultDocuments({ tx, actor }));
      return c.json({ documents }, 200);
    })
    .openapi(downloadOperation, async (c) => {
      const actor = { kind: 'citizen' as const, accountId: c.var.session.accountId };
      const opened = await c.var.inSite((tx) => openVaultDocument({ tx, storage: deps.storage, actor }, { documentId: c.req.valid('param').id }));
      return fileResponse(c, { filename: opened.document.filename, mediaType: opened.document.mediaType, size: opened.size, body: opened.body });
    })
    .openapi(deleteOperation, async (c) => {
      const actor = { kind: 'citizen' as const, accountId: c.var.session.accountId };
      await c.var.inSite((tx) => deleteVaultDocument({ tx, jobs: deps.jobs, actor }, { documentId: c.req.valid('param').id }));
      return c.body(null, 204);
    });
}
