import { Hono } from 'hono';
import { services, withTenant, type Database } from '@guichet/db';
import type { AppEnv } from '../env.ts';
import { requireCommune } from '../middleware/site.ts';

// The database runs with the C collation; "État" must still sort among the E's.
const frenchOrder = new Intl.Collator('fr', { sensitivity: 'base' });

/** The commune's services instructeurs, as shown on its portal. */
export function serviceRoutes(db: Database) {
  return new Hono<AppEnv>().get('/services', requireCommune, async (c) => {
    const rows = await withTenant(db, c.var.site.tenant.id, (tx) =>
      tx.select({ slug: services.slug, name: services.name, description: services.description }).from(services),
    );
    return c.json({ services: rows.sort((a, b) => frenchOrder.compare(a.name, b.name)) });
  });
}
