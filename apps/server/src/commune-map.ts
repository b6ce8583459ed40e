import { tileOrigin } from '@guichet/config';
import type { CommuneMap, Tenant } from '@guichet/db';
import type { Site } from './env.ts';

/** A tile server: its address template and the attribution its licence requires. */
export type MapTiles = { url: string; attribution: string };

/**
 * The map a commune's portal shows: where it opens, with the commune's own tile server or else
 * the platform's. None when neither is configured, or the commune declares no centre: the forms
 * then do without (the address search and the position suffice).
 */
export function communeMap(tenant: Tenant, platformTiles: MapTiles | null): (Omit<CommuneMap, 'tiles'> & { tiles: MapTiles }) | null {
  const tiles = tenant.map?.tiles ?? platformTiles;
  if (!tenant.map || !tiles) return null;
  return { center: tenant.map.center, zoom: tenant.map.zoom, tiles };
}

/** The tile origin this site's pages may load images from, if its portal has a map. */
export function siteTileOrigin(site: Site | undefined, platformTiles: MapTiles | null): string | null {
  if (site?.kind !== 'commune') return null;
  const map = communeMap(site.tenant, platformTiles);
  return map ? tileOrigin(map.tiles.url) : null;
}
