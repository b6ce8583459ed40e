import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant, type Tenant } from '@guichet/db';
import { anonymiseExpired } from '@guichet/requests';
import { agentSession, communeBySlug, httpClient, samplePdf, insertTestProcedure, readJson, type SignedInClient, startServer, testProcedureDefinition, type TestServer, withCookie, seenBy } from '@guichet/testing';

import { eventually, pdfFile, upload } from './file-uploads.ts';

let server: TestServer;
let libercourt: Tenant;
let agent: SignedInClient;
let agentCookie: string;

const values = { objet: 'Nid-de-poule devant la poste', nature: 'voirie' };
const unreadable = 'A'.repeat(43);

beforeAll(async () => {
  server = await startServer();
  await insertTestProcedure(server.databases.ownerClient, 'libercourt', 'test-signalement', 'services-techniques', testProcedureDefinition());
  libercourt = await communeBySlug(server.databases.app, 'libercourt');
  ({ cookie: agentCookie } = await agentSession(server.databases.app, libercourt, { email: 'technicien.anonyme@libercourt.example.fr', role: 'agent', services: ['services-techniques'] }));
  agent = withCookie(httpClient(server, 'libercourt'), agentCookie);
});
afterAll(() => server.close());

/** The token of the first /suivi/ link of a mail to `to` whose subject matches. */
async function mailedToken(to: string, subject: (subject: string) => boolean): Promise<string> {
  const mail = await server.mailbox.waitFor((candidate) => candidate.to.includes(to) && subject(candidate.subject) && candidate.text.includes('/suivi/'), 15_000);
  const link = mail.text.match(/https?:\/\/[^\s<>"]+\/suivi\/[A-Za-z0-9_-]+/)?.[0];
  if (!link) throw new Error(`No follow-up link in "${mail.subject}"`);
  expect(new URL(link).host).toBe(httpClient(server, 'libercourt').host);
  return new URL(link).pathname.split('/').pop()!;
}

/** Files anonymously on Libercourt and returns the request with the token of its acknowledgement. */
async function fileAnonymously(email: string) {
  const response = await httpClient(server, 'libercourt').api.demandes.$post({ json: { procedure: 'test-signalement', values, contact: { email } } });
  expect(response.status).toBe(201);
  const filed = await readJson(response);
  const token = await mailedToken(email, (subject) => subject === `Accusé d’enregistrement de votre demande ${filed.reference}`);
  return { ...filed, token };
}

const follow = (token: string, slug = 'libercourt') => httpClient(server, slug).api.suivi[':token'].$get({ param: { token } });

describe('following a request filed without an account', () => {
  it('mails a private link with the acknowledgement that opens the request: status and public history, never internal notes', async () => {
    const filed = await fileAnonymously('passant.suivi@example.fr');
    expect(filed.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await agent.api.agent.demandes[':id'].notes.$post({ header: await seenBy(agent, filed.id), param: { id: filed.id }, json: { body: 'Riverain connu du service' } })).status).toBe(201);
    expect((await agent.api.agent.demandes[':id'].statut.$post({ header: await seenBy(agent, filed.id), param: { id: filed.id }, json: { status: 'acknowledged' } })).status).toBe(200);

    const response = await follow(filed.token);
    expect(response.status).toBe(200);
    const detail = await readJson(response);
    expect(detail).toMatchObject({ id: filed.id, reference: filed.reference, status: 'acknowledged', statusLabel: expect.any(String) });
    expect(detail.history.map((event: { kind: string }) => event.kind)).toEqual(['filed', 'status_changed']);
    expect(JSON.stringify(detail)).not.toContain('Riverain connu du service');
    expect(detail).not.toHaveProperty('contactId');
  });

  it('takes the filer’s reply through the link, which the agent sees and which resumes a request waiting for them', async () => {
    const filed = await fileAnonymously('repondant.suivi@example.fr');
    for (const status of ['acknowledged', 'in_progress', 'waiting_citizen'] as const) {
      expect((await agent.api.agent.demandes[':id'].statut.$post({ header: await seenBy(agent, filed.id), param: { id: filed.id }, json: { status } })).status, status).toBe(200);
    }
    const question = 'Pouvez-vous préciser le numéro de la rue ?';
    expect((await agent.api.agent.demandes[':id'].messages.$post({ header: await seenBy(agent, filed.id), param: { id: filed.id }, json: { body: question, attachmentIds: [] } })).status).toBe(201);
    const before = await readJson(await follow(filed.token));
    expect(before.history.some((event: { kind: string; payload: { body?: string } }) => event.kind === 'message' && event.payload.body === question)).toBe(true);

    const answer = 'Devant le numéro 12.';
    const replied = await httpClient(server, 'libercourt').api.suivi[':token'].messages.$post({ param: { token: filed.token }, json: { body: answer, attachmentIds: [] } });
    expect(replied.status).toBe(201);
    const seen = await readJson(await agent.api.agent.demandes[':id'].$get({ param: { id: filed.id } }));
    expect(seen.status).toBe('in_progress');
    const message = seen.history.find((event: { kind: string; payload: { body?: string } }) => event.kind === 'message' && event.payload.body === answer);
    expect(message).toMatchObject({ actorKind: 'citizen', actorId: null, public: true });
  });

  it('carries a new working link in every later e-mail, since the filer has no « Mes demandes »', async () => {
    const filed = await fileAnonymously('nouvelles.suivi@example.fr');
    const question = 'Le trou est-il sur la chaussée ou sur le trottoir ?';
    expect((await agent.api.agent.demandes[':id'].messages.$post({ header: await seenBy(agent, filed.id), param: { id: filed.id }, json: { body: question, attachmentIds: [] } })).status).toBe(201);
    const token = await mailedToken('nouvelles.suivi@example.fr', (subject) => subject === `Nouveau message concernant votre demande ${filed.reference}`);
    expect(token).not.toBe(filed.token);
    // The mail leaves before the job's transaction, which stores the token's hash, commits.
    expect(await eventually(async () => (await follow(token)).status === 200)).toBe(true);
    const detail = await readJson(await follow(token));
    expect(detail.history.at(-1)).toMatchObject({ kind: 'message', payload: { body: question } });
    expect((await follow(filed.token)).status).toBe(200);
  });

  it('shows the files the commune sent, and downloads them, through the link only', async () => {
    const filed = await fileAnonymously('fichiers.suivi@example.fr');
    const other = await fileAnonymously('autre-fichier.suivi@example.fr');
    const portal = httpClient(server, 'libercourt');
    const decision = samplePdf('Arrete de voirie');
    const sent = await readJson(await upload(portal, '/api/agent/pieces-jointes', pdfFile(decision, 'arrêté.pdf'), { cookie: agentCookie }));
    const message = { body: 'Voici l’arrêté.', attachmentIds: [sent.id] };
    expect((await agent.api.agent.demandes[':id'].messages.$post({ header: await seenBy(agent, filed.id), param: { id: filed.id }, json: message })).status).toBe(201);

    const listed = await portal.api.suivi[':token']['pieces-jointes'].$get({ param: { token: filed.token } });
    expect(listed.status).toBe(200);
    expect((await readJson(listed)).attachments).toEqual([expect.objectContaining({ id: sent.id, filename: 'arrêté.pdf', uploadedByKind: 'agent' })]);
    const download = (token: string) => portal.api.suivi[':token']['pieces-jointes'][':attachmentId'].$get({ param: { token, attachmentId: sent.id } });
    const downloaded = await download(filed.token);
    expect(downloaded.status).toBe(200);
    expect(Buffer.from(await downloaded.arrayBuffer()).equals(decision)).toBe(true);
    // Another request's link does not reach this file, nor an unknown link any file.
    expect((await download(other.token)).status).toBe(404);
    expect((await download(unreadable)).status).toBe(404);
    expect((await readJson(await portal.api.suivi[':token']['pieces-jointes'].$get({ param: { token: other.token } }))).attachments).toEqual([]);
  });

  it('refuses a reply to a closed request as it does a signed-in citizen’s, and an empty one with a 422', async () => {
    const filed = await fileAnonymously('clos.suivi@example.fr');
    const reply = (body: string) => httpClient(server, 'libercourt').api.suivi[':token'].messages.$post({ param: { token: filed.token }, json: { body, attachmentIds: [] } });
    expect((await reply('   ')).status).toBe(422);
    for (const status of ['acknowledged', 'in_progress', 'done'] as const) {
      expect((await agent.api.agent.demandes[':id'].statut.$post({ header: await seenBy(agent, filed.id), param: { id: filed.id }, json: { status } })).status, status).toBe(200);
    }
    expect((await reply('Encore moi.')).status).toBe(409);
  });

  it('keeps only the SHA-256 of the token in the database', async () => {
    const filed = await fileAnonymously('empreinte.suivi@example.fr');
    const rows = await server.databases.ownerClient.begin(async (sql) => {
      await sql`select set_config('app.tenant_id', ${libercourt.id}, true)`;
      return sql<{ row: string; token_hash: string }[]>`select t::text as row, token_hash from request_follow_up_tokens t where request_id = ${filed.id}`;
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).toBe(createHash('sha256').update(filed.token).digest('hex'));
    expect(rows[0]!.row).not.toContain(filed.token);
    // The jobs that carried the token to the mail leave pg-boss's tables a minute after they complete;
    // the service's never had it.
    const jobs = await server.databases.ownerClient<{ name: string; deletion_seconds: number; token: string | null }[]>`
      select name, deletion_seconds, data->>'followUpToken' as token from pgboss.job where name like 'request.notify-%' and data->>'requestId' = ${filed.id} order by name`;
    expect(jobs.map(({ name, deletion_seconds, token }) => [name, deletion_seconds, token === filed.token])).toEqual([
      ['request.notify-citizen', 60, true],
      ['request.notify-filed', 60, true],
      ['request.notify-service', 7 * 24 * 3600, false],
    ]);
  });

  it('does not open from another commune’s portal (row-level security): 404', async () => {
    const filed = await fileAnonymously('voisin.suivi@example.fr');
    const elsewhere = await follow(filed.token, 'oignies');
    expect(elsewhere.status).toBe(404);
    expect((await readJson(elsewhere)).type).toMatch(/lien-de-suivi-invalide$/);
    const reply = await httpClient(server, 'oignies').api.suivi[':token'].messages.$post({ param: { token: filed.token }, json: { body: 'Bonjour', attachmentIds: [] } });
    expect(reply.status).toBe(404);
    expect((await follow(filed.token)).status).toBe(200);
  });

  it('dies with the request’s personal data: after anonymisation the link answers 404 and no token row is left', async () => {
    const filed = await fileAnonymously('oubli.suivi@example.fr');
    for (const status of ['acknowledged', 'in_progress', 'done'] as const) {
      expect((await agent.api.agent.demandes[':id'].statut.$post({ header: await seenBy(agent, filed.id), param: { id: filed.id }, json: { status } })).status, status).toBe(200);
    }
    expect((await follow(filed.token)).status).toBe(200);
    const beyondRetention = new Date(Date.now() + 800 * 24 * 3600_000);
    const anonymised = await withTenant(server.databases.app, libercourt.id, (tx) =>
      anonymiseExpired({ tx, jobs: server.dependencies.jobs, tenantId: libercourt.id, now: beyondRetention }),
    );
    expect(anonymised).toContain(filed.id);
    expect((await follow(filed.token)).status).toBe(404);
    const left = await server.databases.ownerClient.begin(async (sql) => {
      await sql`select set_config('app.tenant_id', ${libercourt.id}, true)`;
      return sql`select 1 from request_follow_up_tokens where request_id = ${filed.id}`;
    });
    expect(left).toHaveLength(0);
  });

  it('answers a malformed or unknown token with a 422 or a 404, never a 500', async () => {
    const portal = httpClient(server, 'libercourt');
    for (const path of ['/api/suivi/court', `/api/suivi/${'%2F'.repeat(20)}`, `/api/suivi/${'é'.repeat(43)}`, `/api/suivi/${'A'.repeat(500)}`]) {
      const response = await portal.get(path);
      expect([404, 422], path).toContain(response.status);
    }
    const malformed = await portal.get('/api/suivi/court');
    expect(malformed.status).toBe(422);
    expect((await readJson(malformed)).errors[0].field).toBe('token');
    expect((await follow(unreadable)).status).toBe(404);
    expect((await portal.request(`/api/suivi/${unreadable}/messages`, { json: { body: 'x', attachmentIds: [] } })).status).toBe(404);
    expect((await portal.request(`/api/suivi/${unreadable}/messages`, { json: { corps: 'x' } })).status).toBe(422);
  });
});

describe('asking for the follow-up links again', () => {
  it('mails a new working link for an address with an anonymous request, and answers an unknown address identically', async () => {
    const filed = await fileAnonymously('Redemande.Suivi@example.fr');
    const portal = httpClient(server, 'libercourt', { ip: '198.51.100.10' });
    const known = await portal.api.suivi.lien.$post({ json: { email: 'redemande.suivi@example.fr' } });
    const unknown = await portal.api.suivi.lien.$post({ json: { email: 'personne.suivi@example.fr' } });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(known.status);
    expect(await unknown.text()).toBe(await known.text());

    const token = await mailedToken('redemande.suivi@example.fr', (subject) => subject === `Le lien de suivi de votre demande ${filed.reference}`);
    expect(token).not.toBe(filed.token);
    expect((await readJson(await follow(token))).id).toBe(filed.id);
    // The acknowledgement's link keeps working: asking again must not let anyone break it.
    expect((await follow(filed.token)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(server.mailbox.messages().some((mail) => mail.to.includes('personne.suivi@example.fr'))).toBe(false);
  });

  it('sends no link for another commune’s requests', async () => {
    await fileAnonymously('commune.suivi@example.fr');
    const oignies = httpClient(server, 'oignies', { ip: '198.51.100.11' });
    expect((await oignies.api.suivi.lien.$post({ json: { email: 'commune.suivi@example.fr' } })).status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(server.mailbox.messages().some((mail) => mail.to.includes('commune.suivi@example.fr') && mail.subject.startsWith('Le lien de suivi'))).toBe(false);
  });

  it('is limited per address (3 an hour) and per IP address, with a 429 and Retry-After', async () => {
    const email = 'limite.suivi@example.fr';
    for (let attempt = 0; attempt < 3; attempt++) {
      const portal = httpClient(server, 'libercourt', { ip: `198.51.100.${20 + attempt}` });
      expect((await portal.api.suivi.lien.$post({ json: { email } })).status).toBe(202);
    }
    const blocked = await httpClient(server, 'libercourt', { ip: '198.51.100.30' }).api.suivi.lien.$post({ json: { email } });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);

    const oneMachine = httpClient(server, 'libercourt', { ip: '198.51.100.40' });
    const statuses = [];
    for (let attempt = 0; attempt < 21; attempt++) statuses.push((await oneMachine.api.suivi.lien.$post({ json: { email: `ip${attempt}.suivi@example.fr` } })).status);
    expect(statuses.slice(0, 20).every((status) => status === 202)).toBe(true);
    expect(statuses[20]).toBe(429);
  });

  it('answers a bad address with a French 422 naming the field', async () => {
    const response = await httpClient(server, 'libercourt', { ip: '198.51.100.50' }).request('/api/suivi/lien', { json: { email: 'pas-une-adresse' } });
    expect(response.status).toBe(422);
    const problem = await readJson(response);
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'email', message: 'Adresse e-mail invalide.' })]);
  });
});
