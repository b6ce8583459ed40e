import { createRoute } from '@hono/zod-openapi';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import {
  apiKeySchema,
  createApiKey,
  discoveryOf,
  fileOpen311Request,
  formatOfPath,
  formats,
  issuedApiKeySchema,
  listApiKeys,
  listServices,
  Open311Error,
  readSearch,
  render,
  requestByReference,
  revokeApiKey,
  searchRequests,
  serviceDefinition,
  servicesChangedAt,
  type Document,
} from '@guichet/open311';
import { REPLAYED_HEADER } from '@guichet/requests';
import type { AppDependencies, AppEnv, Site } from '../env.ts';
import { requireAgent } from '../middleware/require-account.ts';
import { requireCommune } from '../middleware/site.ts';
import { asAgent } from '../openapi/access.ts';
import { jsonBody, jsonResponse, problemResponses } from '../openapi/responses.ts';
import { createRouter } from '../openapi/router.ts';
import { okSchema } from '../openapi/shared-schemas.ts';
import { problem } from '../problems/problem.ts';
import { isStorableText, UNSTORABLE_TEXT_MESSAGE } from '../problems/unstorable-text.ts';

type CommuneEnv = AppEnv & { Variables: { site: Extract<Site, { kind: 'commune' }> } };

/**
 * Open311 GeoReport v2, one endpoint per commune on its own host, for the clients that already
 * speak it (reporting apps, city dashboards). Mounted outside `/api`: its clients are not
 * browsers and carry no Origin, and they expect the specification's error format, not ours.
 */
export function open311Routes(deps: AppDependencies) {
  const app = new Hono<CommuneEnv>();

  app.use(async (c, next) => {
    if (c.var.site.kind !== 'commune') throw new Open311Error(404, 'Cette adresse est celle d’une console intercommunale : chaque commune a son point d’accès Open311.');
    await next();
  });

  for (const format of formats) {
    const reply = (c: Context, document: Document, status: 200 | 201 = 200) => {
      const { body, contentType } = render(document, format);
      return c.body(body, status, { 'content-type': contentType });
    };
    const file = (c: Context, parameter: string) => storable(parameter, c.req.param('file')!.slice(0, -`.${format}`.length));

    app.get(`/discovery.${format}`, async (c) => {
      const { tenant } = c.var.site;
      const changedAt = await c.var.inSite(servicesChangedAt);
      const endpoint = `${c.var.publicOrigin}/open311/v2`;
      return reply(c, { kind: 'discovery', discovery: discoveryOf(tenant, endpoint, changedAt ?? tenant.updatedAt) });
    });
    app.get(`/services.${format}`, async (c) => reply(c, { kind: 'services', services: await c.var.inSite(listServices) }));
    app.get(`/services/:file{.+\\.${format}}`, async (c) => {
      const definition = await c.var.inSite((tx) => serviceDefinition(tx, file(c, 'service_code')));
      return reply(c, { kind: 'service_definition', definition });
    });
    app.get(`/requests.${format}`, async (c) => {
      const search = readSearch(storableParams(new URL(c.req.url).searchParams), new Date());
      return reply(c, { kind: 'service_requests', requests: await c.var.inSite((tx) => searchRequests(tx, search)) });
    });
    app.get(`/requests/:file{.+\\.${format}}`, async (c) => {
      const request = await c.var.inSite((tx) => requestByReference(tx, file(c, 'service_request_id')));
      return reply(c, { kind: 'service_requests', requests: [request] });
    });
    app.post(`/requests.${format}`, postedBodyLimit, async (c) => {
      const params = await postedParams(c);
      const tenant = c.var.site.tenant;
      const { answer, replayed } = await c.var.inSite((tx) => fileOpen311Request({ tx, jobs: deps.jobs, tenant }, params, c.req.header('idempotency-key')));
      if (replayed) c.header(REPLAYED_HEADER, 'true');
      return reply(c, { kind: 'filed', requests: [answer] }, 201);
    });
  }

  app.all('*', () => {
    throw new Open311Error(404, 'Adresse inconnue : les documents sont discovery, services, services/{code}, requests et requests/{id}, en .json ou .xml.');
  });
  app.onError((error, c) => {
    const format = formatOfPath(c.req.path);
    if (error instanceof Open311Error) {
      const { body, contentType } = render({ kind: 'errors', errors: error.errors }, format);
      return c.body(body, error.status, { 'content-type': contentType });
    }
    const requestId = c.get('requestId');
    c.get('log').error({ err: error, requestId }, 'unexpected error');
    const { body, contentType } = render({ kind: 'errors', errors: [{ code: 500, description: `Erreur inattendue (identifiant ${requestId}).` }] }, format);
    return c.body(body, 500, { 'content-type': contentType });
  });
  return app;
}

/** A report is a few fields; anything much larger is not one. */
const postedBodyLimit = bodyLimit({
  maxSize: 64 * 1024,
  onError: () => {
    throw new Open311Error(413, 'Le corps de la requête dépasse 64 Kio.');
  },
});

/** The specification posts `application/x-www-form-urlencoded`, as an HTML form would. */
async function postedParams(c: Context): Promise<URLSearchParams> {
  if (!c.req.header('content-type')?.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    throw new Open311Error(400, 'Le corps doit être encodé en application/x-www-form-urlencoded.');
  }
  return storableParams(new URLSearchParams(await c.req.text()));
}

/**
 * Every parameter ends up compared with or written to Postgres, which cannot hold U+0000 (`%00`):
 * refused up front, naming the parameter, in the specification's error format. A lone surrogate
 * cannot arrive here: URL decoding turns bytes that are not UTF-8 into U+FFFD.
 */
function storableParams(params: URLSearchParams): URLSearchParams {
  const refused = new Set<string>();
  for (const [name, value] of params) {
    if (!isStorableText(name)) refused.add('Un nom de paramètre contient un caractère invalide.');
    else if (!isStorableText(value)) refused.add(`${name} : ${UNSTORABLE_TEXT_MESSAGE}`);
  }
  if (refused.size > 0) throw new Open311Error(400, [...refused]);
  return params;
}

/** A parameter given in the path (a service code, a request's reference), under the same rule. */
function storable(parameter: string, value: string): string {
  if (!isStorableText(value)) throw new Open311Error(400, `${parameter} : ${UNSTORABLE_TEXT_MESSAGE}`);
  return value;
}

const keyParam = z.object({ id: z.uuid('Clé introuvable.').meta({ description: 'L’identifiant de la clé.' }) });
const keyInput = z.strictObject({
  label: z.string().trim().min(2, 'Nommez le client de cette clé.').max(100).meta({ description: 'Le client qui utilisera la clé.' }),
});
const keyTags = ['Open311 : clés d’API'];
const admin = requireAgent('commune_admin');
const keySecurity = asAgent('commune_admin');
/** What every operation here may answer before its own work. */
const access = ['connexion-requise', 'second-facteur-requis', 'droits-insuffisants', 'commune-requise'] as const;

const listKeysOperation = createRoute({
  method: 'get',
  path: '/cles',
  tags: keyTags,
  summary: 'Lister les clés d’API Open311',
  description: 'Les clés des clients Open311 de la commune (applications de signalement, tableaux de bord), les plus récentes d’abord, révoquées comprises : les demandes qu’elles ont déposées les nomment encore. La clé elle-même n’est jamais réaffichée.',
  middleware: [requireCommune, admin] as const,
  security: keySecurity,
  responses: {
    200: jsonResponse(z.object({ keys: z.array(apiKeySchema) }), 'Les clés de la commune.'),
    ...problemResponses(...access),
  },
});

const createKeyOperation = createRoute({
  method: 'post',
  path: '/cles',
  tags: keyTags,
  summary: 'Créer une clé d’API Open311',
  description: 'La clé permet à un client de déposer des demandes sur `POST /open311/v2/requests.json` (paramètre `api_key`). Elle n’est affichée qu’une fois, dans cette réponse : seule son empreinte est conservée.',
  middleware: [requireCommune, admin] as const,
  security: keySecurity,
  request: { body: jsonBody(keyInput, { label: 'Application de signalement DansMaRue' }) },
  responses: {
    201: jsonResponse(issuedApiKeySchema, 'La clé, à transmettre au client.'),
    ...problemResponses('validation', ...access),
  },
});

const revokeKeyOperation = createRoute({
  method: 'delete',
  path: '/cles/{id}',
  tags: keyTags,
  summary: 'Révoquer une clé d’API Open311',
  description: 'Les dépôts avec cette clé sont refusés aussitôt ; la clé reste listée. Révoquer une clé déjà révoquée ne change rien.',
  middleware: [requireCommune, admin] as const,
  security: keySecurity,
  request: { params: keyParam },
  responses: {
    200: jsonResponse(okSchema, 'La clé est révoquée.'),
    ...problemResponses('validation', 'cle-introuvable', ...access),
  },
});

/**
 * The commune administrator's keys for Open311 clients. A key is shown once, when created;
 * revoking one stops its filings at once.
 */
export function open311AdminRoutes() {
  return createRouter()
    .openapi(listKeysOperation, async (c) => {
      const keys = await c.var.inSite(listApiKeys);
      return c.json(
        { keys: keys.map((key) => ({ ...key, createdAt: key.createdAt.toISOString(), revokedAt: key.revokedAt?.toISOString() ?? null })) },
        200,
      );
    })
    .openapi(createKeyOperation, async (c) => {
      const { label } = c.req.valid('json');
      const tenantId = c.var.site.tenant.id;
      const created = await c.var.inSite((tx) => createApiKey(tx, { tenantId, label }));
      return c.json({ id: created.id, label, key: created.key }, 201);
    })
    .openapi(revokeKeyOperation, async (c) => {
      const known = await c.var.inSite((tx) => revokeApiKey(tx, c.req.valid('param').id));
      if (!known) return problem(c, 'cle-introuvable');
      return c.json({ ok: true as const }, 200);
    });
}
