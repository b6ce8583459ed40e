import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tenant } from '@guichet/db';
import { loadCatalogue } from '@guichet/catalogue';
import { addWorkingDays, parisDay } from '@guichet/deadlines';
import { agentSession, citizenSession, communeBySlug, demoTenantsDir, httpClient, insertTestProcedure, readJson, startServer, testProcedureDefinition, type TestServer, withCookie } from '@guichet/testing';

let server: TestServer;
let lavaur: Tenant;
let admin: ReturnType<typeof withCookie>;
let original: { zone: 'metropole'; closures: string[]; acknowledgementDelayDays: number };

// Lavaur: no other file checks due dates there; its calendar is put back at the end.
beforeAll(async () => {
  server = await startServer();
  await insertTestProcedure(server.databases.ownerClient, 'lavaur', 'test-calendrier', 'services-techniques', testProcedureDefinition({ routing: [], delayDays: 1 }));
  lavaur = await communeBySlug(server.databases.app, 'lavaur');
  admin = withCookie(httpClient(server, 'lavaur'), (await agentSession(server.databases.app, lavaur, { email: 'calendrier.admin@lavaur.example.fr', role: 'commune_admin', services: [] })).cookie);
  original = await readJson(await admin.api.agent.administration.calendrier.$get());
});
afterAll(async () => {
  if (original) await admin.api.agent.administration.calendrier.$put({ json: original });
  await server.close();
});

describe('the commune’s calendar, edited by its administrator', () => {
  it('makes a closure day count as no working day for the next due dates, and outlives a new load of the catalogue files', async () => {
    // The day a one-day delay would end on today: closed, the due date moves past it.
    const nextWorkingDay = parisDay(addWorkingDays(new Date(), 1, original));
    const saved = await admin.api.agent.administration.calendrier.$put({ json: { ...original, closures: [...original.closures, nextWorkingDay] } });
    expect(saved.status).toBe(200);
    expect((await readJson(saved)).closures).toContain(nextWorkingDay);

    const citizen = withCookie(httpClient(server, 'lavaur'), (await citizenSession(server.databases.app, lavaur, 'calendrier@example.fr')).cookie);
    const filed = await readJson(await citizen.api.demandes.$post({ json: { procedure: 'test-calendrier', values: { objet: 'Fuite d’eau', nature: 'voirie' } } }));
    expect(parisDay(new Date(filed.dueAt)) > nextWorkingDay).toBe(true);

    await loadCatalogue(server.databases.owner, demoTenantsDir);
    expect((await readJson(await admin.api.agent.administration.calendrier.$get())).closures).toContain(nextWorkingDay);
  });

  it('refuses a malformed day and an acknowledgement delay out of range, one entry each, and changes nothing', async () => {
    const before = await readJson(await admin.api.agent.administration.calendrier.$get());
    const bad = await admin.api.agent.administration.calendrier.$put({ json: { zone: 'metropole', closures: ['24/12/2026'], acknowledgementDelayDays: 99 } });
    expect(bad.status).toBe(422);
    expect((await readJson(bad)).errors.map((error: { field: string; message: string }) => [error.field, error.message])).toEqual([
      ['closures/0', 'Une date AAAA-MM-JJ est attendue.'],
      ['acknowledgementDelayDays', 'Entre 0 et 30 jours ouvrés.'],
    ]);
    expect(await readJson(await admin.api.agent.administration.calendrier.$get())).toEqual(before);
  });
});
