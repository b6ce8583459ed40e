import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tenant } from '@guichet/db';
import { agentSession, citizenSession, communeBySlug, httpClient, insertTestProcedure, readJson, seenBy, startServer, testProcedureDefinition, type TestServer, withCookie } from '@guichet/testing';

type Client = ReturnType<typeof withCookie>;

let server: TestServer;
let libercourt: Tenant;
let citizen: Client;
let roads: Client;
let social: Client;
// This file's own procedures: the map is filtered on them, other files file in Libercourt too.
const located = 'test-carte-voirie';
const restricted = 'test-carte-aide';

beforeAll(async () => {
  server = await startServer();
  const owner = server.databases.ownerClient;
  await insertTestProcedure(owner, 'libercourt', located, 'services-techniques', testProcedureDefinition({ title: 'Voirie (carte)', routing: [] }));
  await insertTestProcedure(owner, 'libercourt', restricted, 'ccas', testProcedureDefinition({ title: 'Aide (carte)', routing: [], restricted: true }));
  libercourt = await communeBySlug(server.databases.app, 'libercourt');
  const portal = httpClient(server, 'libercourt');
  citizen = withCookie(portal, (await citizenSession(server.databases.app, libercourt, 'carte@example.fr')).cookie);
  roads = withCookie(portal, (await agentSession(server.databases.app, libercourt, { email: 'carte.voirie@libercourt.example.fr', role: 'agent', services: ['services-techniques'] })).cookie);
  social = withCookie(portal, (await agentSession(server.databases.app, libercourt, { email: 'carte.ccas@libercourt.example.fr', role: 'agent', services: ['ccas'] })).cookie);
});
afterAll(() => server.close());

async function file(procedure: string, objet: string, lieu?: { label: string; lat: number; lon: number }) {
  const response = await citizen.api.demandes.$post({ json: { procedure, values: { objet, nature: 'voirie', ...(lieu ? { lieu } : {}) } } });
  expect(response.status).toBe(201);
  return (await readJson(response)) as { id: string; reference: string };
}

const mapOf = async (agent: Client, query: Record<string, string>) => {
  const response = await agent.api.agent.demandes.carte.$get({ query });
  expect(response.status).toBe(200);
  return readJson(response);
};

describe('the map of requests', () => {
  it('places each located request the agent may see, counts them per sector and status, and counts the unlocated apart', async () => {
    const station = await file(located, 'Abribus cassé', { label: 'Gare de Libercourt', lat: 50.492, lon: 3.015 });
    const centre = await file(located, 'Nid-de-poule', { label: '12 rue Jean Jaurès', lat: 50.482, lon: 3.016 });
    const closed = await file(located, 'Panneau tordu', { label: 'Rue Pasteur', lat: 50.483, lon: 3.02 });
    await file(located, 'Sans lieu');
    expect((await roads.api.agent.demandes[':id'].statut.$post({ param: { id: closed.id }, header: await seenBy(roads, closed.id), json: { status: 'done' } })).status).toBe(200);

    const all = await mapOf(roads, { procedure: located });
    expect(all.requests.map((point: { reference: string }) => point.reference).sort()).toEqual([station.reference, centre.reference, closed.reference].sort());
    expect(all.requests.find((point: { id: string }) => point.id === station.id)).toMatchObject({ latitude: 50.492, longitude: 3.015, sector: 'nord-gare', address: 'Gare de Libercourt', status: 'submitted' });
    expect(all.unlocated).toBe(1);
    const sector = (slug: string | null) => all.sectors.find((row: { slug: string | null }) => row.slug === slug);
    expect(sector('nord-gare')).toMatchObject({ name: 'Nord – quartier de la gare', total: 1, counts: { submitted: 1 } });
    expect(sector('centre')).toMatchObject({ name: 'Centre-ville', total: 2, counts: { submitted: 1, done: 1 } });
    expect(sector('sud')).toMatchObject({ total: 0, counts: {} });
    expect(sector(null)).toMatchObject({ total: 1 });

    const open = await mapOf(roads, { procedure: located, open: 'true' });
    expect(open.requests.map((point: { id: string }) => point.id)).not.toContain(closed.id);
    const done = await mapOf(roads, { procedure: located, status: 'done' });
    expect(done.requests.map((point: { id: string }) => point.id)).toEqual([closed.id]);
  });

  it('filters by the day of filing, in Paris time, and refuses a period that ends before it starts', async () => {
    await file(located, 'Trottoir', { label: 'Rue Victor Hugo', lat: 50.47, lon: 3.01 });
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
    expect((await mapOf(roads, { procedure: located, from: today, to: today })).requests.length).toBeGreaterThan(0);
    expect((await mapOf(roads, { procedure: located, to: '2020-01-01' })).requests).toEqual([]);
    const backwards = await roads.api.agent.demandes.carte.$get({ query: { from: '2026-05-02', to: '2026-05-01' } });
    expect(backwards.status).toBe(422);
    expect((await readJson(backwards)).errors).toEqual([expect.objectContaining({ field: 'to', message: 'La fin de la période précède son début.' })]);
  });

  it('never shows a restricted request to another service, on the map or in the sector counts', async () => {
    const aid = await file(restricted, 'Aide au loyer', { label: 'Rue de la Gare', lat: 50.49, lon: 3.01 });
    const forRoads = await mapOf(roads, { procedure: restricted });
    expect(forRoads.requests).toEqual([]);
    expect(forRoads.sectors.reduce((sum: number, row: { total: number }) => sum + row.total, 0)).toBe(0);
    expect((await mapOf(social, { procedure: restricted })).requests.map((point: { id: string }) => point.id)).toEqual([aid.id]);
  });
});
