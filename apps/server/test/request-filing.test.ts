import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { agentSession, citizenSession, communeBySlug, httpClient, insertTestProcedure, readJson, type SignedInClient, startServer, testProcedureDefinition, type TestServer, withCookie } from '@guichet/testing';

let server: TestServer;
let agent: SignedInClient;

// No address, so that these requests stay off the commune's map that other files read.
const values = { objet: 'Trottoir soulevé', nature: 'voirie' };

beforeAll(async () => {
  server = await startServer();
  await insertTestProcedure(server.databases.ownerClient, 'libercourt', 'test-depot-delai', 'services-techniques', testProcedureDefinition({ routing: [], delayDays: 5 }));
  const libercourt = await communeBySlug(server.databases.app, 'libercourt');
  agent = withCookie(
    httpClient(server, 'libercourt'),
    (await agentSession(server.databases.app, libercourt, { email: 'tech.depot@libercourt.example.fr', role: 'agent', services: ['services-techniques'] })).cookie,
  );
});
afterAll(() => server.close());

describe('the due date of a filing', () => {
  it('counts its delay in working days: weekends, public holidays and the commune’s closure days do not count', async () => {
    // Wednesday 13 May 2026, in Libercourt: Thursday 14 is Ascension, Friday 15 a closure day of
    // its calendar (tenants/…/libercourt/catalogue.yaml), then a weekend. Five working days are
    // Monday 18 to Friday 22; a day lost to any of the three rules would end the delay earlier.
    const browser = httpClient(server, 'libercourt');
    vi.useFakeTimers({ toFake: ['Date'] });
    let response: Response;
    try {
      vi.setSystemTime(new Date('2026-05-13T10:00:00+02:00'));
      response = await browser.api.demandes.$post({ json: { procedure: 'test-depot-delai', values, contact: { email: 'delai.ouvre@example.fr' } } });
    } finally {
      vi.useRealTimers();
    }
    expect(response.status).toBe(201);
    const filed = await readJson(response);
    // The end of Friday 22 May, Paris time (UTC+2 in May).
    const endOfFriday = '2026-05-22T21:59:59.999Z';
    expect(filed.dueAt).toBe(endOfFriday);
    const stored = await readJson(await agent.api.agent.demandes[':id'].$get({ param: { id: filed.id } }));
    expect(stored.dueAt).toBe(endOfFriday);
    const mail = await server.mailbox.waitFor((message) => message.subject === `Accusé d’enregistrement de votre demande ${filed.reference}`, 15_000);
    expect(mail.text).toContain('d’ici le 22 mai 2026');
  });
});

describe('references', () => {
  it('gives filings made at the same moment in one commune each its own reference', async () => {
    const libercourt = await communeBySlug(server.databases.app, 'libercourt');
    const citizens = await Promise.all(
      Array.from({ length: 4 }, async (_, index) =>
        withCookie(httpClient(server, 'libercourt'), (await citizenSession(server.databases.app, libercourt, `simultane.${index}@example.fr`)).cookie),
      ),
    );
    // More filings than the server's pool has connections: some wait for one, all overlap.
    const responses = await Promise.all(
      Array.from({ length: 16 }, (_, index) => citizens[index % citizens.length]!.api.demandes.$post({ json: { procedure: 'test-depot-delai', values } })),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(16).fill(201));
    const references = await Promise.all(responses.map(async (response) => (await readJson(response)).reference as string));
    expect(new Set(references).size).toBe(16);
    for (const reference of references) expect(reference).toMatch(/^LIB-\d{4}-\d{6}$/);

    // Their first filings at the same moment may each have given a citizen a contact record of
    // the commune: the next filings still go through.
    const again = await Promise.all(citizens.map((citizen) => citizen.api.demandes.$post({ json: { procedure: 'test-depot-delai', values } })));
    expect(again.map((response) => response.status)).toEqual(Array(4).fill(201));
  });
});
