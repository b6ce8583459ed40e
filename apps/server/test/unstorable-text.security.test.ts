import { connect } from 'node:net';
import { and, count, eq, inArray, ne } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contacts, procedures, requestDrafts, requestEvents, requests, themes, vaultDocuments, withTenant, type Tenant } from '@guichet/db';
import {
  agentSession,
  citizenSession,
  communeBySlug,
  httpClient,
  insertTestProcedure,
  multipartBody,
  open311ReportDefinition,
  open311Request,
  readJson,
  samplePdf,
  seenBy,
  startServer,
  testProcedureDefinition,
  type TestServer,
  withCookie,
} from '@guichet/testing';

let server: TestServer;
let libercourt: Tenant;
let citizenCookie = '';
let agentCookie = '';
let open311Key = '';
const procedure = 'test-texte-invalide';
const values = { objet: 'Lampadaire éteint', nature: 'voirie' };

/**
 * What a fuzzer puts in JSON text, as it stands in the raw body: the escapes themselves, which
 * JSON.parse turns into U+0000 and into half of a surrogate pair (high, then low).
 */
const UNSTORABLE = ['\\u0000', '\\ud800', '\\udfff'] as const;
const INVALID_CHARACTERS = { code: 'invalid_characters', message: expect.stringMatching(/contient un caractère invalide \(caractère nul ou caractère Unicode incomplet\)/) };

beforeAll(async () => {
  server = await startServer();
  const owner = server.databases.ownerClient;
  await insertTestProcedure(owner, 'libercourt', procedure, 'services-techniques', testProcedureDefinition({ routing: [] }));
  const reportForm = open311ReportDefinition().form as { fields: unknown[] };
  const withLandmark = { fields: [...reportForm.fields, { kind: 'text', key: 'repere', label: 'Point de repère' }] };
  await insertTestProcedure(owner, 'libercourt', 'o311-texte-invalide', 'services-techniques', open311ReportDefinition({ form: withLandmark }));
  libercourt = await communeBySlug(server.databases.app, 'libercourt');
  citizenCookie = (await citizenSession(server.databases.app, libercourt, 'texte.invalide@example.fr')).cookie;
  agentCookie = (await agentSession(server.databases.app, libercourt, { email: 'texte.invalide@libercourt.example.fr', role: 'commune_admin', services: ['services-techniques'] })).cookie;
  const created = await withCookie(httpClient(server, 'libercourt'), agentCookie).api.open311.cles.$post({ json: { label: 'Client de test' } });
  open311Key = (await readJson(created)).key;
});
afterAll(() => server.close());

/** Sends `body` as it is, as JSON, with a session cookie: the typed client would re-encode it. */
function sendRaw(cookie: string, method: string, path: string, body?: string, headers: Record<string, string> = {}) {
  return httpClient(server, 'libercourt').request(path, {
    method,
    ...(body === undefined ? {} : { body }),
    headers: { cookie, 'content-type': 'application/json', ...headers },
  });
}

/**
 * What the commune holds: the same before and after a refused call, or something was written.
 * Requests and their history are this file's procedures' (other files file and act in Libercourt
 * meanwhile, and the server's worker runs its sweeps on the minute); notifications are left out:
 * the worker records them when it gets to an earlier filing's.
 */
function stored() {
  return withTenant(server.databases.app, libercourt.id, async (tx) => {
    const ours = tx
      .select({ id: requests.id })
      .from(requests)
      .innerJoin(procedures, eq(procedures.id, requests.procedureId))
      .where(inArray(procedures.slug, [procedure, 'o311-texte-invalide']));
    return {
      requests: (await tx.select({ n: count() }).from(ours.as('ours')))[0]!.n,
      events: (await tx.select({ n: count() }).from(requestEvents).where(and(ne(requestEvents.kind, 'notified'), inArray(requestEvents.requestId, ours))))[0]!.n,
      contacts: (await tx.select({ n: count() }).from(contacts))[0]!.n,
      drafts: (await tx.select({ n: count() }).from(requestDrafts))[0]!.n,
      themes: (await tx.select({ n: count() }).from(themes))[0]!.n,
      vault: (await tx.select({ n: count() }).from(vaultDocuments))[0]!.n,
    };
  });
}

/** Expects a 422 naming exactly `fields`, in French, and nothing written meanwhile. */
async function expectRefused(send: () => Promise<Response>, fields: string[]) {
  const before = await stored();
  const response = await send();
  expect(response.status).toBe(422);
  const problem = await readJson(response);
  expect(problem).toMatchObject({ type: expect.stringMatching(/\/validation$/), title: 'Certaines informations sont invalides.' });
  expect(problem.errors).toEqual(fields.map((field) => ({ field, ...INVALID_CHARACTERS })));
  expect(await stored()).toEqual(before);
}

async function fileAsCitizen(): Promise<string> {
  const response = await withCookie(httpClient(server, 'libercourt'), citizenCookie).api.demandes.$post({ json: { procedure, values } });
  expect(response.status).toBe(201);
  return (await readJson(response)).id;
}

describe('text Postgres cannot store (U+0000, half a surrogate pair) is refused at validation, naming the field', () => {
  it('in a form answer and in the procedure named by a filing', async () => {
    for (const bad of UNSTORABLE) {
      await expectRefused(
        () => sendRaw(citizenCookie, 'POST', '/api/demandes', `{"procedure":"${procedure}","values":{"objet":"Lampadaire${bad}","nature":"voirie"}}`),
        ['values/objet'],
      );
      await expectRefused(() => sendRaw(citizenCookie, 'POST', '/api/demandes', `{"procedure":"test${bad}","values":{"objet":"Lampadaire","nature":"voirie"}}`), ['procedure']);
    }
  });

  it('in the contact an agent records with a request, or alone', async () => {
    for (const bad of UNSTORABLE) {
      const filing = `{"procedure":"${procedure}","channel":"phone","values":{"objet":"Appel","nature":"voirie"},"contact":{"givenName":"Rosalie${bad}","familyName":"Vandenbussche"}}`;
      await expectRefused(() => sendRaw(agentCookie, 'POST', '/api/agent/demandes', filing), ['contact/givenName']);
      await expectRefused(() => sendRaw(agentCookie, 'POST', '/api/agent/contacts', `{"familyName":"Vandenbussche${bad}","phone":"03 21 45 67 89"}`), ['familyName']);
    }
  });

  it("in a citizen's message and in an agent's note", async () => {
    const id = await fileAsCitizen();
    const version = await seenBy(withCookie(httpClient(server, 'libercourt'), agentCookie), id);
    for (const bad of UNSTORABLE) {
      await expectRefused(() => sendRaw(citizenCookie, 'POST', `/api/demandes/${id}/messages`, `{"body":"Voici la photo${bad}"}`), ['body']);
      await expectRefused(() => sendRaw(agentCookie, 'POST', `/api/agent/demandes/${id}/notes`, `{"body":"Rappelé${bad}"}`, version), ['body']);
    }
  });

  it('in a draft, its answers or the names of its answers', async () => {
    for (const bad of UNSTORABLE) {
      await expectRefused(() => sendRaw(citizenCookie, 'PUT', `/api/brouillons/${procedure}`, `{"values":{"objet":"Nid${bad}"}}`), ['values/objet']);
      await expectRefused(() => sendRaw(citizenCookie, 'PUT', `/api/brouillons/${procedure}`, `{"values":{"objet${bad}":"Nid"}}`), ['values']);
    }
  });

  it('in a catalogue entry', async () => {
    for (const bad of UNSTORABLE) {
      await expectRefused(() => sendRaw(agentCookie, 'POST', '/api/catalogue/themes', `{"slug":"aines","title":"Aînés${bad}","position":30}`), ['title']);
    }
  });

  it('in a path parameter or a query, where a URL carries U+0000 as %00', async () => {
    await expectRefused(() => sendRaw(citizenCookie, 'PUT', `/api/brouillons/${procedure}%00`, '{"values":{}}'), ['procedure']);
    await expectRefused(() => sendRaw(citizenCookie, 'DELETE', `/api/brouillons/${procedure}%00`), ['procedure']);
    await expectRefused(() => sendRaw(agentCookie, 'GET', '/api/agent/demandes?q=Lampadaire%00'), ['q']);
    await expectRefused(() => sendRaw(agentCookie, 'GET', '/api/agent/contacts?q=Vanden%00'), ['q']);
    // Half a surrogate pair cannot be put in a URL: its UTF-8 bytes are invalid, and stay undecoded.
    expect((await sendRaw(citizenCookie, 'PUT', `/api/brouillons/${procedure}%ED%A0%80`, '{"values":{}}')).status).toBe(404);
  });

  it('in a field of a multipart upload', async () => {
    const { body, contentType } = await multipartBody({ title: 'Justificatif\u0000' }, { name: 'justificatif.pdf', type: 'application/pdf', bytes: samplePdf() });
    await expectRefused(() => httpClient(server, 'libercourt').request('/api/coffre-fort', { method: 'POST', body, headers: { cookie: citizenCookie, 'content-type': contentType } }), ['title']);
  });

  it('still takes every character written with a complete surrogate pair', async () => {
    const id = await fileAsCitizen();
    const response = await sendRaw(citizenCookie, 'POST', `/api/demandes/${id}/messages`, '{"body":"Merci \\ud83d\\ude00 \\u00e0 vous"}');
    expect(response.status).toBe(201);
    const detail = await readJson(await withCookie(httpClient(server, 'libercourt'), citizenCookie).api.demandes[':id'].$get({ param: { id } }));
    expect(JSON.stringify(detail.history)).toContain('Merci 😀 à vous');
  });
});

describe('Open311 refuses U+0000 in its parameters with its own 400, naming the parameter', () => {
  const report = { service_code: 'o311-texte-invalide', 'attribute[nature]': 'nid', description: 'Un trou', lat: '50.4829', long: '3.0163' };

  it('in a posted attribute or description, and stores nothing', async () => {
    for (const [name, value] of [
      ['attribute[repere]', 'Devant la boulangerie\u0000'],
      ['description', 'Un trou\u0000'],
      ['service_code', 'o311-texte-invalide\u0000'],
    ] as const) {
      const before = await stored();
      const response = await open311Request(server, 'libercourt', 'requests.json', { ...report, api_key: open311Key, [name]: value });
      expect(response.status, name).toBe(400);
      expect(await readJson(response)).toEqual([{ code: 400, description: expect.stringMatching(new RegExp(`^${name.replace(/[[\]]/g, '\\$&')} : Ce texte contient un caractère invalide`)) }]);
      expect(await stored()).toEqual(before);
    }
  });

  it('in the path and the query of its reads', async () => {
    for (const [pathAndQuery, name] of [
      ['services/o311-texte-invalide%00.json', 'service_code'],
      ['requests/LIB-2026-000001%00.json', 'service_request_id'],
      ['requests.json?service_code=o311%00', 'service_code'],
      ['requests.xml?service_request_id=LIB%00', 'service_request_id'],
    ] as const) {
      const response = await open311Request(server, 'libercourt', pathAndQuery);
      expect(response.status, pathAndQuery).toBe(400);
      expect(await response.text(), pathAndQuery).toContain(`${name} : Ce texte contient un caractère invalide`);
    }
  });
});

describe('headers', () => {
  it('answers a header carrying a NUL byte with a 400 of the HTTP parser, and a cookie carrying %00 as no session', async () => {
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1', () => {
        socket.end(`GET /api/agent/demandes HTTP/1.1\r\nHost: libercourt.localhost:${server.port}\r\nIf-Match: "1\u0000"\r\nConnection: close\r\n\r\n`);
      });
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
      socket.on('end', () => resolve(answer));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    const response = await httpClient(server, 'libercourt').get('/api/agent/demandes', { cookie: 'guichet_session=jeton%00' });
    expect(response.status).toBe(401);
  });
});
