/**
 * A request's cell on a map of its commune, about a kilometre wide (`requests.grid_cell` once
 * anonymised, `request_facts.grid_cell`): a place for statistics, never a doorstep.
 */
export function gridCellOf(latitude: number | null, longitude: number | null): string | null {
  if (latitude === null || longitude === null) return null;
  return `${latitude.toFixed(2)}:${longitude.toFixed(2)}`;
}
