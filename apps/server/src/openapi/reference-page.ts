import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';

const require = createRequire(import.meta.url);

/**
 * Swagger UI's files, served by the platform itself: a commune's intranet reaches no CDN, and
 * the Content-Security-Policy allows only this origin's scripts.
 */
const ASSETS = {
  'swagger-ui.css': { file: require.resolve('swagger-ui-dist/swagger-ui.css'), type: 'text/css; charset=utf-8' },
  'swagger-ui-bundle.js': { file: require.resolve('swagger-ui-dist/swagger-ui-bundle.js'), type: 'text/javascript; charset=utf-8' },
} as const;

const PAGE = `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>API Guichet — référence</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/api/docs/swagger-ui.css">
<link rel="stylesheet" href="/api/docs/contraste.css">
</head>
<body>
<main id="reference"></main>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/demarrage.js"></script>
</body>
</html>`;

// In a file of its own, not inline: the policy runs no inline script.
const START = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/api/openapi.json',
    dom_id: '#reference',
    deepLinking: false,
    validatorUrl: null,
    withCredentials: true,
    defaultModelsExpandDepth: 0,
    docExpansion: 'none',
  });
  // Swagger UI leaves the request body's editor without a name: screen readers then announce
  // a bare text area.
  new MutationObserver(function () {
    document.querySelectorAll('textarea.body-param__text:not([aria-label])').forEach(function (area) {
      area.setAttribute('aria-label', 'Corps de la requête (JSON)');
    });
  }).observe(document.body, { childList: true, subtree: true });
});
`;

// Swagger UI's colours under WCAG AA's 4.5:1 contrast, darkened.
const CONTRAST = `.swagger-ui .info .title small { background: #4d4d4d; }
.swagger-ui .info .title small.version-stamp { background: #2f5b00; }
.swagger-ui .info .url, .swagger-ui .info a { color: #1a4f9c; }
.swagger-ui .btn.authorize { color: #1d6b45; border-color: #1d6b45; }
.swagger-ui .btn.authorize svg { fill: #1d6b45; }
.swagger-ui .opblock.opblock-post .opblock-summary-method { background: #1d6b45; }
.swagger-ui .opblock.opblock-get .opblock-summary-method { background: #1f5fa6; }
.swagger-ui .opblock.opblock-put .opblock-summary-method { background: #8a4b00; }
.swagger-ui .opblock.opblock-patch .opblock-summary-method { background: #1c6b60; }
.swagger-ui .opblock.opblock-delete .opblock-summary-method { background: #b01e1e; }
.swagger-ui .btn.try-out__btn { color: #3b3b3b; border-color: #3b3b3b; }
.swagger-ui .btn.execute { background: #1f5fa6; border-color: #1f5fa6; color: #fff; }
.swagger-ui .download-contents { background: #3b3b3b; color: #fff; }
.swagger-ui .parameter__in { color: #4d4d4d; }
`;

/** The readable reference of the API, under /api/docs, on every commune's address. */
export function referencePageRoutes() {
  const cache = new Map<string, Promise<Buffer>>();
  const read = (file: string) => cache.get(file) ?? cache.set(file, readFile(file)).get(file)!;
  return new Hono<AppEnv>()
    .get('/', (c) => c.html(PAGE))
    .get('/demarrage.js', (c) => c.body(START, 200, { 'content-type': 'text/javascript; charset=utf-8' }))
    .get('/contraste.css', (c) => c.body(CONTRAST, 200, { 'content-type': 'text/css; charset=utf-8' }))
    .get('/:asset{swagger-ui\\.css|swagger-ui-bundle\\.js}', async (c) => {
      const asset = ASSETS[c.req.param('asset') as keyof typeof ASSETS];
      return c.body(new Uint8Array(await read(asset.file)), 200, { 'content-type': asset.type, 'cache-control': 'public, max-age=86400' });
    });
}
