import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { procedures, withTenant, type Tenant } from '@guichet/db';
import { refreshRequestFacts } from '@guichet/statistics';
import { agentSession, citizenSession, communeBySlug, httpClient, insertTestProcedure, readJson, startServer, testProcedureDefinition, type TestServer, withCookie } from '@guichet/testing';

type Client = ReturnType<typeof withCookie>;

let server: TestServer;
let libercourt: Tenant;
let carvin: Tenant;
const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris' }).format(new Date());
// Narrowed to this file's procedure: other files of the run file in Libercourt today too.
let period: { du: string; au: string; demarche: string };

beforeAll(async () => {
  server = await startServer();
  await insertTestProcedure(server.databases.ownerClient, 'libercourt', 'test-statistiques-api', 'services-techniques', testProcedureDefinition({ routing: [] }));
  libercourt = await communeBySlug(server.databases.app, 'libercourt');
  carvin = await communeBySlug(server.databases.app, 'carvin');
  const [procedure] = await withTenant(server.databases.app, libercourt.id, (tx) => tx.select({ id: procedures.id }).from(procedures).where(eq(procedures.slug, 'test-statistiques-api')));
  period = { du: today, au: today, demarche: procedure!.id };
  const citizen = withCookie(httpClient(server, 'libercourt'), (await citizenSession(server.databases.app, libercourt, 'statistiques.api@example.fr')).cookie);
  for (const objet of ['Nid-de-poule', 'Lampadaire éteint']) {
    const filed = await citizen.api.demandes.$post({ json: { procedure: 'test-statistiques-api', values: { objet, nature: 'voirie' } } });
    expect(filed.status).toBe(201);
  }
  // The worker computes facts every minute; here, at once.
  while ((await withTenant(server.databases.app, libercourt.id, (tx) => refreshRequestFacts({ tx }))).more);
});
afterAll(() => server.close());

async function staff(commune: Tenant, email: string, role: 'agent' | 'service_manager' | 'commune_admin' | 'elected_official', services: string[]): Promise<Client> {
  const { cookie } = await agentSession(server.databases.app, commune, { email, role, services });
  return withCookie(httpClient(server, commune.slug), cookie);
}

describe('GET /api/agent/statistiques', () => {
  it('gives a commune’s administrator and elected officials the whole commune', async () => {
    for (const reader of [
      await staff(libercourt, 'admin.stats@libercourt.example.fr', 'commune_admin', []),
      await staff(libercourt, 'elu.stats@libercourt.example.fr', 'elected_official', ['etat-civil']),
    ]) {
      const response = await reader.api.agent.statistiques.$get({ query: period });
      expect(response.status).toBe(200);
      const indicators = await readJson(response);
      expect(indicators.filed.total).toBe(2);
      expect(indicators.filed.byChannel).toEqual([{ channel: 'portal', count: 2 }]);
      expect(indicators.backlog.open).toBe(2);
    }
  });

  it('gives a service manager their services only', async () => {
    const civil = await staff(libercourt, 'chef.etatcivil.stats@libercourt.example.fr', 'service_manager', ['etat-civil']);
    expect((await readJson(await civil.api.agent.statistiques.$get({ query: period }))).filed.total).toBe(0);
    const roads = await staff(libercourt, 'chef.voirie.stats@libercourt.example.fr', 'service_manager', ['services-techniques']);
    expect((await readJson(await roads.api.agent.statistiques.$get({ query: period }))).filed.total).toBe(2);
  });

  it('is refused to agents without a manager’s role, and shows another commune nothing of Libercourt’s, even asked by its procedure', async () => {
    const agent = await staff(libercourt, 'agent.stats@libercourt.example.fr', 'agent', ['services-techniques']);
    expect((await agent.api.agent.statistiques.$get({ query: period })).status).toBe(403);
    const carvinAdmin = await staff(carvin, 'admin.stats@carvin.example.fr', 'commune_admin', []);
    const response = await carvinAdmin.api.agent.statistiques.$get({ query: period });
    expect(response.status).toBe(200);
    expect((await readJson(response)).filed.total).toBe(0);
  });

  it('refuses a malformed period in French, one entry per field', async () => {
    const admin = await staff(libercourt, 'admin.periode@libercourt.example.fr', 'commune_admin', []);
    const malformed = await admin.api.agent.statistiques.$get({ query: { du: '2026-13-45', au: 'demain' } });
    expect(malformed.status).toBe(422);
    const problem = await readJson(malformed);
    expect(problem.errors.map((error: { field: string }) => error.field).sort()).toEqual(['au', 'du']);
    expect(problem.errors[0].message).toBe('Une date au format AAAA-MM-JJ.');
    // A malformed date is said once, not also as a reversed period.
    const oneBad = await admin.api.agent.statistiques.$get({ query: { du: 'hier', au: '2026-11-01' } });
    expect((await readJson(oneBad)).errors).toEqual([expect.objectContaining({ field: 'du', message: 'Une date au format AAAA-MM-JJ.' })]);
    const reversed = await admin.api.agent.statistiques.$get({ query: { du: '2026-11-30', au: '2026-11-01' } });
    expect(reversed.status).toBe(422);
    expect((await readJson(reversed)).errors).toEqual([expect.objectContaining({ field: 'au', message: 'La fin de la période précède son début.' })]);
  });
});
