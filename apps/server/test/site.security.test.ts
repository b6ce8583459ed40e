import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient, readJson, requestWithHost, startServer } from '@guichet/testing';

let server: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const communes = ['libercourt', 'carvin', 'oignies', 'lavaur'];

describe("a commune's host never returns another commune's data", () => {
  it('lists only its own services', async () => {
    const byCommune = new Map<string, string[]>();
    for (const slug of communes) {
      const response = await httpClient(server, slug).api.services.$get();
      expect(response.status).toBe(200);
      byCommune.set(slug, (await readJson(response)).services.map((service: { name: string }) => service.name));
    }
    expect(byCommune.get('carvin')).toContain('Police municipale');
    expect(byCommune.get('libercourt')).not.toContain('Police municipale');
    expect(byCommune.get('oignies')).toContain('Culture et sports');
    expect(byCommune.get('lavaur')).not.toContain('Culture et sports');
  });

  it('gives each commune its own profile and branding', async () => {
    const colours = new Set<string>();
    for (const slug of communes) {
      const body = await readJson(await httpClient(server, slug).api.commune.$get());
      expect(body.slug).toBe(slug);
      colours.add(body.branding.primaryColor);
    }
    expect(colours.size).toBe(communes.length);
  });

  it("does not list another EPCI's communes on an EPCI console", async () => {
    const body = await readJson(await httpClient(server, 'tarn-agout').api.epci.$get());
    expect(body.communes.map((commune: { slug: string }) => commune.slug)).toEqual(['lavaur']);
  });

  it('refuses commune routes on an EPCI console host and console routes on a commune host', async () => {
    expect((await httpClient(server, 'tarn-agout').api.services.$get()).status).toBe(404);
    expect((await httpClient(server, 'lavaur').api.epci.$get()).status).toBe(404);
  });

  it('refuses a host that only looks like a commune', async () => {
    for (const host of ['libercourt.localhost.evil.example', 'x.libercourt.localhost', 'libercourt', '']) {
      const response = await requestWithHost(`${server.origin}/api/commune`, { host });
      expect(response.status, host).toBe(404);
    }
  });
});
