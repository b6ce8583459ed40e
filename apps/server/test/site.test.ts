import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tileUrlTemplate } from '@guichet/config';
import { httpClient, onHost, readJson, requestWithHost, startServer } from '@guichet/testing';

let server: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

describe('a commune resolved from the Host header', () => {
  it("answers the commune's public profile on <slug>.localhost", async () => {
    const response = await httpClient(server, 'libercourt').api.commune.$get();
    expect(response.status).toBe(200);
    const body = await readJson(response);
    expect(body).toMatchObject({
      slug: 'libercourt',
      name: 'Libercourt',
      inseeCode: '62907',
      epci: { slug: 'agglo-henin-carvin' },
      branding: { primaryColor: '#1b6b45', logoUrl: expect.stringMatching(/^\/api\/commune\/logo\?v=[\w-]{12}$/) },
    });
  });

  it('names the address search its forms call, and lets the browser call that origin only', async () => {
    const profile = await readJson(await httpClient(server, 'libercourt').api.commune.$get());
    const searchUrl: string = profile.addressSearch.url;
    expect(searchUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // Its own addresses first, even without a map to show: searched around the commune's centre.
    expect(profile.addressSearch.near).toEqual({ lat: 50.48397, lon: 3.01542 });
    // The local peer answers in the Base Adresse Nationale's format.
    const answer = await readJson(await fetch(`${searchUrl}/search/?q=${encodeURIComponent('8 rue pasteur libercourt')}&limit=5`));
    expect(answer.features[0].properties.label).toBe('8 Rue Pasteur 62820 Libercourt');
    const page = await onHost(server, 'libercourt')('/api/commune');
    const policy = page.headers.get('content-security-policy') ?? '';
    const connect = policy.split(';').map((part) => part.trim()).find((part) => part.startsWith('connect-src'));
    expect(connect).toBe(`connect-src 'self' ${searchUrl}`);
  });

  it('offers no map without a tile server, and lets the browser load images from the platform only', async () => {
    expect((await readJson(await httpClient(server, 'libercourt').api.commune.$get())).map).toBeNull();
    const policy = (await onHost(server, 'libercourt')('/api/commune')).headers.get('content-security-policy') ?? '';
    expect(policy.split('; ').find((part) => part.startsWith('img-src'))).toBe("img-src 'self' data:");
  });

  it('opens the map where the commune declares, with the platform’s tiles, and allows that tile origin on portals and on the EPCI’s console (its statistics’ map)', async () => {
    const mapped = await startServer({ environment: { MAP_TILE_URL: 'https://tuiles.example.fr/osm/{z}/{x}/{y}.png' } });
    try {
      const profile = await readJson(await httpClient(mapped, 'libercourt').api.commune.$get());
      expect(profile.map).toEqual({
        center: { lat: 50.48397, lon: 3.01542 },
        zoom: 15,
        tiles: { url: 'https://tuiles.example.fr/osm/{z}/{x}/{y}.png', attribution: '© les contributeurs d’OpenStreetMap' },
      });
      const imageSources = async (slug: string) =>
        ((await onHost(mapped, slug)('/')).headers.get('content-security-policy') ?? '').split('; ').find((part) => part.startsWith('img-src'));
      expect(await imageSources('libercourt')).toBe("img-src 'self' data: https://tuiles.example.fr");
      expect(await imageSources('agglo-henin-carvin')).toBe("img-src 'self' data: https://tuiles.example.fr");
      // The console's map opens amid its member communes that declare a centre, on the platform's tiles.
      const epci = await readJson(await httpClient(mapped, 'agglo-henin-carvin').api.epci.$get());
      expect(epci.map).toMatchObject({ zoom: 11, tiles: { url: 'https://tuiles.example.fr/osm/{z}/{x}/{y}.png' } });
      expect(epci.map.center.lat).toBeCloseTo(50.48, 1);
      expect(epci.map.center.lon).toBeCloseTo(2.99, 1);
      expect((await readJson(await httpClient(server, 'agglo-henin-carvin').api.epci.$get())).map).toBeNull();
    } finally {
      await mapped.close();
    }
  });

  it('refuses a tile server the policy could not name exactly, or one without its tile coordinates', () => {
    for (const template of ['https://{s}.tile.example.fr/{z}/{x}/{y}.png', 'https://tuiles.example.fr/carte.png', 'http://tuiles.example.fr/{z}/{x}/{y}.png']) {
      expect(tileUrlTemplate.safeParse(template).success, template).toBe(false);
    }
    expect(tileUrlTemplate.safeParse('http://127.0.0.1:8080/{z}/{x}/{y}.png').success).toBe(true);
  });

  it("resolves a commune's own domain, whatever its case and port", async () => {
    const response = await requestWithHost(`${server.origin}/api/commune`, { host: 'Demarches.Carvin.example.fr:443' });
    expect((await readJson(response)).slug).toBe('carvin');
  });

  it("serves the commune's logo as an inert SVG", async () => {
    const response = await httpClient(server, 'oignies').api.commune.logo.$get();
    expect(response.headers.get('content-type')).toBe('image/svg+xml');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await response.text()).toContain("Logo d'Oignies");
  });

  it('lists the member communes on the EPCI console host', async () => {
    const response = await httpClient(server, 'agglo-henin-carvin').api.epci.$get();
    const body = await readJson(response);
    expect(body.communes.map((commune: { slug: string }) => commune.slug)).toEqual(['carvin', 'libercourt', 'oignies']);
    expect(body.communes[0].portalUrl).toBe(`http://carvin.localhost:${server.port}/`);
  });

  it('answers an unknown host with a 404 problem', async () => {
    const response = await httpClient(server, 'gotham').api.commune.$get();
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await readJson(response)).toMatchObject({ status: 404, title: 'Aucune commune ne correspond à cette adresse.' });
  });

  it('answers an unknown API path with a 404 problem, not the web page', async () => {
    const response = await onHost(server, 'libercourt')('/api/nulle-part');
    expect(response.status).toBe(404);
    expect((await readJson(response)).type).toMatch(/introuvable$/);
  });

  it('reports liveness and readiness without a commune', async () => {
    expect(await readJson(await fetch(`${server.origin}/healthz`))).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.origin}/readyz`);
    expect(ready.status).toBe(200);
    expect(await readJson(ready)).toEqual({ status: 'ready' });
  });
});
