import { Hono } from 'hono';
import { z } from 'zod';
import { withTenant } from '@guichet/db';
import {
  contactSearchSchema,
  createContact,
  createReplyTemplate,
  deleteReplyTemplate,
  listReplyTemplates,
  newContactSchema,
  replyTemplateInputSchema,
  searchContacts,
  updateReplyTemplate,
} from '@guichet/requests';
import type { AppDependencies } from '../env.ts';
import { agentActor, type AgentActorEnv } from '../middleware/agent-actor.ts';
import { requireAgent } from '../middleware/require-account.ts';
import { requireCommune } from '../middleware/site.ts';
import { validate } from '../validate.ts';

const idParam = z.object({ id: z.uuid() });

/** What an agent needs beside the requests: the commune's contacts and reply templates. */
export function agentDeskRoutes(deps: AppDependencies) {
  return new Hono<AgentActorEnv>()
    .use(requireCommune, requireAgent(), agentActor(deps.db))
    .get('/contacts', validate('query', contactSearchSchema), async (c) => {
      const found = await withTenant(deps.db, c.var.site.tenant.id, (tx) => searchContacts(tx, c.req.valid('query').q));
      return c.json({ contacts: found });
    })
    .post('/contacts', validate('json', newContactSchema), async (c) => {
      const contact = await withTenant(deps.db, c.var.site.tenant.id, (tx) => createContact(tx, c.var.site.tenant.id, c.req.valid('json')));
      return c.json(contact, 201);
    })
    .get('/modeles-de-reponse', async (c) => c.json({ templates: await withTenant(deps.db, c.var.site.tenant.id, (tx) => listReplyTemplates(tx)) }))
    .post('/modeles-de-reponse', requireAgent('commune_admin', 'service_manager'), validate('json', replyTemplateInputSchema), async (c) => {
      const template = await withTenant(deps.db, c.var.site.tenant.id, (tx) => createReplyTemplate(tx, c.var.site.tenant.id, c.req.valid('json')));
      return c.json(template, 201);
    })
    .put('/modeles-de-reponse/:id', requireAgent('commune_admin', 'service_manager'), validate('param', idParam), validate('json', replyTemplateInputSchema), async (c) => {
      const template = await withTenant(deps.db, c.var.site.tenant.id, (tx) => updateReplyTemplate(tx, c.req.valid('param').id, c.req.valid('json')));
      return c.json(template);
    })
    .delete('/modeles-de-reponse/:id', requireAgent('commune_admin', 'service_manager'), validate('param', idParam), async (c) => {
      await withTenant(deps.db, c.var.site.tenant.id, (tx) => deleteReplyTemplate(tx, c.req.valid('param').id));
      return c.json({ ok: true as const });
    });
}
