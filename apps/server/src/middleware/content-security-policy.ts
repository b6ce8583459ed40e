import type { MiddlewareHandler } from 'hono';
import { siteTileOrigin, type MapTiles } from '../commune-map.ts';
import type { AppEnv } from '../env.ts';

/**
 * The Content-Security-Policy of every answer, written once the site is known: scripts, styles
 * and fonts from the platform only; the browser may call the address search (from the filing
 * form) and load the map tiles of this commune's tile server, and nothing else outside.
 */
export function contentSecurityPolicy(deps: { addressSearchUrl: string; mapTiles: MapTiles | null }): MiddlewareHandler<AppEnv> {
  const addressSearchOrigin = new URL(deps.addressSearchUrl).origin;
  return async (c, next) => {
    await next();
    const tileOrigin = siteTileOrigin(c.var.site, deps.mapTiles);
    const directives = [
      "default-src 'self'",
      `connect-src 'self' ${addressSearchOrigin}`,
      ['img-src', "'self'", 'data:', ...(tileOrigin ? [tileOrigin] : [])].join(' '),
      "style-src 'self' 'unsafe-inline'",
      "frame-ancestors 'none'",
    ];
    c.res.headers.set('content-security-policy', directives.join('; '));
  };
}
