import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { withTenant } from '@guichet/db';
import {
  fileRequest,
  filingInputSchema,
  listCitizenRequests,
  messageInputSchema,
  postMessage,
  rateRequest,
  ratingInputSchema,
  requestDetail,
  type Actor,
} from '@guichet/requests';
import type { AppDependencies, AppEnv } from '../env.ts';
import { requireCitizen } from '../middleware/require-account.ts';
import { requireCommune } from '../middleware/site.ts';
import { readUploadToken } from '../upload-token.ts';
import { validate } from '../validate.ts';

const portalFilingSchema = filingInputSchema.omit({ channel: true, contactId: true });
const idParam = z.object({ id: z.uuid() });

/**
 * The citizen's side: file through the portal (signed in, or anonymously where the procedure
 * allows it), follow, answer, rate. Domain failures become problems in the app's error handler.
 */
export function requestRoutes(deps: AppDependencies) {
  return new Hono<AppEnv>()
    .use(requireCommune)
    .post('/', validate('json', portalFilingSchema), async (c) => {
      const tenant = c.var.site.tenant;
      const session = c.var.session;
      const actor: Actor = session?.accountKind === 'citizen' ? { kind: 'citizen', accountId: session.accountId } : { kind: 'system' };
      const filed = await withTenant(deps.db, tenant.id, (tx) =>
        fileRequest({ tx, jobs: deps.jobs, tenant, actor, uploadToken: readUploadToken(c) }, { ...c.req.valid('json'), channel: 'portal' }),
      );
      return c.json({ id: filed.id, reference: filed.reference, dueAt: filed.dueAt.toISOString() }, 201);
    })
    .get('/', requireCitizen, async (c) => {
      const accountId = c.var.session.accountId;
      const list = await withTenant(deps.db, c.var.site.tenant.id, (tx) => listCitizenRequests(tx, accountId));
      return c.json({ requests: list });
    })
    .get('/:id', requireCitizen, validate('param', idParam), async (c) => {
      const actor: Actor = { kind: 'citizen', accountId: c.var.session.accountId };
      const detail = await withTenant(deps.db, c.var.site.tenant.id, (tx) => requestDetail(tx, actor, c.req.valid('param').id));
      return c.json(detail);
    })
    .get('/:id/flux', requireCitizen, validate('param', idParam), async (c) => {
      const tenantId = c.var.site.tenant.id;
      const requestId = c.req.valid('param').id;
      const actor: Actor = { kind: 'citizen', accountId: c.var.session.accountId };
      const read = () => withTenant(deps.db, tenantId, (tx) => requestDetail(tx, actor, requestId));
      const first = await read();
      return streamSSE(c, async (stream) => {
        let changed: () => void = () => {};
        let ended = false;
        const unsubscribe = await deps.requestFeed.subscribe(
          requestId,
          (announcement) => {
            if (announcement === 'resync' || (announcement.public && announcement.tenantId === tenantId)) changed();
          },
          () => {
            ended = true;
            changed();
          },
        );
        stream.onAbort(unsubscribe);
        await stream.writeSSE({ event: 'demande', data: JSON.stringify(liveView(first)) });
        while (!stream.aborted && !ended) {
          // Wake on an announcement, or every 25 s to keep proxies from closing an idle stream.
          const announced = await new Promise<boolean>((resolve) => {
            const timer = setTimeout(() => resolve(false), 25_000);
            changed = () => {
              clearTimeout(timer);
              resolve(true);
            };
          });
          if (stream.aborted || ended) break;
          if (announced) await stream.writeSSE({ event: 'demande', data: JSON.stringify(liveView(await read())) });
          else await stream.write(': attente\n\n');
        }
        unsubscribe();
      });
    })
    .post('/:id/messages', requireCitizen, validate('param', idParam), validate('json', messageInputSchema), async (c) => {
      const tenantId = c.var.site.tenant.id;
      const actor: Actor = { kind: 'citizen', accountId: c.var.session.accountId };
      await withTenant(deps.db, tenantId, (tx) =>
        postMessage({ tx, jobs: deps.jobs, tenantId, actor }, c.req.valid('param').id, c.req.valid('json')),
      );
      return c.json({ ok: true as const }, 201);
    })
    .post('/:id/avis', requireCitizen, validate('param', idParam), validate('json', ratingInputSchema), async (c) => {
      const tenantId = c.var.site.tenant.id;
      const actor: Actor = { kind: 'citizen', accountId: c.var.session.accountId };
      await withTenant(deps.db, tenantId, (tx) =>
        rateRequest({ tx, jobs: deps.jobs, tenantId, actor }, c.req.valid('param').id, c.req.valid('json')),
      );
      return c.json({ ok: true as const });
    });
}

/** What the open page needs to refresh itself: the status and the public timeline. */
function liveView(detail: Awaited<ReturnType<typeof requestDetail>>) {
  return { status: detail.status, statusLabel: detail.statusLabel, clockPaused: detail.clockPaused, dueAt: detail.dueAt, history: detail.history };
}
