import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant, type Tenant } from '@guichet/db';
import { sql } from 'drizzle-orm';
import {
  agentSession,
  citizenSession,
  communeBySlug,
  insertTestProcedure,
  onHost,
  open311ReportDefinition,
  readJson,
  requestWithHost,
  startServer,
  testProcedureDefinition,
  type TestServer,
} from '@guichet/testing';

let server: TestServer;
let lavaur: Tenant;
let citizenCookie: string;
let otherCitizenCookie: string;
let agentCookie: string;
let apiKey: string;
const FILING = 'test-idempotence';
const REPORT = 'test-idempotence-open311';

beforeAll(async () => {
  server = await startServer();
  const owner = server.databases.ownerClient;
  await insertTestProcedure(owner, 'lavaur', FILING, 'services-techniques', testProcedureDefinition({ routing: [], priorityRules: [] }));
  await insertTestProcedure(owner, 'lavaur', REPORT, 'services-techniques', open311ReportDefinition());
  lavaur = await communeBySlug(server.databases.app, 'lavaur');
  citizenCookie = (await citizenSession(server.databases.app, lavaur, 'idempotence@example.fr')).cookie;
  otherCitizenCookie = (await citizenSession(server.databases.app, lavaur, 'idempotence.autre@example.fr')).cookie;
  agentCookie = (await agentSession(server.databases.app, lavaur, { email: 'idempotence.agent@lavaur.example.fr', role: 'agent', services: ['services-techniques'] })).cookie;
  const admin = (await agentSession(server.databases.app, lavaur, { email: 'idempotence.admin@lavaur.example.fr', role: 'commune_admin', services: [] })).cookie;
  apiKey = (await readJson(await post('/api/open311/cles', { label: 'Application (idempotence)' }, { cookie: admin }))).key;
});
afterAll(() => server.close());

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  // The Origin a browser sends: state changes from elsewhere are refused (CSRF).
  const origin = `http://lavaur.localhost:${server.port}`;
  return onHost(server, 'lavaur')(path, { method: 'POST', headers: { 'content-type': 'application/json', origin, ...headers }, body: JSON.stringify(body) });
}
const filing = (objet: string) => ({ procedure: FILING, values: { objet, nature: 'voirie' } });
const count = async (query: ReturnType<typeof sql>) => withTenant(server.databases.app, lavaur.id, async (tx) => Number((await tx.execute(query))[0]!.n));
const requestsAbout = (objet: string) => count(sql`select count(*) as n from requests where data->>'objet' = ${objet}`);

describe('Idempotency-Key', () => {
  it('answers a citizen’s retry of a filing with the first answer, and files it once', async () => {
    const headers = { cookie: citizenCookie, 'idempotency-key': 'depot-citoyen-0001' };
    const first = await post('/api/demandes', filing('Réverbère penché (réessai)'), headers);
    expect(first.status).toBe(201);
    // As if the answer had been lost after the commit: the client sends the same again.
    const retry = await post('/api/demandes', filing('Réverbère penché (réessai)'), headers);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await readJson(retry)).toEqual(await readJson(first));
    expect(await requestsAbout('Réverbère penché (réessai)')).toBe(1);
  });

  it('files once when the same submission arrives many times at once', async () => {
    const headers = { cookie: citizenCookie, 'idempotency-key': 'depot-simultane-0001' };
    const answers = await Promise.all(Array.from({ length: 8 }, () => post('/api/demandes', filing('Banc arraché (simultané)'), headers)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(8).fill(201));
    const ids = new Set(await Promise.all(answers.map(async (answer) => (await readJson(answer)).id)));
    expect(ids.size).toBe(1);
    expect(await requestsAbout('Banc arraché (simultané)')).toBe(1);
  });

  it('refuses the same key with another content (422 on Idempotency-Key), and a key that cannot be one', async () => {
    const headers = { cookie: citizenCookie, 'idempotency-key': 'depot-modifie-0001' };
    expect((await post('/api/demandes', filing('Trottoir fissuré'), headers)).status).toBe(201);
    const other = await post('/api/demandes', filing('Trottoir effondré'), headers);
    expect(other.status).toBe(422);
    expect((await readJson(other)).errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key', code: 'idempotency_key_reused' })]);
    expect(await requestsAbout('Trottoir effondré')).toBe(0);
    const malformed = await post('/api/demandes', filing('Trottoir effondré'), { cookie: citizenCookie, 'idempotency-key': 'court' });
    expect(malformed.status).toBe(422);
    expect((await readJson(malformed)).errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key', code: 'idempotency_key_malformed' })]);
  });

  it('leaves the key free when the filing is refused: the corrected retry with the same key files', async () => {
    const headers = { cookie: citizenCookie, 'idempotency-key': 'depot-refuse-0001' };
    const refused = await post('/api/demandes', { procedure: FILING, values: { objet: 'Caniveau bouché (corrigé)' } }, headers);
    expect(refused.status).toBe(422);
    const corrected = await post('/api/demandes', filing('Caniveau bouché (corrigé)'), headers);
    expect(corrected.status).toBe(201);
    expect(corrected.headers.get('idempotent-replayed')).toBeNull();
    expect(await requestsAbout('Caniveau bouché (corrigé)')).toBe(1);
  });

  it('is the sender’s own: another account, or another browser filing anonymously, files with the same key', async () => {
    const key = 'cle-partagee-0001';
    expect((await post('/api/demandes', filing('Poubelle renversée (compte)'), { cookie: citizenCookie, 'idempotency-key': key })).status).toBe(201);
    expect((await post('/api/demandes', filing('Poubelle renversée (compte)'), { cookie: otherCitizenCookie, 'idempotency-key': key })).status).toBe(201);
    expect(await requestsAbout('Poubelle renversée (compte)')).toBe(2);

    const anonymous = { ...filing('Tag sur le mur (anonyme)'), contact: { email: 'anonyme.idempotence@example.fr' } };
    const firstBrowser = { cookie: `guichet_depot=${'a'.repeat(43)}`, 'idempotency-key': key };
    const secondBrowser = { cookie: `guichet_depot=${'b'.repeat(43)}`, 'idempotency-key': key };
    expect((await post('/api/demandes', anonymous, firstBrowser)).status).toBe(201);
    expect((await post('/api/demandes', anonymous, firstBrowser)).headers.get('idempotent-replayed')).toBe('true');
    expect((await post('/api/demandes', anonymous, secondBrowser)).status).toBe(201);
    expect(await requestsAbout('Tag sur le mur (anonyme)')).toBe(2);
  });

  it('holds for 24 hours: an older key is taken afresh', async () => {
    const headers = { cookie: citizenCookie, 'idempotency-key': 'depot-ancien-0001' };
    expect((await post('/api/demandes', filing('Haie débordante'), headers)).status).toBe(201);
    await server.databases.ownerClient.begin(async (owner) => {
      await owner`select set_config('app.tenant_id', ${lavaur.id}, true)`;
      await owner`update idempotency_keys set created_at = now() - interval '25 hours' where key = 'depot-ancien-0001'`;
    });
    const later = await post('/api/demandes', filing('Haie débordante'), headers);
    expect(later.status).toBe(201);
    expect(later.headers.get('idempotent-replayed')).toBeNull();
    expect(await requestsAbout('Haie débordante')).toBe(2);
  });

  it('covers an agent’s intake, and messages: a retried message is posted once, the agent’s retry answered despite the version it moved', async () => {
    const intake = { procedure: FILING, channel: 'phone', values: { objet: 'Plaque d’égout bruyante (téléphone)', nature: 'voirie' }, contact: { familyName: 'Idempotence' } };
    const agentHeaders = { cookie: agentCookie, 'idempotency-key': 'saisie-agent-0001' };
    const filed = await readJson(await post('/api/agent/demandes', intake, agentHeaders));
    expect((await post('/api/agent/demandes', intake, agentHeaders)).headers.get('idempotent-replayed')).toBe('true');
    expect(await requestsAbout('Plaque d’égout bruyante (téléphone)')).toBe(1);

    const read = await onHost(server, 'lavaur')(`/api/agent/demandes/${filed.id}`, { headers: { cookie: agentCookie } });
    const version = read.headers.get('etag')!;
    const message = { body: 'Nous passons demain matin.', attachmentIds: [] };
    const messageHeaders = { ...agentHeaders, 'idempotency-key': 'message-agent-0001', 'if-match': version };
    expect((await post(`/api/agent/demandes/${filed.id}/messages`, message, messageHeaders)).status).toBe(201);
    const retried = await post(`/api/agent/demandes/${filed.id}/messages`, message, messageHeaders);
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    const messages = () => count(sql`select count(*) as n from request_events where request_id = ${filed.id} and kind = 'message'`);
    expect(await messages()).toBe(1);
  });

  it('covers a citizen’s message', async () => {
    const filed = await readJson(await post('/api/demandes', filing('Fuite d’eau (message)'), { cookie: citizenCookie }));
    const headers = { cookie: citizenCookie, 'idempotency-key': 'message-citoyen-0001' };
    const message = { body: 'La fuite a empiré ce matin.', attachmentIds: [] };
    expect((await post(`/api/demandes/${filed.id}/messages`, message, headers)).status).toBe(201);
    expect((await post(`/api/demandes/${filed.id}/messages`, message, headers)).headers.get('idempotent-replayed')).toBe('true');
    expect(await count(sql`select count(*) as n from request_events where request_id = ${filed.id} and kind = 'message'`)).toBe(1);
  });

  it('covers an Open311 client’s report, for that API key', async () => {
    const form = new URLSearchParams({ service_code: REPORT, 'attribute[nature]': 'nid', 'attribute[urgent]': 'false', description: 'Nid-de-poule (Open311, réessai)', lat: '43.6986', long: '1.8186', api_key: apiKey });
    const send = () =>
      requestWithHost(`${server.origin}/open311/v2/requests.json`, {
        method: 'POST',
        host: `lavaur.localhost:${server.port}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': 'open311-0001' },
        body: form.toString(),
      });
    const first = await send();
    expect(first.status).toBe(201);
    const retry = await send();
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await readJson(retry)).toEqual(await readJson(first));
    expect(await count(sql`select count(*) as n from requests where channel = 'open311' and procedure_id = (select id from procedures where slug = ${REPORT})`)).toBe(1);
  });
});
