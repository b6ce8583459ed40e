import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentSession, citizenSession, communeBySlug, httpClient, insertTestProcedure, openEventStream, readJson, type SignedInClient, startServer, testProcedureDefinition, type TestServer, withCookie, seenBy } from '@guichet/testing';

let server: TestServer;
let citizen: SignedInClient;
let agent: SignedInClient;
let manager: SignedInClient;
let agentId = '';
let citizenCookie = '';

beforeAll(async () => {
  server = await startServer();
  await insertTestProcedure(server.databases.ownerClient, 'libercourt', 'test-signalement', 'services-techniques', testProcedureDefinition());
  const libercourt = await communeBySlug(server.databases.app, 'libercourt');
  const portal = httpClient(server, 'libercourt');
  citizenCookie = (await citizenSession(server.databases.app, libercourt, 'camille.requests@example.fr')).cookie;
  citizen = withCookie(portal, citizenCookie);
  const technician = await agentSession(server.databases.app, libercourt, {
    email: 'technicien.requests@libercourt.example.fr',
    role: 'agent',
    services: ['services-techniques'],
  });
  agentId = technician.agentId;
  agent = withCookie(portal, technician.cookie);
  manager = withCookie(
    portal,
    (await agentSession(server.databases.app, libercourt, { email: 'chef.requests@libercourt.example.fr', role: 'service_manager', services: ['services-techniques'] })).cookie,
  );
});
afterAll(() => server.close());

const goodValues = { objet: 'Nid-de-poule devant l’école', nature: 'voirie', lieu: { label: '12 rue Jean Jaurès', lat: 50.48, lon: 3.01 } };

describe('filing a request', () => {
  it('gives a portal request a reference and an acknowledgement mail announcing its delay in working days', async () => {
    const response = await citizen.api.demandes.$post({ json: { procedure: 'test-signalement', values: goodValues } });
    expect(response.status).toBe(201);
    const filed = await readJson(response);
    expect(filed.reference).toMatch(/^LIB-\d{4}-\d{6}$/);
    const mail = await server.mailbox.waitFor((message) => message.subject === `Accusé d’enregistrement de votre demande ${filed.reference}`, 15_000);
    expect(mail.to).toEqual(['camille.requests@example.fr']);
    // Each agent of the routed service is told, one message each.
    await server.mailbox.waitFor(
      (message) => message.subject === `Nouvelle demande ${filed.reference} pour Services techniques` && message.to.includes('technicien.requests@libercourt.example.fr'),
      15_000,
    );
    expect(mail.text).toContain('5 jours ouvrés');
    const detail = await readJson(await citizen.api.demandes[':id'].$get({ param: { id: filed.id } }));
    expect(detail).toMatchObject({ reference: filed.reference, status: 'submitted', channel: 'portal', address: '12 rue Jean Jaurès' });
    expect(detail.history.map((event: { kind: string }) => event.kind)).toEqual(['filed']);
  });

  it('lets an agent record a phone request for a contact, which then lives the same life', async () => {
    const response = await agent.api.agent.demandes.$post({
      json: {
        procedure: 'test-signalement',
        values: { objet: 'Lampadaire éteint', nature: 'voirie' },
        channel: 'phone',
        contact: { givenName: 'Jeanne', familyName: 'Martin', phone: '06 12 34 56 78' },
      },
    });
    expect(response.status).toBe(201);
    const filed = await readJson(response);
    const detail = await readJson(await agent.api.agent.demandes[':id'].$get({ param: { id: filed.id } }));
    expect(detail).toMatchObject({ channel: 'phone', status: 'submitted' });
    for (const status of ['acknowledged', 'in_progress', 'done'] as const) {
      const moved = await agent.api.agent.demandes[':id'].statut.$post({ header: await seenBy(agent, filed.id), param: { id: filed.id }, json: { status } });
      expect(moved.status, status).toBe(200);
    }
    const closed = await readJson(await agent.api.agent.demandes[':id'].$get({ param: { id: filed.id } }));
    expect(closed.status).toBe('done');
    expect(closed.closedAt).not.toBeNull();
    expect(closed.history.filter((event: { kind: string }) => event.kind === 'status_changed')).toHaveLength(3);
  });

  it('routes by the answer: a lighting report goes to the service its rule names', async () => {
    const filed = await readJson(await citizen.api.demandes.$post({ json: { procedure: 'test-signalement', values: { ...goodValues, nature: 'eclairage' } } }));
    // Any agent of the commune may open a request that is not restricted; the queue is the routed service's.
    expect((await readJson(await agent.api.agent.demandes[':id'].$get({ param: { id: filed.id } }))).service).toBe('État civil');
    const inbox = await readJson(await agent.api.agent.demandes.$get({ query: { limite: '100' } }));
    expect(inbox.requests.map((request: { id: string }) => request.id)).not.toContain(filed.id);
  });

  it('starts a request at the priority its answers call for', async () => {
    const urgent = await readJson(await citizen.api.demandes.$post({ json: { procedure: 'test-signalement', values: { ...goodValues, objet: 'Danger immédiat' } } }));
    const normal = await readJson(await citizen.api.demandes.$post({ json: { procedure: 'test-signalement', values: goodValues } }));
    expect((await readJson(await agent.api.agent.demandes[':id'].$get({ param: { id: urgent.id } }))).priority).toBe('urgent');
    expect((await readJson(await agent.api.agent.demandes[':id'].$get({ param: { id: normal.id } }))).priority).toBe('normal');
  });

  it('refuses an invalid submission with one error per field and stores nothing', async () => {
    const before = await readJson(await agent.api.agent.demandes.$get({ query: { limite: '100' } }));
    const response = await citizen.api.demandes.$post({ json: { procedure: 'test-signalement', values: { nature: 'piscine', inconnu: 1 } } });
    expect(response.status).toBe(422);
    const body = await readJson(response);
    expect(body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['inconnu', 'nature', 'objet']);
    const after = await readJson(await agent.api.agent.demandes.$get({ query: { limite: '100' } }));
    expect(after.requests.length).toBe(before.requests.length);
  });

  it('accepts an anonymous report with a contact e-mail where the procedure allows it', async () => {
    const anonymous = httpClient(server, 'libercourt');
    const response = await anonymous.api.demandes.$post({ json: { procedure: 'test-signalement', values: goodValues, contact: { email: 'passant@example.fr' } } });
    expect(response.status).toBe(201);
    const filed = await readJson(response);
    await server.mailbox.waitFor((message) => message.to.includes('passant@example.fr') && message.subject.includes(filed.reference), 15_000);
  });
});

describe('working a request', () => {
  it('pauses the clock while waiting for the citizen, and resumes it on their answer', async () => {
    const filed = await readJson(await citizen.api.demandes.$post({ json: { procedure: 'test-signalement', values: goodValues } }));
    await agent.api.agent.demandes[':id'].statut.$post({ header: await seenBy(agent, filed.id), param: { id: filed.id }, json: { status: 'in_progress' } });
    const asked = await agent.api.agent.demandes[':id'].statut.$post({
      header: await seenBy(agent, filed.id),
      param: { id: filed.id },
      json: { status: 'waiting_citizen', comment: 'Pouvez-vous préciser le numéro ?' },
    });
    expect(asked.status).toBe(200);
    expect((await readJson(await citizen.api.demandes[':id'].$get({ param: { id: filed.id } }))).clockPaused).toBe(true);
    const answered = await citizen.api.demandes[':id'].messages.$post({ param: { id: filed.id }, json: { body: 'Devant le numéro 12.' } });
    expect(answered.status).toBe(201);
    const detail = await readJson(await citizen.api.demandes[':id'].$get({ param: { id: filed.id } }));
    expect(detail.status).toBe('in_progress');
    expect(detail.clockPaused).toBe(false);
  });

  it('keeps internal notes and assignments away from the citizen', async () => {
    const filed = await readJson(await citizen.api.demandes.$post({ json: { procedure: 'test-signalement', values: goodValues } }));
    expect((await agent.api.agent.demandes[':id'].notes.$post({ header: await seenBy(agent, filed.id), param: { id: filed.id }, json: { body: 'Voir avec la régie voirie.' } })).status).toBe(201);
    expect((await agent.api.agent.demandes[':id'].attribution.$post({ header: await seenBy(agent, filed.id), param: { id: filed.id }, json: { assigneeId: agentId } })).status).toBe(200);
    expect((await agent.api.agent.demandes[':id'].messages.$post({ header: await seenBy(agent, filed.id), param: { id: filed.id }, json: { body: 'Nous intervenons cette semaine.' } })).status).toBe(201);
    const seenByCitizen = await readJson(await citizen.api.demandes[':id'].$get({ param: { id: filed.id } }));
    expect(seenByCitizen.history.map((event: { kind: string }) => event.kind)).toEqual(['filed', 'message']);
    expect(JSON.stringify(seenByCitizen)).not.toContain('régie voirie');
    const seenByAgent = await readJson(await agent.api.agent.demandes[':id'].$get({ param: { id: filed.id } }));
    expect(seenByAgent.history.map((event: { kind: string }) => event.kind)).toEqual(expect.arrayContaining(['note', 'assigned', 'message']));
    const mail = await server.mailbox.waitFor((message) => message.subject === `Nouveau message concernant votre demande ${filed.reference}`, 15_000);
    expect(mail.text).toContain('Nous intervenons cette semaine.');
  });

  it('requires a reason to refuse, and only a service manager decides', async () => {
    const filed = await readJson(await citizen.api.demandes.$post({ json: { procedure: 'test-signalement', values: goodValues } }));
    const withoutReason = await agent.api.agent.demandes[':id'].statut.$post({ header: await seenBy(agent, filed.id), param: { id: filed.id }, json: { status: 'rejected' } });
    expect(withoutReason.status).toBe(409);
    expect(await readJson(withoutReason)).toMatchObject({ reason: 'reason_required', errors: [{ field: 'comment', code: 'reason_required' }] });
    const refused = await manager.api.agent.demandes[':id'].statut.$post({
      header: await seenBy(manager, filed.id),
      param: { id: filed.id },
      json: { status: 'rejected', comment: 'Cette voie est départementale.' },
    });
    expect(refused.status).toBe(200);
    const mail = await server.mailbox.waitFor((message) => message.subject.startsWith(`Votre demande ${filed.reference} :`), 15_000);
    expect(mail.text).toContain('Cette voie est départementale.');
  });

  it('takes a satisfaction rating once the request is closed, once', async () => {
    const filed = await readJson(await citizen.api.demandes.$post({ json: { procedure: 'test-signalement', values: goodValues } }));
    expect((await citizen.api.demandes[':id'].avis.$post({ param: { id: filed.id }, json: { rating: 5 } })).status).toBe(409);
    await agent.api.agent.demandes[':id'].statut.$post({ header: await seenBy(agent, filed.id), param: { id: filed.id }, json: { status: 'done' } });
    expect((await citizen.api.demandes[':id'].avis.$post({ param: { id: filed.id }, json: { rating: 4, comment: 'Rapide.' } })).status).toBe(200);
    expect((await citizen.api.demandes[':id'].avis.$post({ param: { id: filed.id }, json: { rating: 1 } })).status).toBe(409);
    expect((await citizen.post(`/api/demandes/${filed.id}/avis`, { rating: 9 })).status).toBe(422);
  });

  it("pushes each status change to the citizen's open page as it happens", async () => {
    const filed = await readJson(await citizen.api.demandes.$post({ json: { procedure: 'test-signalement', values: goodValues } }));
    const stream = await openEventStream(server, 'libercourt', `/api/demandes/${filed.id}/flux`, citizenCookie);
    expect(stream.status).toBe(200);
    expect(JSON.parse((await stream.next()).data).status).toBe('submitted');
    await agent.api.agent.demandes[':id'].statut.$post({ header: await seenBy(agent, filed.id), param: { id: filed.id }, json: { status: 'in_progress' } });
    const update = await stream.next();
    expect(update.event).toBe('demande');
    expect(JSON.parse(update.data)).toMatchObject({ status: 'in_progress', statusLabel: expect.any(String) });
    stream.close();
  });

  it('pages the inbox by keyset, without duplicates or gaps', async () => {
    const seen: string[] = [];
    let next: string | null = null;
    do {
      const query = next ? { limite: '2', apres: next } : { limite: '2' };
      const page = await readJson(await agent.api.agent.demandes.$get({ query }));
      seen.push(...page.requests.map((request: { id: string }) => request.id));
      next = page.next;
    } while (next);
    const all = await readJson(await agent.api.agent.demandes.$get({ query: { limite: '100' } }));
    expect(seen).toEqual(all.requests.map((request: { id: string }) => request.id));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('filters the inbox by assignee: mine, nobody’s', async () => {
    const { id: agentId } = await readJson(await agent.api.agent.auth.moi.$get());
    const taken = await readJson(await citizen.api.demandes.$post({ json: { procedure: 'test-signalement', values: goodValues } }));
    const untaken = await readJson(await citizen.api.demandes.$post({ json: { procedure: 'test-signalement', values: goodValues } }));
    expect((await agent.api.agent.demandes[':id'].attribution.$post({ header: await seenBy(agent, taken.id), param: { id: taken.id }, json: { assigneeId: agentId } })).status).toBe(200);
    const ids = async (assignee: string) =>
      (await readJson(await agent.api.agent.demandes.$get({ query: { assignee, limite: '100' } }))).requests.map((request: { id: string }) => request.id);
    const mine = await ids('me');
    const nobodys = await ids('nobody');
    expect(mine).toContain(taken.id);
    expect(mine).not.toContain(untaken.id);
    expect(nobodys).toContain(untaken.id);
    expect(nobodys).not.toContain(taken.id);
    expect(await ids(agentId)).toEqual(mine);
    expect((await agent.get('/api/agent/demandes?assignee=moi')).status).toBe(422);
  });
});

describe('the agent desk', () => {
  it('merges a duplicate into the request that carries on, and tells the citizen which reference to follow', async () => {
    const kept = await readJson(await citizen.api.demandes.$post({ json: { procedure: 'test-signalement', values: goodValues } }));
    const duplicate = await readJson(await citizen.api.demandes.$post({ json: { procedure: 'test-signalement', values: goodValues } }));
    const merged = await agent.api.agent.demandes[':id'].fusion.$post({ header: await seenBy(agent, duplicate.id), param: { id: duplicate.id }, json: { into: kept.id } });
    expect(merged.status).toBe(200);
    expect(await readJson(merged)).toEqual({ into: kept.reference });
    const closed = await readJson(await citizen.api.demandes[':id'].$get({ param: { id: duplicate.id } }));
    expect(closed.status).toBe('closed_without_action');
    expect(closed.history.at(-1).payload.into).toBe(kept.reference);
    expect((await agent.api.agent.demandes[':id'].fusion.$post({ header: await seenBy(agent, kept.id), param: { id: kept.id }, json: { into: kept.id } })).status).toBe(409);
  });

  it('finds the contact a phone call is about, by name or by a piece of the number', async () => {
    const created = await agent.api.agent.contacts.$post({ json: { givenName: 'Lucien', familyName: 'Delacroix', phone: '03 21 45 67 89' } });
    expect(created.status).toBe(201);
    const byName = await readJson(await agent.api.agent.contacts.$get({ query: { q: 'delacr' } }));
    expect(byName.contacts.map((contact: { familyName: string }) => contact.familyName)).toContain('Delacroix');
    const byPhone = await readJson(await agent.api.agent.contacts.$get({ query: { q: '4567' } }));
    expect(byPhone.contacts.some((contact: { familyName: string }) => contact.familyName === 'Delacroix')).toBe(true);
    expect((await agent.post('/api/agent/contacts', { address: 'quelque part' })).status).toBe(422);
  });

  it('finds a citizen who filed signed in, by their account’s e-mail or name, shown with them', async () => {
    expect((await citizen.api.demandes.$post({ json: { procedure: 'test-signalement', values: { objet: 'Contact par le compte', nature: 'voirie' } } })).status).toBe(201);
    const byEmail = await readJson(await agent.api.agent.contacts.$get({ query: { q: 'camille.requests' } }));
    expect(byEmail.contacts).toContainEqual(expect.objectContaining({ email: 'camille.requests@example.fr', familyName: 'Testeur', givenName: 'Camille', citizenAccountId: expect.any(String) }));
  });

  it('keeps reply templates that managers write and agents use', async () => {
    expect((await agent.api.agent['modeles-de-reponse'].$post({ json: { title: 'Intervention planifiée', body: 'Bonjour, …' } })).status).toBe(403);
    const created = await manager.api.agent['modeles-de-reponse'].$post({
      json: { title: 'Intervention planifiée', body: 'Bonjour, une équipe interviendra sous 48 heures.' },
    });
    expect(created.status).toBe(201);
    const list = await readJson(await agent.api.agent['modeles-de-reponse'].$get());
    expect(list.templates.map((template: { title: string }) => template.title)).toContain('Intervention planifiée');
  });
});

describe('an overdue request', () => {
  it("is flagged by the sweep and reported to the service's managers, not to every agent", async () => {
    const { flagDeadlines } = await import('@guichet/requests');
    const { withTenant } = await import('@guichet/db');
    const libercourt = await communeBySlug(server.databases.app, 'libercourt');
    const filed = await readJson(await citizen.api.demandes.$post({ json: { procedure: 'test-signalement', values: goodValues } }));
    const later = new Date(new Date(filed.dueAt).getTime() + 5 * 24 * 3600_000);
    await withTenant(server.databases.app, libercourt.id, (tx) => flagDeadlines({ tx, jobs: server.dependencies.jobs, tenantId: libercourt.id, now: later }));
    const subject = `Demande en retard : ${filed.reference} a dépassé son délai annoncé`;
    await server.mailbox.waitFor((message) => message.subject === subject && message.to.includes('chef.requests@libercourt.example.fr'), 15_000);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const recipients = server.mailbox.messages().filter((message) => message.subject === subject).flatMap((message) => message.to);
    expect(recipients).not.toContain('technicien.requests@libercourt.example.fr');
    const detail = await readJson(await agent.api.agent.demandes[':id'].$get({ param: { id: filed.id } }));
    expect(detail).toMatchObject({ overdue: true, priority: 'urgent' });
  });
});
