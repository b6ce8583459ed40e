import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import demo from './demo-streets.json' with { type: 'json' };

type Street = { name: string; lon: number; lat: number };
type Commune = { city: string; citycode: string; postcode: string; streets: Street[] };

/** A Base Adresse Nationale result, as its `/search/` answers one (GeoJSON, WGS 84). */
type AddressFeature = {
  type: 'Feature';
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: { label: string; score: number; housenumber?: string; id: string; name: string; postcode: string; citycode: string; city: string; type: 'housenumber' | 'street'; street: string };
};

const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/**
 * Searches the demo communes' streets as the national service searches France: every word of the
 * query must be found in the address (its street, postcode or city); a leading number is a house
 * number, placed a few metres along the street so that each number has its own point. Given a
 * point (`near`), the addresses around it come first, as the national service's `lat`/`lon` do.
 */
export function searchDemoAddresses(query: string, limit: number, near?: { lat: number; lon: number }, communes: readonly Commune[] = demo.communes): AddressFeature[] {
  const number = query.trim().match(/^(\d{1,4})\s*(bis|ter)?\b/i);
  const words = fold(number ? query.trim().slice(number[0].length) : query).split(' ').filter(Boolean);
  const features: AddressFeature[] = [];
  for (const commune of communes) {
    for (const street of commune.streets) {
      const haystack = fold(`${street.name} ${commune.postcode} ${commune.city}`);
      const found = words.filter((word) => haystack.split(' ').some((part) => part.startsWith(word)));
      if (words.length === 0 || found.length < words.length) continue;
      const coverage = words.length / haystack.split(' ').length;
      // Within a few kilometres, nearness outweighs how much of the name was typed.
      const nearness = near ? 1 / (1 + metresBetween(near, street) / 1000) : 0;
      features.push(feature(commune, street, number?.[1], near ? coverage * 0.3 + nearness * 0.7 : coverage));
    }
  }
  return features.sort((left, right) => right.properties.score - left.properties.score).slice(0, limit);
}

/**
 * The street nearest a point, as the national service's `/reverse/` answers (within about 1 km,
 * else nothing): what names a point placed on a map.
 */
export function reverseDemoAddress(lat: number, lon: number, communes: readonly Commune[] = demo.communes): AddressFeature[] {
  let nearest: { commune: Commune; street: Street; metres: number } | undefined;
  for (const commune of communes) {
    for (const street of commune.streets) {
      const metres = metresBetween({ lat, lon }, street);
      if (metres <= 1000 && (!nearest || metres < nearest.metres)) nearest = { commune, street, metres };
    }
  }
  return nearest ? [feature(nearest.commune, nearest.street, undefined, 1)] : [];
}

/** Equirectangular distance: exact enough over a town and its neighbours. */
function metresBetween(from: { lat: number; lon: number }, to: { lat: number; lon: number }): number {
  const x = (to.lon - from.lon) * Math.cos((from.lat * Math.PI) / 180) * 111_320;
  const y = (to.lat - from.lat) * 110_574;
  return Math.hypot(x, y);
}

function feature(commune: Commune, street: Street, housenumber: string | undefined, coverage: number): AddressFeature {
  const name = housenumber ? `${housenumber} ${street.name}` : street.name;
  const offset = housenumber ? Number(housenumber) * 0.00004 : 0;
  const streetCode = fold(street.name).replace(/ /g, '').slice(0, 8);
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [Number((street.lon + offset).toFixed(6)), Number((street.lat + offset / 2).toFixed(6))] },
    properties: {
      label: `${name} ${commune.postcode} ${commune.city}`,
      score: Number(Math.min(0.99, 0.5 + coverage / 2).toFixed(2)),
      ...(housenumber ? { housenumber } : {}),
      id: `${commune.citycode}_${streetCode}${housenumber ? `_${housenumber.padStart(5, '0')}` : ''}`,
      name,
      postcode: commune.postcode,
      citycode: commune.citycode,
      city: commune.city,
      type: housenumber ? 'housenumber' : 'street',
      street: street.name,
    },
  };
}

/**
 * A local stand-in for the Base Adresse Nationale's geocoding API (`GET /search/?q=…&limit=…`,
 * `GET /reverse/?lat=…&lon=…`),
 * answering in its format from a small file of the demo communes' streets: the default of
 * `npm start` without network, and the peer of the tests. Browsers call it directly (CORS), as
 * they call the real service.
 */
export async function startAddressSearchPeer(options: { port: number; host?: string }): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://peer');
    response.setHeader('access-control-allow-origin', '*');
    response.setHeader('content-type', 'application/json; charset=utf-8');
    if (request.method === 'GET' && url.pathname === '/reverse/') {
      const lat = Number(url.searchParams.get('lat'));
      const lon = Number(url.searchParams.get('lon'));
      if (!url.searchParams.get('lat') || !url.searchParams.get('lon') || !Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
        response.statusCode = 400;
        return response.end(JSON.stringify({ code: 400, message: 'lat and lon must be valid coordinates' }));
      }
      return response.end(JSON.stringify({ type: 'FeatureCollection', version: 'draft', features: reverseDemoAddress(lat, lon), attribution: 'BAN', licence: 'ETALAB-2.0', limit: 1 }));
    }
    if (request.method !== 'GET' || url.pathname !== '/search/') {
      response.statusCode = 404;
      return response.end(JSON.stringify({ code: 404, message: 'Not found' }));
    }
    const query = url.searchParams.get('q') ?? '';
    if (query.trim().length < 3 || query.length > 200 || !/^[\p{L}\p{N}]/u.test(query.trim())) {
      response.statusCode = 400;
      return response.end(JSON.stringify({ code: 400, message: 'q must contain between 3 and 200 chars and start with a number or a letter' }));
    }
    const limit = Math.min(Math.max(Number(url.searchParams.get('limit')) || 5, 1), 20);
    const lat = Number(url.searchParams.get('lat'));
    const lon = Number(url.searchParams.get('lon'));
    const near = url.searchParams.has('lat') && url.searchParams.has('lon') && Number.isFinite(lat) && Number.isFinite(lon) ? { lat, lon } : undefined;
    const features = searchDemoAddresses(query, limit, near);
    response.end(JSON.stringify({ type: 'FeatureCollection', version: 'draft', features, attribution: 'BAN', licence: 'ETALAB-2.0', query, limit }));
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
