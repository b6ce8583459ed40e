import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentSession, communeBySlug, httpClient, insertTestProcedure, onHost, open311ReportDefinition, open311Request, readJson, type SignedInClient, startServer, type TestServer, withCookie } from '@guichet/testing';

let server: TestServer;
let admin: SignedInClient;
let technician: SignedInClient;
let libercourtKey = '';
let carvinKey = '';

const report = {
  service_code: 'o311-voirie',
  'attribute[nature]': 'nid',
  description: 'Un trou devant le numéro 12',
  lat: '50.4829',
  long: '3.0163',
  email: 'jeanne.riveraine@example.fr',
  first_name: 'Jeanne',
  last_name: 'Riveraine',
  phone: '06 98 76 54 32',
};

async function createKey(client: SignedInClient, label: string): Promise<{ id: string; key: string }> {
  const response = await client.api.open311.cles.$post({ json: { label } });
  expect(response.status).toBe(201);
  return readJson(response);
}

/** The commune's requests whose description carries `marker`, as its administrator finds them. */
async function storedWith(marker: string): Promise<number> {
  const found = await readJson(await admin.get(`/api/agent/demandes?q=${encodeURIComponent(marker)}`));
  return found.requests.length;
}

beforeAll(async () => {
  server = await startServer();
  const owner = server.databases.ownerClient;
  await insertTestProcedure(owner, 'libercourt', 'o311-voirie', 'services-techniques', open311ReportDefinition());
  await insertTestProcedure(owner, 'libercourt', 'o311-restreint', 'ccas', open311ReportDefinition({ title: 'Signalement confidentiel', restricted: true }));
  await insertTestProcedure(owner, 'carvin', 'o311-voirie', 'services-techniques', open311ReportDefinition());
  const libercourt = await communeBySlug(server.databases.app, 'libercourt');
  const carvin = await communeBySlug(server.databases.app, 'carvin');
  const portal = httpClient(server, 'libercourt');
  admin = withCookie(portal, (await agentSession(server.databases.app, libercourt, { email: 'admin.o311s@libercourt.example.fr', role: 'commune_admin', services: [] })).cookie);
  technician = withCookie(portal, (await agentSession(server.databases.app, libercourt, { email: 'tech.o311s@libercourt.example.fr', role: 'agent', services: ['services-techniques'] })).cookie);
  const carvinAdmin = withCookie(
    httpClient(server, 'carvin'),
    (await agentSession(server.databases.app, carvin, { email: 'admin.o311s@carvin.example.fr', role: 'commune_admin', services: [] })).cookie,
  );
  libercourtKey = (await createKey(admin, 'Application de signalement')).key;
  carvinKey = (await createKey(carvinAdmin, 'Application de Carvin')).key;
});
afterAll(() => server.close());

describe('API keys', () => {
  it('refuses a filing without a key, or with an unknown one, with the specification’s 403, storing nothing', async () => {
    const marker = 'Sans clé 7f3a';
    const missing = await open311Request(server, 'libercourt', 'requests.json', { ...report, description: marker });
    expect(missing.status).toBe(403);
    expect(await readJson(missing)).toEqual([{ code: 403, description: 'api_key : une clé d’API est requise pour déposer une demande.' }]);
    const unknown = await open311Request(server, 'libercourt', 'requests.xml', { ...report, description: marker, api_key: 'o311_devinee' });
    expect(unknown.status).toBe(403);
    expect(unknown.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    expect(await unknown.text()).toContain('<code>403</code>');
    expect(await storedWith(marker)).toBe(0);
  });

  it('stops a revoked key’s filings at once', async () => {
    const { id, key } = await createKey(admin, 'Ancien prestataire');
    const marker = 'Avant révocation 41bd';
    expect((await open311Request(server, 'libercourt', 'requests.json', { ...report, description: marker, api_key: key })).status).toBe(201);
    expect(await storedWith(marker)).toBe(1);
    const revoked = await admin.api.open311.cles[':id'].$delete({ param: { id } });
    expect(revoked.status).toBe(200);
    expect((await open311Request(server, 'libercourt', 'requests.json', { ...report, api_key: key })).status).toBe(403);
    const { keys } = await readJson(await admin.api.open311.cles.$get());
    expect(keys.find((entry: { id: string }) => entry.id === id)).toEqual({ id, label: 'Ancien prestataire', createdAt: expect.any(String), revokedAt: expect.any(String) });
    expect(JSON.stringify(keys)).not.toContain(key);
  });

  it('keeps key management to the commune’s administrators', async () => {
    expect((await technician.api.open311.cles.$post({ json: { label: 'Essai' } })).status).toBe(403);
    expect((await technician.api.open311.cles.$get()).status).toBe(403);
    expect((await httpClient(server, 'libercourt').api.open311.cles.$post({ json: { label: 'Essai' } })).status).toBe(401);
    expect((await admin.post('/api/open311/cles', { label: '' })).status).toBe(422);
  });

  it('holds a key to its own commune', async () => {
    const response = await open311Request(server, 'carvin', 'requests.json', { ...report, api_key: libercourtKey });
    expect(response.status).toBe(403);
  });
});

describe('bad reports', () => {
  it('refuses an answer the form refuses with a 400 per parameter, storing nothing', async () => {
    const marker = 'Mauvais attribut 9c2e';
    const response = await open311Request(server, 'libercourt', 'requests.json', {
      ...report,
      api_key: libercourtKey,
      'attribute[nature]': 'piscine',
      'attribute[urgent]': 'peut-etre',
      description: marker,
    });
    expect(response.status).toBe(400);
    expect(await readJson(response)).toEqual([
      { code: 400, description: 'attribute[nature] : Choisissez une des options proposées.' },
      { code: 400, description: 'attribute[urgent] : Répondez par oui ou par non.' },
    ]);
    expect(await storedWith(marker)).toBe(0);
  });

  it('refuses an unknown attribute, a missing description, a place without coordinates or a missing service', async () => {
    const answer = async (form: Record<string, string>) => {
      const response = await open311Request(server, 'libercourt', 'requests.json', { api_key: libercourtKey, ...form });
      expect(response.status).toBe(400);
      return (await readJson(response)).map((error: { description: string }) => error.description);
    };
    expect(await answer({ ...report, 'attribute[couleur]': 'rouge' })).toEqual(['attribute[couleur] : ce service n’a pas d’attribut « couleur ».']);
    expect(await answer({ ...report, description: ' ' })).toEqual(['description : Ce champ est obligatoire.']);
    const { lat: _lat, long: _long, ...withoutCoordinates } = report;
    expect(await answer({ ...withoutCoordinates, address_string: '12 rue Jean Jaurès' })).toEqual(['lat, long : Indiquez l’emplacement sur la carte.']);
    const { service_code: _code, ...withoutCode } = report;
    expect(await answer(withoutCode)).toEqual(['service_code : le code du service est requis.']);
  });

  it('files a report without an e-mail, which the specification makes optional', async () => {
    const { email: _email, ...withoutEmail } = report;
    const response = await open311Request(server, 'libercourt', 'requests.json', { api_key: libercourtKey, ...withoutEmail });
    expect(response.status).toBe(201);
  });

  it('takes the form encoding the specification names, nothing else', async () => {
    const response = await onHost(server, 'libercourt')('/open311/v2/requests.json', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...report, api_key: libercourtKey }),
    });
    expect(response.status).toBe(400);
    expect(await readJson(response)).toEqual([{ code: 400, description: 'Le corps doit être encodé en application/x-www-form-urlencoded.' }]);
  });

  it('answers an unknown service code with a 404', async () => {
    const response = await open311Request(server, 'libercourt', 'requests.json', { ...report, api_key: libercourtKey, service_code: 'piscine' });
    expect(response.status).toBe(404);
  });
});

describe('what GET requests shows', () => {
  let reference = '';

  beforeAll(async () => {
    [{ service_request_id: reference }] = await readJson(await open311Request(server, 'libercourt', 'requests.json', { ...report, api_key: libercourtKey }));
  });

  it('never shows who reported: no name, e-mail or phone, in JSON or XML', async () => {
    // An agent's phone filing of the same service is listed too, and its contact is as private.
    const phoned = await technician.post('/api/agent/demandes', {
      procedure: 'o311-voirie',
      values: { nature: 'lampadaire', details: 'Lampadaire éteint', lieu: { label: 'Rue Victor Hugo', lat: 50.48, lon: 3.02 } },
      channel: 'phone',
      contact: { givenName: 'Marcel', familyName: 'Appelant', phone: '06 11 22 33 44', email: 'marcel.appelant@example.fr' },
    });
    expect(phoned.status).toBe(201);
    const bodies = [
      await (await open311Request(server, 'libercourt', 'requests.json')).text(),
      await (await open311Request(server, 'libercourt', 'requests.xml')).text(),
      await (await open311Request(server, 'libercourt', `requests/${reference}.json`)).text(),
    ];
    expect(bodies[0]).toContain(reference);
    expect(bodies[0]).toContain('Lampadaire éteint');
    for (const body of bodies) {
      for (const personal of ['jeanne.riveraine', 'Jeanne', 'Riveraine', '98 76 54 32', '+33698765432', 'Marcel', 'Appelant', 'marcel.appelant', '11 22 33 44', '+33611223344']) {
        expect(body).not.toContain(personal);
      }
    }
  });

  it('keeps a restricted procedure’s requests out, though filed through Open311', async () => {
    const response = await open311Request(server, 'libercourt', 'requests.json', { ...report, api_key: libercourtKey, service_code: 'o311-restreint' });
    expect(response.status).toBe(201);
    const [{ service_request_id: confidential }] = await readJson(response);
    const listed = await readJson(await open311Request(server, 'libercourt', 'requests.json'));
    expect(listed.map((request: { service_request_id: string }) => request.service_request_id)).not.toContain(confidential);
    expect((await open311Request(server, 'libercourt', `requests/${confidential}.json`)).status).toBe(404);
  });

  it('shows commune B nothing of commune A', async () => {
    const [{ service_request_id: carvinReference }] = await readJson(
      await open311Request(server, 'carvin', 'requests.json', { ...report, api_key: carvinKey }),
    );
    const onCarvin = (await readJson(await open311Request(server, 'carvin', 'requests.json'))).map(
      (request: { service_request_id: string }) => request.service_request_id,
    );
    expect(onCarvin).toContain(carvinReference);
    expect(onCarvin.filter((listed: string) => !listed.startsWith('CAR-'))).toEqual([]);
    expect((await open311Request(server, 'carvin', `requests/${reference}.json`)).status).toBe(404);
    const byId = await readJson(await open311Request(server, 'carvin', `requests.json?service_request_id=${reference},${carvinReference}`));
    expect(byId.map((request: { service_request_id: string }) => request.service_request_id)).toEqual([carvinReference]);
  });

  it('has no endpoint on an EPCI console', async () => {
    const response = await open311Request(server, 'agglo-henin-carvin', 'services.json');
    expect(response.status).toBe(404);
    expect((await readJson(response))[0].code).toBe(404);
  });
});
