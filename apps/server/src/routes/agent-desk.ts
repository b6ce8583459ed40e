import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import {
  contactSchema,
  contactSearchSchema,
  createContact,
  createReplyTemplate,
  deleteReplyTemplate,
  listReplyTemplates,
  newContactSchema,
  replyTemplateInputSchema,
  replyTemplateSchema,
  searchContacts,
  updateReplyTemplate,
} from '@guichet/requests';
import { agentActor, type AgentActorEnv } from '../middleware/agent-actor.ts';
import { processingRoles, requireAgent } from '../middleware/require-account.ts';
import { requireCommune } from '../middleware/site.ts';
import { asAgent } from '../openapi/access.ts';
import { jsonBody, jsonResponse, problemResponses } from '../openapi/responses.ts';
import { createRouter } from '../openapi/router.ts';
import { okSchema } from '../openapi/shared-schemas.ts';

const idParam = z.object({ id: z.uuid().meta({ description: 'L’identifiant du modèle de réponse.' }) });
const contactTags = ['Agents : contacts'];
const templateTags = ['Agents : modèles de réponse'];
/** What every operation here may answer before its own work. */
const access = ['connexion-requise', 'second-facteur-requis', 'commune-requise'] as const;
const managers = requireAgent('commune_admin', 'service_manager');
const templateExample = {
  title: 'Pièce manquante',
  body: 'Bonjour,\n\nPour instruire votre demande, il nous manque un justificatif de domicile de moins de trois mois. Vous pouvez le déposer en répondant à ce message.\n\nCordialement,\nLa mairie',
};

/** What an agent needs beside the requests: the commune's contacts and reply templates. */
export function agentDeskRoutes() {
  const actor = agentActor;
  const agent = requireAgent();
  const processor = requireAgent(...processingRoles);

  const searchContactsOperation = createRoute({
    method: 'get',
    path: '/contacts',
    tags: contactTags,
    summary: 'Chercher un contact de la commune',
    description:
      'Par nom, prénom, e-mail ou téléphone (4 chiffres au moins), pour rattacher une demande reçue par téléphone ou au guichet à une personne que la commune connaît déjà (`contactId` de `POST /api/agent/demandes`). Vingt résultats au plus.',
    middleware: [requireCommune, processor, actor] as const,
    security: asAgent(...processingRoles),
    request: { query: contactSearchSchema },
    responses: {
      200: jsonResponse(z.object({ contacts: z.array(contactSchema) }), 'Les contacts trouvés.'),
      ...problemResponses('validation', ...access, 'droits-insuffisants'),
    },
  });

  const createContactOperation = createRoute({
    method: 'post',
    path: '/contacts',
    tags: contactTags,
    summary: 'Enregistrer un contact',
    description: 'Une personne sans compte (un appel, une visite au guichet) : au moins son nom, son e-mail ou son téléphone.',
    middleware: [requireCommune, processor, actor] as const,
    security: asAgent(...processingRoles),
    request: {
      body: jsonBody(newContactSchema, { givenName: 'Josiane', familyName: 'Delacroix', phone: '03 21 45 67 89', address: '12 rue Jean Jaurès, 62820 Libercourt' }),
    },
    responses: {
      201: jsonResponse(contactSchema, 'Le contact est enregistré.'),
      ...problemResponses('validation', ...access, 'droits-insuffisants'),
    },
  });

  const listTemplatesOperation = createRoute({
    method: 'get',
    path: '/modeles-de-reponse',
    tags: templateTags,
    summary: 'Lister les modèles de réponse',
    description: 'Les textes types de la commune, par titre, à reprendre dans un message à l’usager.',
    middleware: [requireCommune, agent, actor] as const,
    security: asAgent(),
    responses: {
      200: jsonResponse(z.object({ templates: z.array(replyTemplateSchema) }), 'Les modèles de la commune.'),
      ...problemResponses(...access),
    },
  });

  const createTemplateOperation = createRoute({
    method: 'post',
    path: '/modeles-de-reponse',
    tags: templateTags,
    summary: 'Créer un modèle de réponse',
    middleware: [requireCommune, agent, actor, managers] as const,
    security: asAgent('commune_admin', 'service_manager'),
    request: { body: jsonBody(replyTemplateInputSchema, templateExample) },
    responses: {
      201: jsonResponse(replyTemplateSchema, 'Le modèle est créé.'),
      ...problemResponses('validation', 'droits-insuffisants', ...access),
    },
  });

  const updateTemplateOperation = createRoute({
    method: 'put',
    path: '/modeles-de-reponse/{id}',
    tags: templateTags,
    summary: 'Modifier un modèle de réponse',
    middleware: [requireCommune, agent, actor, managers] as const,
    security: asAgent('commune_admin', 'service_manager'),
    request: { params: idParam, body: jsonBody(replyTemplateInputSchema, templateExample) },
    responses: {
      200: jsonResponse(replyTemplateSchema, 'Le modèle modifié.'),
      ...problemResponses('validation', 'droits-insuffisants', 'demande-introuvable', ...access),
    },
  });

  const deleteTemplateOperation = createRoute({
    method: 'delete',
    path: '/modeles-de-reponse/{id}',
    tags: templateTags,
    summary: 'Supprimer un modèle de réponse',
    middleware: [requireCommune, agent, actor, managers] as const,
    security: asAgent('commune_admin', 'service_manager'),
    request: { params: idParam },
    responses: {
      200: jsonResponse(okSchema, 'Le modèle est supprimé.'),
      ...problemResponses('validation', 'droits-insuffisants', 'demande-introuvable', ...access),
    },
  });

  return createRouter<AgentActorEnv>()
    .openapi(searchContactsOperation, async (c) => {
      const found = await c.var.inSite((tx) => searchContacts({ tx, actor: c.var.actor }, c.req.valid('query')));
      return c.json({ contacts: found }, 200);
    })
    .openapi(createContactOperation, async (c) => {
      const contact = await c.var.inSite((tx) => createContact({ tx, actor: c.var.actor, tenantId: c.var.site.tenant.id }, c.req.valid('json')));
      return c.json(contact, 201);
    })
    .openapi(listTemplatesOperation, async (c) => c.json({ templates: await c.var.inSite((tx) => listReplyTemplates({ tx, actor: c.var.actor })) }, 200))
    .openapi(createTemplateOperation, async (c) => {
      const template = await c.var.inSite((tx) => createReplyTemplate({ tx, actor: c.var.actor, tenantId: c.var.site.tenant.id }, c.req.valid('json')));
      return c.json(template, 201);
    })
    .openapi(updateTemplateOperation, async (c) => {
      const template = await c.var.inSite((tx) => updateReplyTemplate({ tx, actor: c.var.actor }, { templateId: c.req.valid('param').id, ...c.req.valid('json') }));
      return c.json(template, 200);
    })
    .openapi(deleteTemplateOperation, async (c) => {
      await c.var.inSite((tx) => deleteReplyTemplate({ tx, actor: c.var.actor }, { templateId: c.req.valid('param').id }));
      return c.json({ ok: true as const }, 200);
    });
}
