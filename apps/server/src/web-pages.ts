import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** `routes.json`, written by the web app's build (apps/web/build/page-routes.ts). */
const pagesFileSchema = z.object({
  pages: z.array(
    z.object({ path: z.string().startsWith('/'), sites: z.array(z.enum(['commune', 'epci'])), procedureParameter: z.string().optional() }),
  ),
});

export type WebPage = z.infer<typeof pagesFileSchema>['pages'][number];

/** The web app's pages, as its build lists them beside the bundle. */
export function readWebPages(webDistDir: string): WebPage[] {
  const file = path.join(webDistDir, 'routes.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`${file} is missing: build the web app again (npx turbo run build --filter=@guichet/web)`);
  }
  return pagesFileSchema.parse(JSON.parse(text)).pages;
}

/**
 * The page a path designates, with its parameters, matched as @solidjs/router matches it in the
 * browser (one leading and one trailing slash tolerated, no empty segment, static segments
 * whatever their case, the most static pattern first), so that the server's status and the page
 * the browser shows agree.
 */
export function matchWebPage(pages: readonly WebPage[], pathname: string): { page: WebPage; params: Record<string, string> } | undefined {
  const segments = pathname.split('/');
  if (segments[0] === '') segments.shift();
  if (segments.at(-1) === '') segments.pop();
  if (segments.includes('')) return undefined;
  let best: { page: WebPage; params: Record<string, string>; staticSegments: number } | undefined;
  for (const page of pages) {
    const pattern = page.path.split('/').filter(Boolean);
    if (pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let staticSegments = 0;
    const matches = pattern.every((part, index) => {
      const segment = segments[index]!;
      if (part.startsWith(':')) {
        params[part.slice(1)] = segment;
        return true;
      }
      staticSegments += 1;
      return part.toLowerCase() === segment.toLowerCase();
    });
    if (matches && (!best || staticSegments > best.staticSegments)) best = { page, params, staticSegments };
  }
  return best && { page: best.page, params: best.params };
}
