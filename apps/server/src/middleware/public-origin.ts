import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env.ts';

/**
 * The one source of the address the browser sees (`c.var.publicOrigin`): FranceConnect's and
 * the agents' providers' redirect URIs, the links in mail and invitations, Open311's endpoint
 * and the console's links to member portals are all built on it. Behind a TLS-terminating proxy
 * (TRUST_PROXY) the scheme comes from X-Forwarded-Proto.
 */
export function resolvePublicOrigin(trustProxy: boolean) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const url = new URL(c.req.url);
    const forwarded = trustProxy ? c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() : undefined;
    const protocol = forwarded === 'https' || forwarded === 'http' ? `${forwarded}:` : url.protocol;
    c.set('publicOrigin', `${protocol}//${url.host}`);
    await next();
  });
}

/** Another portal of the platform, on the same scheme and port as the address called. */
export function portalOrigin(publicOrigin: string, slug: string, platformDomain: string): string {
  const url = new URL(publicOrigin);
  return `${url.protocol}//${slug}.${platformDomain}${url.port ? `:${url.port}` : ''}`;
}

/** The URL the browser came back on, rebuilt on the public origin (what a provider redirected to). */
export function publicUrl(c: { req: { url: string }; var: { publicOrigin: string } }): URL {
  const url = new URL(c.req.url);
  return new URL(`${url.pathname}${url.search}`, c.var.publicOrigin);
}
