import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentSession, communeBySlug, httpClient, insertTestProcedure, open311ReportDefinition, open311Request, type Open311Document, open311Schemas, readJson, readOpen311Xml, startServer, testProcedureDefinition, type TestServer, withCookie, seenBy } from '@guichet/testing';

let server: TestServer;
let apiKey = '';
let technician: ReturnType<typeof withCookie>;
const schemaErrors = open311Schemas();

const call = (pathAndQuery: string, form?: Record<string, string | string[]>) => open311Request(server, 'libercourt', pathAndQuery, form);

/** A JSON answer, checked against the specification's document it should be. */
async function validJson(response: Response, document: Open311Document) {
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = await readJson(response);
  expect(schemaErrors(document, 'json', body)).toEqual([]);
  return body;
}

/** An XML answer, read as an XML client would and checked against the specification's document. */
async function validXml(response: Response, document: Open311Document) {
  const body = await readOpen311Xml(response);
  expect(schemaErrors(document, 'xml', body)).toEqual([]);
  return body;
}

const report = {
  service_code: 'o311-voirie',
  'attribute[nature]': 'nid',
  'attribute[urgent]': 'true',
  description: 'Un trou profond devant la boulangerie',
  lat: '50.4829',
  long: '3.0163',
  address_string: '12 rue Jean Jaurès',
  email: 'riverain.open311@example.fr',
  media_url: 'https://photos.example.org/trou.jpg',
};

beforeAll(async () => {
  server = await startServer();
  const owner = server.databases.ownerClient;
  await insertTestProcedure(owner, 'libercourt', 'o311-voirie', 'services-techniques', open311ReportDefinition());
  await insertTestProcedure(owner, 'libercourt', 'o311-hors-open311', 'services-techniques', testProcedureDefinition({ routing: [] }));
  const libercourt = await communeBySlug(server.databases.app, 'libercourt');
  const portal = httpClient(server, 'libercourt');
  const admin = withCookie(portal, (await agentSession(server.databases.app, libercourt, { email: 'admin.o311@libercourt.example.fr', role: 'commune_admin', services: [] })).cookie);
  technician = withCookie(portal, (await agentSession(server.databases.app, libercourt, { email: 'tech.o311@libercourt.example.fr', role: 'agent', services: ['services-techniques'] })).cookie);
  const created = await admin.api.open311.cles.$post({ json: { label: 'Application de signalement' } });
  expect(created.status).toBe(201);
  apiKey = (await readJson(created)).key;
});
afterAll(() => server.close());

describe('discovery', () => {
  it('points at the commune’s own endpoint, in JSON and in XML', async () => {
    const discovery = await readJson(await call('discovery.json'));
    expect(discovery.endpoints).toEqual([
      expect.objectContaining({
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: `http://libercourt.localhost:${server.port}/open311/v2`,
        formats: ['text/xml', 'application/json'],
      }),
    ]);
    expect(discovery.contact).toContain('Mairie de Libercourt');
    const [document] = (await readOpen311Xml(await call('discovery.xml'))).discovery;
    expect(document.endpoints[0].endpoint[0].url).toEqual([`http://libercourt.localhost:${server.port}/open311/v2`]);
  });
});

describe('services', () => {
  it('lists the procedures offered through Open311, and only those', async () => {
    const services = await validJson(await call('services.json'), 'services');
    expect(services).toContainEqual({
      service_code: 'o311-voirie',
      service_name: 'Signaler un problème de voirie',
      description: 'Un trou, un lampadaire éteint, un dépôt sauvage.',
      metadata: true,
      type: 'realtime',
      keywords: 'Nid-de-poule, Lampadaire éteint',
      group: 'Tests',
    });
    expect(services.map((service: { service_code: string }) => service.service_code)).not.toContain('o311-hors-open311');
    const [list] = (await validXml(await call('services.xml'), 'services')).services;
    expect(list.service.map((service: { service_code: string[] }) => service.service_code[0])).toContain('o311-voirie');
  });

  it('defines a service by its attributes, the place and the description being Open311’s own', async () => {
    const definition = await validJson(await call('services/o311-voirie.json'), 'service-definition');
    expect(definition.service_code).toBe('o311-voirie');
    expect(definition.attributes.map((attribute: { code: string; datatype: string }) => [attribute.code, attribute.datatype])).toEqual([
      ['nature', 'singlevaluelist'],
      ['urgent', 'singlevaluelist'],
    ]);
    const [document] = (await validXml(await call('services/o311-voirie.xml'), 'service-definition')).service_definition;
    expect(document.attributes[0].attribute[0].values[0].value[0]).toEqual({ key: ['nid'], name: ['Nid-de-poule'] });
  });

  it('answers an unknown or unoffered service with a 404 in the specification’s format', async () => {
    for (const code of ['inconnu', 'o311-hors-open311']) {
      const response = await call(`services/${code}.json`);
      expect(response.status).toBe(404);
      expect(await validJson(response, 'errors')).toEqual([{ code: 404, description: `service_code : aucun service « ${code} » dans cette commune.` }]);
    }
    const xmlResponse = await call('services/inconnu.xml');
    expect(xmlResponse.status).toBe(404);
    expect((await validXml(xmlResponse, 'errors')).errors[0].error[0].code).toEqual(['404']);
  });

  it('answers a format it does not speak with a 404 in XML, its default, and an unknown document in the format asked', async () => {
    for (const path of ['services.csv', 'services', 'discovery.html']) {
      const response = await call(path);
      expect(response.status, path).toBe(404);
      expect((await validXml(response, 'errors')).errors[0].error[0].code).toEqual(['404']);
    }
    const unknown = await call('ailleurs.json');
    expect(unknown.status).toBe(404);
    expect((await validJson(unknown, 'errors'))[0].code).toBe(404);
  });
});

describe('filing a report', () => {
  it('files a real request through the key, seen in the back office on the open311 channel', async () => {
    const response = await call('requests.json', { ...report, api_key: apiKey });
    expect(response.status).toBe(201);
    const [filed] = await validJson(response, 'filed-requests');
    expect(filed).toEqual({ service_request_id: expect.stringMatching(/^LIB-\d{4}-\d{6}$/), service_notice: 'Délai de traitement annoncé : 5 jours ouvrés.', account_id: null });

    const inbox = await readJson(await technician.get(`/api/agent/demandes?q=${filed.service_request_id}`));
    expect(inbox.requests).toHaveLength(1);
    expect(inbox.requests[0]).toMatchObject({ channel: 'open311', procedure: 'o311-voirie', address: '12 rue Jean Jaurès' });
    const detail = await readJson(await technician.get(`/api/agent/demandes/${inbox.requests[0].id}`));
    expect(detail.data).toEqual({ nature: 'nid', details: 'Un trou profond devant la boulangerie', urgent: true, lieu: { label: '12 rue Jean Jaurès', lat: 50.4829, lon: 3.0163 } });
    const note = detail.history.find((event: { kind: string }) => event.kind === 'note');
    expect(note.payload.body).toContain('Application de signalement');
    expect(note.payload.body).toContain('https://photos.example.org/trou.jpg');
  });

  it('answers a filing in XML', async () => {
    const response = await call('requests.xml', { ...report, api_key: apiKey });
    expect(response.status).toBe(201);
    const [request] = (await validXml(response, 'filed-requests')).service_requests[0].request;
    expect(request.service_request_id[0]).toMatch(/^LIB-\d{4}-\d{6}$/);
    expect(request.account_id).toEqual(['']);
  });

  it('takes the several values of a multiple choice as the specification writes them', async () => {
    const code = 'o311-dangers';
    const definition = open311ReportDefinition({
      form: {
        fields: [
          { kind: 'multichoice', key: 'dangers', label: 'Dangers', options: [{ value: 'pietons', label: 'Piétons' }, { value: 'velos', label: 'Vélos' }] },
          { kind: 'address', key: 'lieu', label: 'Lieu', required: true, requireCoordinates: true },
        ],
      },
    });
    await insertTestProcedure(server.databases.ownerClient, 'libercourt', code, 'services-techniques', definition);
    const response = await call('requests.json', {
      api_key: apiKey,
      service_code: code,
      'attribute[dangers][]': ['velos', 'pietons'],
      lat: '50.48',
      long: '3.01',
      email: 'riverain.open311@example.fr',
      description: 'Trottoir effondré',
    });
    expect(response.status).toBe(201);
    const [filed] = await readJson(response);
    const inbox = await readJson(await technician.get(`/api/agent/demandes?q=${filed.service_request_id}`));
    const detail = await readJson(await technician.get(`/api/agent/demandes/${inbox.requests[0].id}`));
    expect(detail.data.dangers).toEqual(['pietons', 'velos']);
    expect(detail.address).toBe('50.48, 3.01');
    // No free text in this form: the description is kept in the filing note rather than lost.
    expect(detail.history.find((event: { kind: string }) => event.kind === 'note').payload.body).toContain('Description : Trottoir effondré');
  });
});

describe('reading requests', () => {
  let reference = '';
  let requestId = '';

  beforeAll(async () => {
    [{ service_request_id: reference }] = await readJson(await call('requests.json', { ...report, api_key: apiKey }));
    requestId = (await readJson(await technician.get(`/api/agent/demandes?q=${reference}`))).requests[0].id;
  });

  it('shows one request by its reference, as the schema describes it', async () => {
    const [request] = await validJson(await call(`requests/${reference}.json`), 'service-requests');
    expect(request).toMatchObject({
      service_request_id: reference,
      status: 'open',
      status_notes: null,
      service_code: 'o311-voirie',
      service_name: 'Signaler un problème de voirie',
      description: 'Signaler un problème de voirie — Un trou profond devant la boulangerie',
      agency_responsible: 'Services techniques',
      address: '12 rue Jean Jaurès',
      lat: 50.4829,
      long: 3.0163,
      media_url: 'https://photos.example.org/trou.jpg',
    });
    expect(request.requested_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[12]:00$/);
    expect(Date.parse(request.expected_datetime)).toBeGreaterThan(Date.parse(request.requested_datetime));
  });

  it('follows the request’s life: the agent’s public comment as status notes, closed once done', async () => {
    await technician.api.agent.demandes[':id'].statut.$post({ header: await seenBy(technician, requestId), param: { id: requestId }, json: { status: 'in_progress', comment: 'Une équipe passe jeudi.' } });
    let [request] = await validJson(await call(`requests/${reference}.json`), 'service-requests');
    expect(request).toMatchObject({ status: 'open', status_notes: 'Une équipe passe jeudi.' });
    await technician.api.agent.demandes[':id'].statut.$post({ header: await seenBy(technician, requestId), param: { id: requestId }, json: { status: 'done' } });
    [request] = await validJson(await call(`requests/${reference}.json`), 'service-requests');
    expect(request.status).toBe('closed');
    const [list] = (await validXml(await call(`requests/${reference}.xml`), 'service-requests')).service_requests;
    expect(list.request[0]).toMatchObject({ service_request_id: [reference], status: ['closed'], lat: ['50.4829'] });
  });

  it('searches by ids, service, status and dates', async () => {
    const references = async (query: string) => {
      const list = await validJson(await call(`requests.json${query}`), 'service-requests');
      return list.map((request: { service_request_id: string }) => request.service_request_id);
    };
    const [{ service_request_id: other }] = await readJson(await call('requests.json', { ...report, api_key: apiKey }));
    expect(await references('')).toEqual(expect.arrayContaining([reference, other]));
    expect(await references(`?service_request_id=${reference},${other}`)).toEqual(expect.arrayContaining([reference, other]));
    expect(await references('?service_code=o311-voirie&status=closed')).toContain(reference);
    expect(await references('?service_code=o311-voirie&status=closed')).not.toContain(other);
    expect(await references('?status=open')).toContain(other);
    expect(await references('?service_code=o311-dangers')).not.toContain(reference);
    expect(await references('?end_date=2020-01-01T00:00:00Z')).toEqual([]);
    const [list] = (await validXml(await call(`requests.xml?service_request_id=${other}`), 'service-requests')).service_requests;
    expect(list.request.map((request: { service_request_id: string[] }) => request.service_request_id[0])).toEqual([other]);
  });

  it('answers an unknown reference with a 404, and a bad search with a 400', async () => {
    const missing = await call('requests/LIB-1999-000001.json');
    expect(missing.status).toBe(404);
    expect(await validJson(missing, 'errors')).toEqual([{ code: 404, description: 'service_request_id : aucune demande « LIB-1999-000001 ».' }]);
    const bad = await call('requests.json?status=pending');
    expect(bad.status).toBe(400);
    expect((await validJson(bad, 'errors'))[0].code).toBe(400);
  });
});
