import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requests, withTenant, type Tenant } from '@guichet/db';
import { agentSession, citizenSession, communeBySlug, httpClient, insertTestProcedure, readJson, startServer, testProcedureDefinition, type TestServer, withCookie, seenBy } from '@guichet/testing';

let server: TestServer;
let libercourt: Tenant;
let agent: ReturnType<typeof withCookie>;
const DAY = 24 * 3600_000;
// Every query names this suite's procedure: other suites file in Libercourt at the same time.
const procedure = 'test-corbeille';

type Line = { id: string; reference: string; priority: string; dueAt: string; filedAt: string; dueSoon: boolean; overdue: boolean; clockPaused: boolean; contactName: string | null };
type Page = { requests: Line[]; next: string | null; counts: Record<string, number> };

beforeAll(async () => {
  server = await startServer();
  await insertTestProcedure(server.databases.ownerClient, 'libercourt', procedure, 'services-techniques', testProcedureDefinition({ routing: [] }));
  libercourt = await communeBySlug(server.databases.app, 'libercourt');
  agent = withCookie(
    httpClient(server, 'libercourt'),
    (await agentSession(server.databases.app, libercourt, { email: 'corbeille@libercourt.example.fr', role: 'agent', services: ['services-techniques'] })).cookie,
  );
});
afterAll(() => server.close());

async function file(objet: string, contact: { familyName?: string; givenName?: string; phone?: string; email?: string } = { familyName: 'Martin' }) {
  const response = await agent.api.agent.demandes.$post({ json: { procedure, channel: 'phone', values: { objet, nature: 'voirie' }, contact } });
  expect(response.status).toBe(201);
  return (await readJson(response)).id as string;
}

async function inbox(query: Record<string, string>): Promise<Page> {
  const response = await agent.api.agent.demandes.$get({ query: { procedure, limite: '100', ...query } });
  expect(response.status).toBe(200);
  return readJson(response);
}

async function setDue(id: string, dueAt: Date) {
  await withTenant(server.databases.app, libercourt.id, (tx) => tx.update(requests).set({ dueAt }).where(eq(requests.id, id)));
}

describe('the inbox', () => {
  it('sorts by filing, due date or urgency, and pages each sort by keyset without duplicates or gaps', async () => {
    const ids: string[] = [];
    for (let index = 0; index < 7; index += 1) ids.push(await file(`Tri ${index}`));
    // Due dates out of filing order, some equal; priorities mixed.
    const offsets = [5, 3, 9, 3, 1, 7, 3];
    for (const [index, id] of ids.entries()) await setDue(id, new Date(Date.now() + offsets[index]! * DAY + 1000));
    for (const [index, priority] of [[2, 'urgent'], [4, 'high'], [5, 'urgent']] as const) {
      expect((await agent.api.agent.demandes[':id'].priorite.$post({ header: await seenBy(agent, ids[index]!), param: { id: ids[index]! }, json: { priority } })).status).toBe(200);
    }
    const rank = { urgent: 2, high: 1, normal: 0 } as Record<string, number>;
    const expectations: Record<string, (a: Line, b: Line) => number> = {
      filed: (a, b) => b.filedAt.localeCompare(a.filedAt) || b.id.localeCompare(a.id),
      due: (a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id),
      priority: (a, b) => rank[b.priority]! - rank[a.priority]! || a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id),
    };
    for (const [sort, order] of Object.entries(expectations)) {
      const whole = (await inbox({ sort, q: 'Tri ' })).requests;
      expect(whole.map((line) => line.id).sort()).toEqual([...ids].sort());
      expect(whole.map((line) => line.id), sort).toEqual([...whole].sort(order).map((line) => line.id));
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Page = await inbox({ sort, q: 'Tri ', limite: '2', ...(cursor ? { apres: cursor } : {}) });
        paged.push(...page.requests.map((line) => line.id));
        cursor = page.next;
      } while (cursor);
      expect(paged, sort).toEqual(whole.map((line) => line.id));
    }
    expect((await inbox({ priority: 'urgent', q: 'Tri ' })).requests.map((line) => line.id).sort()).toEqual([ids[2], ids[5]].sort());
  });

  it('flags and filters what falls due within 2 working days, neither overdue nor waiting for the citizen', async () => {
    const [soon, later, paused, late] = [await file('Échéance proche'), await file('Échéance lointaine'), await file('Échéance suspendue'), await file('Échéance dépassée')];
    await setDue(soon, new Date(Date.now() + 3600_000));
    await setDue(later, new Date(Date.now() + 20 * DAY));
    await setDue(paused, new Date(Date.now() + 3600_000));
    await setDue(late, new Date(Date.now() - DAY));
    await withTenant(server.databases.app, libercourt.id, async (tx) => {
      await tx.update(requests).set({ clockPausedAt: new Date() }).where(eq(requests.id, paused));
      await tx.update(requests).set({ overdueAt: new Date() }).where(eq(requests.id, late));
    });
    const lines = (await inbox({ q: 'Échéance' })).requests;
    const flags = Object.fromEntries(lines.map((line) => [line.id, { dueSoon: line.dueSoon, overdue: line.overdue, clockPaused: line.clockPaused }]));
    expect(flags).toEqual({
      [soon]: { dueSoon: true, overdue: false, clockPaused: false },
      [later]: { dueSoon: false, overdue: false, clockPaused: false },
      [paused]: { dueSoon: false, overdue: false, clockPaused: true },
      [late]: { dueSoon: false, overdue: true, clockPaused: false },
    });
    expect((await inbox({ q: 'Échéance', dueSoon: 'true' })).requests.map((line) => line.id)).toEqual([soon]);
  });

  it('counts each status under the same filters, whatever status is shown', async () => {
    const [first, second, third] = [await file('Compte A'), await file('Compte B'), await file('Compte C')];
    for (const id of [first, second]) {
      expect((await agent.api.agent.demandes[':id'].statut.$post({ header: await seenBy(agent, id), param: { id }, json: { status: 'acknowledged' } })).status).toBe(200);
    }
    const counted = await inbox({ q: 'Compte ', status: 'submitted' });
    expect(counted.requests.map((line) => line.id)).toEqual([third]);
    expect(counted.counts).toEqual({ submitted: 1, acknowledged: 2 });
  });

  it('finds a request by its contact’s name, e-mail or phone however written, and by its answers', async () => {
    const byPerson = await file('Recherche personne', { givenName: 'Rosalie', familyName: 'Vandenbussche', phone: '03 21 45 67 89', email: 'rosalie.v@example.fr' });
    for (const q of ['vandenbus', 'Rosalie V', 'rosalie.v@', '0321456789', '03.21.45.67.89', '45 67 89']) {
      expect((await inbox({ q })).requests.map((line) => line.id), q).toEqual([byPerson]);
    }
    expect((await inbox({ q: 'vandenbus' })).requests[0]!.contactName).toBe('Rosalie Vandenbussche');
    const byAnswer = await file('Recherche réponse');
    await withTenant(server.databases.app, libercourt.id, (tx) =>
      tx.update(requests).set({ data: { objet: 'Recherche réponse', nature: 'voirie', detail: 'lampadaire clignotant' } }).where(eq(requests.id, byAnswer)),
    );
    expect((await inbox({ q: 'clignotant' })).requests.map((line) => line.id)).toEqual([byAnswer]);
  });

  it('answers a crafted or foreign cursor with a 400 in French, never a 500', async () => {
    const crafted = (cursor: unknown) => Buffer.from(JSON.stringify(cursor)).toString('base64url');
    const id = '00000000-0000-4000-8000-000000000000';
    for (const [apres, sort] of [
      [crafted({ sort: 'filed', key: '2026-13-45T99:00:00Z', id }), 'filed'],
      [crafted({ sort: 'due', key: new Date().toISOString(), id }), 'filed'],
      [crafted({ sort: 'priority', key: `9|${new Date().toISOString()}`, id }), 'priority'],
      [crafted({ sort: 'filed', key: new Date().toISOString(), id: 'pas-un-uuid' }), 'filed'],
      ['%%%pas-du-base64', 'filed'],
      [Buffer.from('null').toString('base64url'), 'filed'],
      [crafted({ sort: 'filed', key: '0000-01-01T00:00:00Z', id }), 'filed'],
      // Valid ISO 8601 dates whose offset Postgres refuses (it stops at ±15:59), or with six-digit years.
      [crafted({ sort: 'filed', key: '2026-01-01T00:00:00+23:00', id }), 'filed'],
      [crafted({ sort: 'due', key: '2026-01-01T00:00:00-16:00', id }), 'due'],
      [crafted({ sort: 'priority', key: '1|2026-01-01T00:00:00+20:00', id }), 'priority'],
      [crafted({ sort: 'filed', key: '+010000-01-01T00:00:00.000Z', id }), 'filed'],
    ] as const) {
      const response = await agent.api.agent.demandes.$get({ query: { apres, sort } });
      expect(response.status, apres).toBe(400);
      expect((await readJson(response)).title).toBe('Ce curseur de page n’est pas valable.');
    }
  });

  it('acts on a selection one request at a time: each its own event, a stale one refused alone', async () => {
    const ids = [await file('Lot A'), await file('Lot B'), await file('Lot C')];
    const versions = Object.fromEntries((await inbox({ q: 'Lot ' })).requests.map((line) => [line.id, (line as Line & { version: number }).version]));
    // Someone acknowledges B meanwhile: the selection's version of B is stale.
    expect((await agent.api.agent.demandes[':id'].statut.$post({ param: { id: ids[1]! }, header: { 'if-match': `"${versions[ids[1]!]}"` }, json: { status: 'acknowledged' } })).status).toBe(200);
    const reason = 'Doublon : l’intervention est déjà programmée.';
    const response = await agent.api.agent.demandes.lot.$post({
      json: { action: 'close', reason, requests: ids.map((id) => ({ id, version: versions[id]! })) },
    });
    expect(response.status).toBe(200);
    const { results } = await readJson(response);
    expect(results.map((result: { ok: boolean }) => result.ok)).toEqual([true, false, true]);
    expect(results[1].problem).toMatchObject({ status: 409, title: 'La demande a été modifiée depuis que vous l’avez ouverte.' });
    for (const [index, id] of ids.entries()) {
      const detail = await readJson(await agent.api.agent.demandes[':id'].$get({ param: { id } }));
      const closings = detail.history.filter((event: { kind: string; payload: { to?: string } }) => event.kind === 'status_changed' && event.payload.to === 'closed_without_action');
      expect(detail.status, `request ${index}`).toBe(index === 1 ? 'acknowledged' : 'closed_without_action');
      expect(closings.map((event: { payload: { comment?: string } }) => event.payload.comment)).toEqual(index === 1 ? [] : [reason]);
    }
  });

  it('takes a selection for the agent, and asks for what an action needs in French', async () => {
    const ids = [await file('Prise A'), await file('Prise B')];
    const lines = (await inbox({ q: 'Prise ' })).requests as (Line & { version: number })[];
    const taken = await agent.api.agent.demandes.lot.$post({ json: { action: 'take', requests: lines.map((line) => ({ id: line.id, version: line.version })) } });
    expect((await readJson(taken)).results.every((result: { ok: boolean }) => result.ok)).toBe(true);
    expect((await inbox({ q: 'Prise ', assignee: 'me' })).requests.map((line) => line.id).sort()).toEqual([...ids].sort());
    const withoutReason = await agent.api.agent.demandes.lot.$post({ json: { action: 'close', requests: lines.map((line) => ({ id: line.id, version: line.version + 1 })) } });
    expect(withoutReason.status).toBe(422);
    expect((await readJson(withoutReason)).errors).toEqual([expect.objectContaining({ field: 'reason', message: expect.stringContaining('motif') })]);
  });

  it('names a citizen with an account by their account, and finds them by it', async () => {
    const citizen = withCookie(httpClient(server, 'libercourt'), (await citizenSession(server.databases.app, libercourt, 'zephyrin.corbeille@example.fr')).cookie);
    const filed = await readJson(await citizen.api.demandes.$post({ json: { procedure, values: { objet: 'Compte usager', nature: 'voirie' } } }));
    const found = (await inbox({ q: 'zephyrin.corbeille' })).requests;
    expect(found.map((line) => [line.id, line.contactName])).toEqual([[filed.id, 'Camille Testeur']]);
  });
});
