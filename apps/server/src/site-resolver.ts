import { eq } from 'drizzle-orm';
import { epcis, hostnames, tenants, type Database } from '@guichet/db';
import type { Site } from './env.ts';

const CACHE_MS = 30_000;

/**
 * Maps a Host header to a commune or an EPCI console: first the declared own domains, then
 * `<slug>.<platformDomain>`. Entries are cached briefly; processes stay stateless because a
 * change reaches every process within the cache delay.
 */
export function createSiteResolver(db: Database, platformDomain: string) {
  const cache = new Map<string, { site: Site | undefined; until: number }>();
  const suffix = `.${platformDomain.toLowerCase()}`;

  async function lookup(host: string): Promise<Site | undefined> {
    const [own] = await db.select().from(hostnames).where(eq(hostnames.hostname, host));
    if (own?.tenantId) return communeSite(own.tenantId);
    if (own?.epciId) return epciSite(eq(epcis.id, own.epciId));
    if (!host.endsWith(suffix)) return undefined;
    const slug = host.slice(0, -suffix.length);
    if (slug.includes('.')) return undefined;
    const [commune] = await db.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, slug));
    if (commune) return communeSite(commune.id);
    return epciSite(eq(epcis.slug, slug));
  }

  async function communeSite(tenantId: string): Promise<Site | undefined> {
    const [row] = await db
      .select({ tenant: tenants, epci: epcis })
      .from(tenants)
      .innerJoin(epcis, eq(epcis.id, tenants.epciId))
      .where(eq(tenants.id, tenantId));
    return row ? { kind: 'commune', ...row } : undefined;
  }

  async function epciSite(condition: ReturnType<typeof eq>): Promise<Site | undefined> {
    const [epci] = await db.select().from(epcis).where(condition);
    return epci ? { kind: 'epci', epci } : undefined;
  }

  return {
    async resolve(hostHeader: string | undefined): Promise<Site | undefined> {
      const host = normaliseHost(hostHeader);
      if (!host) return undefined;
      const cached = cache.get(host);
      if (cached && cached.until > Date.now()) return cached.site;
      const site = await lookup(host);
      cache.set(host, { site, until: Date.now() + CACHE_MS });
      return site;
    },
    /** After a commune was created: this process answers its addresses at once, instead of as unknown. */
    forgetUnknownHosts() {
      for (const [host, entry] of cache) if (entry.site === undefined) cache.delete(host);
    },
    /** After a commune's administrator changed its presentation: this process shows it at once. */
    forgetCommune(tenantId: string) {
      for (const [host, entry] of cache) if (entry.site?.kind === 'commune' && entry.site.tenant.id === tenantId) cache.delete(host);
    },
  };
}

export type SiteResolver = ReturnType<typeof createSiteResolver>;

/** Lower-cased, without port and trailing dot; undefined when it is not a plausible host name. */
function normaliseHost(hostHeader: string | undefined): string | undefined {
  if (!hostHeader) return undefined;
  const host = hostHeader.trim().toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
  return /^[a-z0-9.-]{1,253}$/.test(host) ? host : undefined;
}
