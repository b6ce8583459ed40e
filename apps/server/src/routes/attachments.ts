import { Hono } from 'hono';
import { z } from 'zod';
import { withTenant } from '@guichet/db';
import { rateKey, type RateRule } from '@guichet/identity';
import { attachVaultDocument, listAttachments, openAttachment, storeAttachment, uploadRules, type Actor, type Uploader } from '@guichet/requests';
import type { AppDependencies, AppEnv } from '../env.ts';
import { fileResponse } from '../file-response.ts';
import { agentActor, type AgentActorEnv } from '../middleware/agent-actor.ts';
import { limitAttempts } from '../middleware/attempt-limits.ts';
import { requireAgent, requireCitizen } from '../middleware/require-account.ts';
import { requireCommune } from '../middleware/site.ts';
import { withUpload } from '../multipart-upload.ts';
import { issueUploadToken } from '../upload-token.ts';
import { validate } from '../validate.ts';

/** The form field an upload is for (its limits and accepted types then apply), if any. */
const targetQuery = z.strictObject({
  procedure: z.string().min(1).max(100).optional(),
  field: z.string().min(1).max(200).optional(),
});
const requestParam = z.object({ id: z.uuid() });
const fileParam = z.object({ id: z.uuid(), attachmentId: z.uuid() });
const fromVaultSchema = z.strictObject({ documentId: z.uuid('Document du coffre-fort invalide.') });

/** Anonymous uploads per address: enough for any honest filing, a bound on using the portal as a file host. */
const ANONYMOUS_UPLOADS: RateRule = { attempts: 30, windowSeconds: 3600, blockSeconds: 3600 };

/**
 * The citizen's files: upload (signed in, or anonymously for a procedure open to anonymous
 * filing), copy from the vault, and list or download the files of their own requests. The ids
 * returned go into a `file` field's value or a message's `attachmentIds`.
 */
export function attachmentRoutes(deps: AppDependencies) {
  return new Hono<AppEnv>()
    .post(
      '/pieces-jointes',
      requireCommune,
      limitAttempts(deps.db, ANONYMOUS_UPLOADS, (c) => (c.var.session?.accountKind === 'citizen' ? undefined : rateKey('depot-anonyme', c.var.clientIp))),
      validate('query', targetQuery),
      async (c) => {
        const tenantId = c.var.site.tenant.id;
        const session = c.var.session;
        const citizen = session?.accountKind === 'citizen' ? session.accountId : undefined;
        const rules = await withTenant(deps.db, tenantId, (tx) =>
          uploadRules(tx, c.req.valid('query'), { anonymous: citizen === undefined, defaultMaxBytes: deps.uploadMaxBytes }),
        );
        const uploader: Uploader = citizen ? { kind: 'citizen', accountId: citizen } : { kind: 'anonymous', uploadToken: issueUploadToken(c) };
        const stored = await withUpload(c.req.raw, rules.maxBytes, (upload) =>
          withTenant(deps.db, tenantId, (tx) => storeAttachment({ tx, storage: deps.storage, tenantId, uploader }, upload.file, rules)),
        );
        return c.json(stored, 201);
      },
    )
    .post('/pieces-jointes/depuis-coffre-fort', requireCommune, requireCitizen, validate('json', fromVaultSchema), async (c) => {
      const tenantId = c.var.site.tenant.id;
      const accountId = c.var.session.accountId;
      const copied = await withTenant(deps.db, tenantId, (tx) =>
        attachVaultDocument({ tx, storage: deps.storage, tenantId, accountId }, c.req.valid('json').documentId),
      );
      return c.json(copied, 201);
    })
    .get('/demandes/:id/pieces-jointes', requireCommune, requireCitizen, validate('param', requestParam), async (c) => {
      const actor: Actor = { kind: 'citizen', accountId: c.var.session.accountId };
      const files = await withTenant(deps.db, c.var.site.tenant.id, (tx) => listAttachments(tx, actor, c.req.valid('param').id));
      return c.json({ attachments: files });
    })
    .get('/demandes/:id/pieces-jointes/:attachmentId', requireCommune, requireCitizen, validate('param', fileParam), async (c) => {
      const actor: Actor = { kind: 'citizen', accountId: c.var.session.accountId };
      const { id, attachmentId } = c.req.valid('param');
      const file = await withTenant(deps.db, c.var.site.tenant.id, (tx) => openAttachment({ tx, storage: deps.storage, actor }, id, attachmentId));
      return fileResponse(c, file);
    });
}

/** The agents' side, mounted under /agent: upload for their messages and filings, list, download. */
export function agentAttachmentRoutes(deps: AppDependencies) {
  const agent = [requireCommune, requireAgent(), agentActor(deps.db)] as const;
  return new Hono<AgentActorEnv>()
    .post('/pieces-jointes', ...agent, validate('query', targetQuery), async (c) => {
      const tenantId = c.var.site.tenant.id;
      const uploader: Uploader = { kind: 'agent', agentId: c.var.actor.agentId };
      const rules = await withTenant(deps.db, tenantId, (tx) =>
        uploadRules(tx, c.req.valid('query'), { anonymous: false, defaultMaxBytes: deps.uploadMaxBytes }),
      );
      const stored = await withUpload(c.req.raw, rules.maxBytes, (upload) =>
        withTenant(deps.db, tenantId, (tx) => storeAttachment({ tx, storage: deps.storage, tenantId, uploader }, upload.file, rules)),
      );
      return c.json(stored, 201);
    })
    .get('/demandes/:id/pieces-jointes', ...agent, validate('param', requestParam), async (c) => {
      const files = await withTenant(deps.db, c.var.site.tenant.id, (tx) => listAttachments(tx, c.var.actor, c.req.valid('param').id));
      return c.json({ attachments: files });
    })
    .get('/demandes/:id/pieces-jointes/:attachmentId', ...agent, validate('param', fileParam), async (c) => {
      const { id, attachmentId } = c.req.valid('param');
      const file = await withTenant(deps.db, c.var.site.tenant.id, (tx) =>
        openAttachment({ tx, storage: deps.storage, actor: c.var.actor }, id, attachmentId),
      );
      return fileResponse(c, file);
    });
}
