/** One suggestion of the Base Adresse Nationale's search: what the citizen reads, and its point. */
export type AddressSuggestion = { label: string; lat: number; lon: number };

type SearchAnswer = { features?: { geometry?: { coordinates?: [number, number] }; properties?: { label?: string } }[] };

/**
 * Asks the address search (`{url}/search/?q=…&limit=5`, the national service or its local peer)
 * for the addresses that match what was typed, those near the commune's centre first (`lat`,
 * `lon`: a priority, not a filter, since a street across the border is still an answer); its
 * GeoJSON gives each one's point.
 */
export async function searchAddresses(url: string, query: string, signal: AbortSignal, near: { lat: number; lon: number } | null): Promise<AddressSuggestion[]> {
  const params = new URLSearchParams({ q: query, limit: '5', autocomplete: '1' });
  if (near) {
    params.set('lat', String(near.lat));
    params.set('lon', String(near.lon));
  }
  return suggestionsOf(await fetch(`${url}/search/?${params}`, { signal }));
}

/** The address nearest a point (`{url}/reverse/?lat=…&lon=…`), to name a point placed on the map. */
export async function nearestAddress(url: string, point: { lat: number; lon: number }): Promise<AddressSuggestion | undefined> {
  const found = await suggestionsOf(await fetch(`${url}/reverse/?${new URLSearchParams({ lat: String(point.lat), lon: String(point.lon) })}`));
  return found[0];
}

async function suggestionsOf(response: Response): Promise<AddressSuggestion[]> {
  if (!response.ok) throw new Error(`address search: ${response.status}`);
  const answer = (await response.json()) as SearchAnswer;
  return (answer.features ?? []).flatMap((feature) => {
    const [lon, lat] = feature.geometry?.coordinates ?? [];
    const label = feature.properties?.label;
    return label && typeof lat === 'number' && typeof lon === 'number' ? [{ label, lat, lon }] : [];
  });
}
