import { createMiddleware } from 'hono/factory';
import { withEpci, withTenant, type Database } from '@guichet/db';
import type { AppEnv, Site } from '../env.ts';
import { problem } from '../problems/problem.ts';

/**
 * Resolves the Host to a commune or an EPCI console, and gives routes `c.var.inSite`, their
 * transaction in that scope; an unknown host gets a 404 problem.
 */
export function resolveSite(db: Database, resolve: (host: string | undefined) => Promise<Site | undefined>) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const site = await resolve(c.req.header('host'));
    if (!site) {
      return problem(c, 'commune-inconnue', {
        detail: `L'adresse ${c.req.header('host') ?? '(sans hôte)'} n'est rattachée à aucune commune ni intercommunalité de la plateforme.`,
      });
    }
    c.set('site', site);
    c.set('inSite', (work) => (site.kind === 'commune' ? withTenant(db, site.tenant.id, work) : withEpci(db, site.epci.id, work)));
    await next();
  });
}

/** For routes that only make sense on a commune's portal (not on an EPCI console). */
export const requireCommune = createMiddleware<AppEnv & { Variables: { site: Extract<Site, { kind: 'commune' }> } }>(
  async (c, next) => {
    if (c.var.site.kind !== 'commune') {
      return problem(c, 'commune-requise');
    }
    await next();
  },
);

/** For the EPCI console's routes. */
export const requireEpci = createMiddleware<AppEnv & { Variables: { site: Extract<Site, { kind: 'epci' }> } }>(
  async (c, next) => {
    if (c.var.site.kind !== 'epci') {
      return problem(c, 'console-requise');
    }
    await next();
  },
);
