import { Hono } from 'hono';
import { z } from 'zod';
import { withTenant } from '@guichet/db';
import {
  addNote,
  assignInputSchema,
  assignRequest,
  fileRequest,
  filingInputSchema,
  inboxQuerySchema,
  listInbox,
  mergeInputSchema,
  mergeRequest,
  messageInputSchema,
  noteInputSchema,
  postMessage,
  priorityInputSchema,
  requestDetail,
  setPriority,
  transferInputSchema,
  transferRequest,
  transitionInputSchema,
  transitionRequest,
} from '@guichet/requests';
import type { AppDependencies } from '../env.ts';
import { agentActor, type AgentActorEnv } from '../middleware/agent-actor.ts';
import { requireAgent } from '../middleware/require-account.ts';
import { requireCommune } from '../middleware/site.ts';
import { validate } from '../validate.ts';

const idParam = z.object({ id: z.uuid() });
const agentFilingSchema = filingInputSchema.refine((input) => input.channel !== 'portal' && input.channel !== 'open311', {
  path: ['channel'],
  message: 'Un agent enregistre une demande reçue par téléphone, au guichet, par courriel, courrier ou SMS.',
});

/** The back office: the inbox of the agent's services, and every action on a request. */
export function agentRequestRoutes(deps: AppDependencies) {
  return new Hono<AgentActorEnv>()
    .use(requireCommune, requireAgent(), agentActor(deps.db))
    .get('/', validate('query', inboxQuerySchema), async (c) => {
      const page = await withTenant(deps.db, c.var.site.tenant.id, (tx) => listInbox(tx, c.var.actor, c.req.valid('query')));
      return c.json(page);
    })
    .post('/', validate('json', agentFilingSchema), async (c) => {
      const tenant = c.var.site.tenant;
      const filed = await withTenant(deps.db, tenant.id, (tx) =>
        fileRequest({ tx, jobs: deps.jobs, tenant, actor: c.var.actor }, c.req.valid('json')),
      );
      return c.json({ id: filed.id, reference: filed.reference, dueAt: filed.dueAt.toISOString() }, 201);
    })
    .get('/:id', validate('param', idParam), async (c) => {
      const detail = await withTenant(deps.db, c.var.site.tenant.id, (tx) => requestDetail(tx, c.var.actor, c.req.valid('param').id));
      return c.json(detail);
    })
    .post('/:id/statut', validate('param', idParam), validate('json', transitionInputSchema), async (c) => {
      const result = await change(deps, c, (context) => transitionRequest(context, c.req.valid('param').id, c.req.valid('json')));
      return c.json({ status: result.status, dueAt: result.dueAt.toISOString() });
    })
    .post('/:id/attribution', validate('param', idParam), validate('json', assignInputSchema), async (c) => {
      await change(deps, c, (context) => assignRequest(context, c.req.valid('param').id, c.req.valid('json')));
      return c.json({ ok: true as const });
    })
    .post('/:id/transfert', validate('param', idParam), validate('json', transferInputSchema), async (c) => {
      await change(deps, c, (context) => transferRequest(context, c.req.valid('param').id, c.req.valid('json')));
      return c.json({ ok: true as const });
    })
    .post('/:id/priorite', validate('param', idParam), validate('json', priorityInputSchema), async (c) => {
      await change(deps, c, (context) => setPriority(context, c.req.valid('param').id, c.req.valid('json')));
      return c.json({ ok: true as const });
    })
    .post('/:id/messages', validate('param', idParam), validate('json', messageInputSchema), async (c) => {
      await change(deps, c, (context) => postMessage(context, c.req.valid('param').id, c.req.valid('json')));
      return c.json({ ok: true as const }, 201);
    })
    .post('/:id/notes', validate('param', idParam), validate('json', noteInputSchema), async (c) => {
      await change(deps, c, (context) => addNote(context, c.req.valid('param').id, c.req.valid('json')));
      return c.json({ ok: true as const }, 201);
    })
    .post('/:id/fusion', validate('param', idParam), validate('json', mergeInputSchema), async (c) => {
      const merged = await change(deps, c, (context) => mergeRequest(context, c.req.valid('param').id, c.req.valid('json')));
      return c.json(merged);
    });
}

type ChangeContextOf = Parameters<typeof transitionRequest>[0];

/** One tenant transaction carrying the signed-in agent to a domain verb. */
function change<T>(
  deps: AppDependencies,
  c: { var: AgentActorEnv['Variables'] & { site: { kind: 'commune'; tenant: { id: string } } } },
  verb: (context: ChangeContextOf) => Promise<T>,
): Promise<T> {
  const tenantId = c.var.site.tenant.id;
  return withTenant(deps.db, tenantId, (tx) =>
    verb({ tx, jobs: deps.jobs, tenantId, actor: c.var.actor }),
  );
}
