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

/** An EPCI's map opens on the platform's tiles over its members: zoomed out enough to show several. */
const EPCI_ZOOM = 11;

/**
 * The map of an EPCI's console (its statistics by place): the platform's tile server, opening at
 * the middle of its member communes' centres. None without platform tiles or any centre.
 */
export function epciMap(members: readonly Tenant[], platformTiles: MapTiles | null): (Omit<CommuneMap, 'tiles'> & { tiles: MapTiles }) | null {
  const centres = members.flatMap((member) => (member.map ? [member.map.center] : []));
  if (!platformTiles || centres.length === 0) return null;
  const mean = (key: 'lat' | 'lon') => centres.reduce((sum, centre) => sum + centre[key], 0) / centres.length;
  return { center: { lat: mean('lat'), lon: mean('lon') }, zoom: EPCI_ZOOM, tiles: platformTiles };
}

/** The tile origin this site's pages may load images from: its portal's map's, or the platform's on an EPCI's console. */
export function siteTileOrigin(site: Site | undefined, platformTiles: MapTiles | null): string | null {
  if (site?.kind === 'epci') return platformTiles ? tileOrigin(platformTiles.url) : null;
  if (site?.kind !== 'commune') return null;
  const map = communeMap(site.tenant, platformTiles);
  return map ? tileOrigin(map.tiles.url) : null;
}
