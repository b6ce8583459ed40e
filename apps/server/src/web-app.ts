import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Context, Hono } from 'hono';
import { CatalogueError, procedureDetail } from '@guichet/catalogue';
import { isDatabaseUnavailable } from '@guichet/db';
import type { AppEnv } from './env.ts';
import { isStorableText } from './problems/unstorable-text.ts';
import { matchWebPage, readWebPages, type WebPage } from './web-pages.ts';

/** Vite names every file under assets/ after a hash of its content: a new build, new names. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The built SolidJS app: its assets as the build wrote them (with their `.br` and `.gz`, kept a
 * year), and its shell, index.html, for every page of the app; any other path gets the same
 * shell with 404, so that the browser shows "Page introuvable" and a search engine or a link
 * checker is told the truth.
 */
export function serveWebApp(app: Hono<AppEnv>, root: string) {
  const shell = readFile(path.join(root, 'index.html'), 'utf8');
  const pages = readWebPages(root);
  app.use('/assets/*', async (c, next) => {
    await next();
    if (!c.res.ok) return;
    c.res.headers.set('Cache-Control', IMMUTABLE);
    // Whichever variant this client got, a shared cache must ask again for the next one.
    if (!/accept-encoding/i.test(c.res.headers.get('Vary') ?? '')) c.res.headers.append('Vary', 'Accept-Encoding');
  });
  app.use('/assets/*', serveStatic({ root, precompressed: true }));
  app.get('/assets/*', (c) => c.notFound());
  app.get('/favicon.svg', serveStatic({ root }));
  app.get('*', async (c) => {
    // The shell names the current build's assets: revalidated at every visit, never kept stale.
    return c.html(await shell, await pageStatus(c, pages), { 'Cache-Control': 'no-cache' });
  });
}

/**
 * 200 for one of the web app's pages on the host it belongs to (a commune's portal, the EPCI's
 * console), 404 otherwise; on a procedure's pages, 404 also when the
 * commune publishes no such procedure. A draft is not a page for the server: an administrator
 * previewing one gets it rendered all the same, with a 404 status only a crawler would notice.
 * Without the database, 503, and still the shell: the page then says what it cannot show.
 */
async function pageStatus(c: Context<AppEnv>, pages: readonly WebPage[]): Promise<200 | 404 | 503> {
  const match = matchWebPage(pages, c.req.path);
  if (!match || !match.page.sites.includes(c.var.site.kind)) return 404;
  const { procedureParameter } = match.page;
  if (!procedureParameter || c.var.site.kind !== 'commune') return 200;
  const slug = match.params[procedureParameter]!;
  // A slug Postgres cannot even compare (`%00` in the address) names no procedure.
  if (!isStorableText(slug)) return 404;
  try {
    await c.var.inSite((tx) => procedureDetail({ tx }, { slug, includeDrafts: false }));
    return 200;
  } catch (error) {
    if (error instanceof CatalogueError && error.failure.kind === 'not_found') return 404;
    if (isDatabaseUnavailable(error)) return 503;
    throw error;
  }
}
