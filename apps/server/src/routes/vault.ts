import { Hono } from 'hono';
import { z } from 'zod';
import { withTenant } from '@guichet/db';
import { addVaultDocument, deleteVaultDocument, listVaultDocuments, openVaultDocument, vaultDocumentInputSchema } from '@guichet/requests';
import type { AppDependencies, AppEnv } from '../env.ts';
import { fileResponse } from '../file-response.ts';
import { requireCitizen } from '../middleware/require-account.ts';
import { requireCommune } from '../middleware/site.ts';
import { withUpload } from '../multipart-upload.ts';
import { fieldErrors, validationProblem } from '../problems/problem.ts';
import { validate } from '../validate.ts';

const documentParam = z.object({ id: z.uuid() });

/**
 * The citizen's coffre-fort: the same documents on every commune portal of the EPCI (the rows
 * belong to the EPCI; a commune's transaction sees its own EPCI's). Upload with a title and an
 * optional expiry date, list with expiry states, download, delete.
 */
export function vaultRoutes(deps: AppDependencies) {
  return new Hono<AppEnv>()
    .use(requireCommune, requireCitizen)
    .post('/', async (c) => {
      const { tenant, epci } = c.var.site;
      const accountId = c.var.session.accountId;
      return withUpload(c.req.raw, deps.uploadMaxBytes, async (upload) => {
        const input = vaultDocumentInputSchema.safeParse({ title: upload.fields.title, expiresOn: upload.fields.expiresOn });
        if (!input.success) return validationProblem(c, fieldErrors(input.error));
        const added = await withTenant(deps.db, tenant.id, (tx) =>
          addVaultDocument({ tx, storage: deps.storage, epciId: epci.id, accountId }, upload.file, input.data),
        );
        return c.json(added, 201);
      });
    })
    .get('/', async (c) => {
      const accountId = c.var.session.accountId;
      const documents = await withTenant(deps.db, c.var.site.tenant.id, (tx) => listVaultDocuments(tx, accountId));
      return c.json({ documents });
    })
    .get('/:id', validate('param', documentParam), async (c) => {
      const accountId = c.var.session.accountId;
      const opened = await withTenant(deps.db, c.var.site.tenant.id, (tx) =>
        openVaultDocument({ tx, storage: deps.storage, accountId }, c.req.valid('param').id),
      );
      return fileResponse(c, { filename: opened.document.filename, mediaType: opened.document.mediaType, size: opened.size, body: opened.body });
    })
    .delete('/:id', validate('param', documentParam), async (c) => {
      const accountId = c.var.session.accountId;
      await withTenant(deps.db, c.var.site.tenant.id, (tx) => deleteVaultDocument({ tx, jobs: deps.jobs, accountId }, c.req.valid('param').id));
      return c.body(null, 204);
    });
}
