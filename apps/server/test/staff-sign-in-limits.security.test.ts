import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { epcis, rateKey, type Tenant } from '@guichet/db';
import { communeBySlug, httpClient, readJson, startServer, type TestServer } from '@guichet/testing';
import { createAgent, createEpciStaff, PASSWORD, signInAndEnrol } from './agent-fixtures.ts';

let server: TestServer;
let communes: Tenant[];

beforeAll(async () => {
  server = await startServer();
  communes = await Promise.all(['libercourt', 'carvin', 'oignies', 'lavaur'].map((slug) => communeBySlug(server.databases.app, slug)));
});
afterAll(() => server?.close());

const libercourt = () => communes[0]!;

/** A town hall's network: every agent behind it appears from one public address (its own per test). */
let network = 0;
const townHall = () => {
  network += 1;
  return (slug = 'libercourt') => httpClient(server, slug, { ip: `10.77.0.${network}` });
};

async function tryPassword(browser: ReturnType<ReturnType<typeof townHall>>, email: string, password: string) {
  const response = await browser.api.agent.auth.connexion.$post({ json: { email, password } });
  return { status: response.status, retryAfter: Number(response.headers.get('retry-after') ?? 0), body: await readJson(response) };
}

/** The end of an account's lock-out, without waiting a quarter of an hour: its counter is moved back in time. */
async function aQuarterOfAnHourLater(commune: Tenant, email: string) {
  const key = rateKey(`agent-password:${commune.id}`, email);
  await server.databases.app.execute(sql`
    update rate_limits set window_started_at = window_started_at - interval '16 minutes', blocked_until = blocked_until - interval '16 minutes'
    where key = ${key}`);
}

describe('a town hall behind one public address', () => {
  it('signs in forty colleagues in a row, in every commune of both EPCIs and on both consoles', async () => {
    const from = townHall();
    const agents = await Promise.all(Array.from({ length: 40 }, (_, index) => {
      // Most of them in one commune: its own count of the address matters as much as the total.
      const commune = index < 25 ? libercourt() : communes[1 + (index % 3)]!;
      return createAgent(server.databases.app, commune, { role: 'agent' }).then((agent) => ({ ...agent, slug: commune.slug }));
    }));
    for (const agent of agents) await signInAndEnrol(from(agent.slug), 'agent', agent);
    for (const slug of ['agglo-henin-carvin', 'tarn-agout'] as const) {
      const [epci] = await server.databases.app.select().from(epcis).where(eq(epcis.slug, slug));
      await signInAndEnrol(from(slug), 'console', await createEpciStaff(server.databases.app, epci!.id, slug));
    }
    // Their successes left nothing for a colleague's typo to add to: it is an ordinary wrong password.
    expect((await tryPassword(from(), agents[0]!.email, 'une faute de frappe')).status).toBe(401);
    // 42 sign-ins with their enrolment: about 10 s alone, more beside other work on two cores.
  }, 90_000);

  it("lets a colleague's right password in while failures from the same address are held back", async () => {
    const from = townHall();
    const colleague = await createAgent(server.databases.app, libercourt(), { role: 'agent' });
    for (let attempt = 0; attempt < 25; attempt += 1) {
      expect([401, 429]).toContain((await tryPassword(from(), `devine-${attempt}@libercourt.example.fr`, 'devine')).status);
    }
    expect((await tryPassword(from(), 'devine-encore@libercourt.example.fr', 'devine')).status).toBe(429);
    // The colleague's typo is held back like the rest, and says that the right password passes.
    const typo = await tryPassword(from(), colleague.email, 'une faute de frappe');
    expect(typo.status).toBe(429);
    expect(typo.body.detail).toMatch(/Un mot de passe correct reste accepté\.$/);
    await signInAndEnrol(from(), 'agent', colleague);
  });

  it("counts a slowed address's failures against the accounts it guesses: answering 429 gives no extra guesses", async () => {
    const from = townHall();
    const guessed = await createAgent(server.databases.app, libercourt(), { role: 'agent' });
    for (let attempt = 0; attempt < 10; attempt += 1) await tryPassword(from(), `autre-${attempt}@libercourt.example.fr`, 'devine');
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await tryPassword(from(), guessed.email, `devine-${attempt}`)).body.detail).toMatch(/viennent de votre réseau/);
    }
    const locked = await tryPassword(from(), guessed.email, PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.body.detail).toMatch(/^Trop de mots de passe erronés pour ce compte/);
  });

  it('counts guesses sent all at once at one account before checking any of them', async () => {
    const attacked = await createAgent(server.databases.app, libercourt(), { role: 'agent' });
    // From twenty addresses, so that only the account's counter is in play.
    const statuses = await Promise.all(
      Array.from({ length: 20 }, (_, attempt) => tryPassword(townHall()(), attacked.email, `devine-${attempt}`).then((tried) => tried.status)),
    );
    expect(statuses.filter((status) => status === 401)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(15);
  });

  it('slows the failures of one address on one commune more at each failure, and not on another commune', async () => {
    const from = townHall();
    const statuses: number[] = [];
    const waits: number[] = [];
    for (let attempt = 0; attempt < 14; attempt += 1) {
      const tried = await tryPassword(from(), `inconnu-${attempt}@libercourt.example.fr`, 'devine');
      statuses.push(tried.status);
      if (tried.status === 429) waits.push(tried.retryAfter);
    }
    // Ten failures are free, then each one makes the address wait longer: 15 s, 30 s, 1 min, 2 min.
    expect(statuses).toEqual([...Array(10).fill(401), 429, 429, 429, 429]);
    expect(waits).toHaveLength(4);
    [15, 30, 60, 120].forEach((seconds, index) => expect(waits[index]).toSatisfy((wait: number) => wait > seconds - 3 && wait <= seconds));
    const slowed = await tryPassword(from(), 'inconnu@libercourt.example.fr', 'devine');
    expect(slowed.body).toMatchObject({
      status: 429,
      title: 'Trop de tentatives.',
      detail: expect.stringMatching(/^Adresse e-mail ou mot de passe incorrect\. Trop d’erreurs de connexion viennent de votre réseau : attendez 4 minutes avant de réessayer\./),
    });
    // The same address on the next commune of the same EPCI is counted apart.
    expect((await tryPassword(from('carvin'), 'inconnu@carvin.example.fr', 'devine')).status).toBe(401);
  });

  it('locks only the account under attack, even against its right password, for a quarter of an hour', async () => {
    const from = townHall();
    const attacked = await createAgent(server.databases.app, libercourt(), { role: 'agent' });
    const colleague = await createAgent(server.databases.app, libercourt(), { role: 'agent' });
    for (let attempt = 0; attempt < 5; attempt += 1) expect((await tryPassword(from(), attacked.email, `devine-${attempt}`)).status).toBe(401);
    const locked = await tryPassword(from(), attacked.email, PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.retryAfter).toBeGreaterThan(880);
    expect(locked.body).toMatchObject({
      detail: expect.stringMatching(/^Trop de mots de passe erronés pour ce compte : sa connexion est bloquée pendant 15 minutes, même avec le bon mot de passe\./),
    });
    await signInAndEnrol(from(), 'agent', colleague);
    await aQuarterOfAnHourLater(libercourt(), attacked.email);
    await signInAndEnrol(from(), 'agent', attacked);
  });
});
