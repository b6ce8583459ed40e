import { z } from 'zod';
import { slugSchema } from './procedure-definition.ts';

const longitude = z.number().min(-180).max(180);
const latitude = z.number().min(-90).max(90);

/**
 * A named area of a commune (a quartier, a zone d'activités): requests located in it can be
 * routed to a given service, and statistics can be read by sector.
 */
export const sectorSchema = z.strictObject({
  slug: slugSchema,
  name: z.string().trim().min(2).max(100),
  /** The outline, as [longitude, latitude] points in GeoJSON order; the last point joins the first. */
  polygon: z.array(z.tuple([longitude, latitude])).min(3, { error: 'Un secteur se trace avec 3 points au moins.' }),
});

export type Sector = z.infer<typeof sectorSchema>;

/**
 * The first sector whose outline contains the point, or null. Even-odd ray casting: at the scale
 * of a commune the earth is flat enough, and a point exactly on a border may fall either side.
 */
export function sectorOf(lat: number, lon: number, sectors: readonly Sector[]): string | null {
  return sectors.find((sector) => contains(sector.polygon, lon, lat))?.slug ?? null;
}

function contains(polygon: readonly (readonly [number, number])[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!;
    const [xj, yj] = polygon[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
