import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAddressSearchPeer } from '../src/address-search-peer.ts';

let peer: Awaited<ReturnType<typeof startAddressSearchPeer>>;
beforeAll(async () => {
  peer = await startAddressSearchPeer({ port: 0 });
});
afterAll(() => peer.close());

type Answer = { type: string; features: { geometry: { coordinates: [number, number] }; properties: Record<string, string> }[] };

const search = (query: string, limit = 5) => fetch(`${peer.url}/search/?${new URLSearchParams({ q: query, limit: String(limit) })}`);
const answerTo = async (query: string, limit = 5) => (await (await search(query, limit)).json()) as Answer;

describe('the local address search, in the Base Adresse Nationale’s format', () => {
  it('finds a house number on a demo street, with its point in GeoJSON (longitude first)', async () => {
    const response = await search('12 rue de la gare libercourt');
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const answer = (await response.json()) as Answer;
    expect(answer.type).toBe('FeatureCollection');
    const first = answer.features[0]!;
    expect(first.properties).toMatchObject({ label: '12 Rue de la Gare 62820 Libercourt', housenumber: '12', type: 'housenumber', citycode: '62907', postcode: '62820', city: 'Libercourt' });
    const [lon, lat] = first.geometry.coordinates;
    expect(lon).toBeCloseTo(3.0127, 2);
    expect(lat).toBeCloseTo(50.481, 2);
  });

  it('ignores accents, case and hyphens, matches word beginnings, and bounds the answer by `limit`', async () => {
    const everywhere = await answerTo('rue jean jaures');
    expect(everywhere.features.map((feature) => feature.properties.city).sort()).toEqual(['Carvin', 'Libercourt', 'Oignies']);
    expect((await answerTo('rue jean jaures', 2)).features).toHaveLength(2);
    expect((await answerTo('RUE EMILE ZO')).features[0]!.properties.label).toBe('Rue Émile Zola 62590 Oignies');
    expect((await answerTo('rue du 9 septembre')).features[0]!.properties.label).toBe('Rue du 9-Septembre 62590 Oignies');
  });

  it('puts the addresses around a given point first (`lat`, `lon`), as the national service does', async () => {
    const cities = async (params: Record<string, string>) =>
      ((await (await fetch(`${peer.url}/search/?${new URLSearchParams({ q: 'rue jean jaures', ...params })}`)).json()) as Answer).features.map((feature) => feature.properties.city);
    // Libercourt's centre, then Oignies's: the same words, the nearest commune's street first.
    expect((await cities({ lat: '50.48397', lon: '3.01542' }))[0]).toBe('Libercourt');
    expect((await cities({ lat: '50.46973', lon: '2.99326' }))[0]).toBe('Oignies');
  });

  it('answers nothing for an unknown street, and 400 for a query under 3 characters, as the national service does', async () => {
    expect((await answerTo('rue imaginaire')).features).toEqual([]);
    expect((await search('ru')).status).toBe(400);
  });

  it('names the street nearest a point (`/reverse/`), nothing far from every demo street, and 400 without a point', async () => {
    const reverse = (query: Record<string, string>) => fetch(`${peer.url}/reverse/?${new URLSearchParams(query)}`);
    const near = (await (await reverse({ lat: '50.48262', lon: '3.02110' })).json()) as Answer;
    expect(near.features.map((feature) => feature.properties.label)).toEqual(['Rue Pasteur 62820 Libercourt']);
    expect(((await (await reverse({ lat: '48.8566', lon: '2.3522' })).json()) as Answer).features).toEqual([]);
    expect((await reverse({ lat: '50.48' })).status).toBe(400);
  });
});
