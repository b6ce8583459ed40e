import { createHash } from 'node:crypto';

/** A commune's public catalogue as answered: its JSON and that JSON's entity tag. */
export type CachedCatalogue = { body: string; etag: string };

/**
 * Longest a copy is served: the announcements of `catalogue_changes` drop a copy as soon as its
 * commune's catalogue changes; this only bounds a change made while the listening connection was
 * down, before it came back and dropped every copy.
 */
const MAXIMUM_AGE_MS = 60_000;

/**
 * Each commune's public catalogue (published procedures), kept in this process. A copy is dropped
 * when Postgres announces a change to the commune's procedures or themes (any process, the
 * loader), and by this process's own changes at once. A reading that began before a change is not
 * kept (the commune's generation moved meanwhile), so a dropped copy never comes back stale; and
 * none is kept while changes are not `announced` (the listening connection is down).
 */
export function createCatalogueCache(announced: () => boolean) {
  const copies = new Map<string, CachedCatalogue & { keptAt: number }>();
  const generations = new Map<string, number>();
  let epoch = 0;
  const generationOf = (tenantId: string) => `${epoch}:${generations.get(tenantId) ?? 0}`;

  return {
    async read(tenantId: string, load: () => Promise<unknown>): Promise<CachedCatalogue> {
      const kept = copies.get(tenantId);
      if (kept && Date.now() - kept.keptAt < MAXIMUM_AGE_MS) return kept;
      const generation = generationOf(tenantId);
      const body = JSON.stringify(await load());
      const copy = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
      if (announced() && generationOf(tenantId) === generation) copies.set(tenantId, { ...copy, keptAt: Date.now() });
      return copy;
    },
    /** The commune's catalogue changed, or, with `all`, any may have. */
    forget(tenantId: string | 'all') {
      if (tenantId === 'all') {
        epoch += 1;
        copies.clear();
        return;
      }
      generations.set(tenantId, (generations.get(tenantId) ?? 0) + 1);
      copies.delete(tenantId);
    },
  };
}

export type CatalogueCache = ReturnType<typeof createCatalogueCache>;
