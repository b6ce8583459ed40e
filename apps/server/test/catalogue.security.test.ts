import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentSession, communeBySlug, epciStaffSession, httpClient, readJson, startServer, type TestServer } from '@guichet/testing';
import { as } from './catalogue-sessions.ts';

let server: TestServer;
let libercourtAdminCookie = '';
let libercourtAdmin: ReturnType<typeof as>;
let libercourtAgent: ReturnType<typeof as>;
let carvinAdmin: ReturnType<typeof as>;
let lavaurAdmin: ReturnType<typeof as>;
let tarnAgoutStaff: ReturnType<typeof as>;

beforeAll(async () => {
  server = await startServer();
  const db = server.databases.app;
  const [libercourt, carvin, lavaur] = await Promise.all(['libercourt', 'carvin', 'lavaur'].map((slug) => communeBySlug(db, slug)));
  const session = async (commune: typeof libercourt, email: string, role: 'agent' | 'commune_admin') =>
    (await agentSession(db, commune!, { email, role, services: role === 'agent' ? ['etat-civil'] : [] })).cookie;
  libercourtAdminCookie = await session(libercourt, 'admin.securite.libercourt@tests.example.fr', 'commune_admin');
  libercourtAdmin = as(httpClient(server, 'libercourt'), libercourtAdminCookie);
  libercourtAgent = as(httpClient(server, 'libercourt'), await session(libercourt, 'agent.securite.libercourt@tests.example.fr', 'agent'));
  carvinAdmin = as(httpClient(server, 'carvin'), await session(carvin, 'admin.securite.carvin@tests.example.fr', 'commune_admin'));
  lavaurAdmin = as(httpClient(server, 'lavaur'), await session(lavaur, 'admin.securite.lavaur@tests.example.fr', 'commune_admin'));
  tarnAgoutStaff = as(httpClient(server, 'tarn-agout'), await epciStaffSession(db, lavaur!.epciId, 'securite.staff@tests.example.fr'));
});
afterAll(() => server.close());

const detailOf = async (commune: string, slug: string) => readJson(await httpClient(server, commune).api.catalogue[':slug'].$get({ param: { slug } }));

describe('who may change the catalogue', () => {
  it('refuses an agent without the administrator role (403), and a visitor (401)', async () => {
    const change = { delayDays: 1 };
    expect((await libercourtAgent.api.catalogue[':slug'].$put({ param: { slug: 'copie-acte-deces' }, json: change })).status).toBe(403);
    expect((await libercourtAgent.api.catalogue.adopter.$post({ json: { template: 'suggestion', slug: 'idee', theme: 'relation', service: 'cabinet-du-maire' } })).status).toBe(403);
    expect((await libercourtAgent.api.catalogue.themes.$post({ json: { slug: 'divers', title: 'Divers' } })).status).toBe(403);
    const visitor = httpClient(server, 'libercourt');
    expect((await visitor.api.catalogue[':slug'].$put({ param: { slug: 'copie-acte-deces' }, json: change })).status).toBe(401);
    expect((await detailOf('libercourt', 'copie-acte-deces')).delayDays).toBe(5);
  });

  it('refuses a change sent from another site (CSRF)', async () => {
    const response = await libercourtAdmin.api.catalogue[':slug'].$put({ param: { slug: 'copie-acte-deces' }, json: { delayDays: 1 } });
    expect(response.status).toBe(200);
    const forged = await httpClient(server, 'libercourt').request('/api/catalogue/copie-acte-deces', {
      method: 'PUT',
      json: { delayDays: 2 },
      headers: { origin: 'http://evil.example', cookie: libercourtAdminCookie },
    });
    expect(forged.status).toBe(403);
    await libercourtAdmin.api.catalogue[':slug'].$put({ param: { slug: 'copie-acte-deces' }, json: { delayDays: 5 } });
  });

  it('keeps EPCI templates to the EPCI’s staff', async () => {
    expect((await libercourtAdmin.post('/api/console/modeles', { slug: 'x' })).status).toBe(404);
    expect((await httpClient(server, 'agglo-henin-carvin').api.console.modeles.$get()).status).toBe(401);
  });
});

describe('bad input changes nothing', () => {
  it('answers 422 with one entry per field, and leaves the procedure as it was', async () => {
    const before = await detailOf('libercourt', 'signalement-voirie');
    const response = await libercourtAdmin.put('/api/catalogue/signalement-voirie', {
      title: '',
      delayDays: 2.5,
      form: { fields: [{ kind: 'text', key: 'texte', label: 'Texte' }] },
    });
    expect(response.status).toBe(422);
    const problem = await readJson(response);
    expect(problem.errors.map((error: { field: string }) => error.field)).toEqual(['title', 'delayDays']);
    expect(problem.errors[0].message).toBe('Titre : 3 caractères au moins.');

    const located = await libercourtAdmin.api.catalogue[':slug'].$put({
      param: { slug: 'signalement-voirie' },
      json: { form: { fields: [{ kind: 'text', key: 'texte', label: 'Texte' }] } },
    });
    expect(located.status).toBe(422);
    // The new form drops the located address, and the "danger" answer the priority rule reads.
    expect((await readJson(located)).errors.map((error: { field: string }) => error.field).sort()).toEqual(['open311', 'priorityRules/0/when']);

    const elsewhere = await libercourtAdmin.api.catalogue[':slug'].$put({ param: { slug: 'signalement-voirie' }, json: { service: 'police-municipale', theme: 'inconnu' } });
    expect((await readJson(elsewhere)).errors.map((error: { field: string }) => error.field)).toEqual(['service', 'theme']);

    const unknownKey = await libercourtAdmin.put('/api/catalogue/signalement-voirie', { couleur: 'rouge' });
    expect(unknownKey.status).toBe(422);
    expect(await detailOf('libercourt', 'signalement-voirie')).toEqual(before);
  });

  it('routes only to the commune’s own services and sectors', async () => {
    const response = await libercourtAdmin.api.catalogue[':slug'].$put({
      param: { slug: 'demande-intervention' },
      json: {
        routing: [
          { when: { field: 'domaine', equals: 'batiments' }, service: 'police-municipale' },
          { when: { sector: 'centre-ville' }, service: 'urbanisme' },
        ],
      },
    });
    expect(response.status).toBe(422);
    expect((await readJson(response)).errors.map((error: { field: string; message: string }) => [error.field, error.message])).toEqual([
      ['routing/0/service', expect.stringMatching(/^service « police-municipale » inconnu/)],
      ['routing/1/when/sector', 'secteur « centre-ville » inconnu (secteurs de la commune : nord-gare, centre, sud)'],
    ]);
  });
});

describe('communes never see each other’s catalogue', () => {
  it('keeps commune A’s procedures out of commune B’s portal and hands', async () => {
    await libercourtAdmin.api.catalogue.$post({
      json: {
        slug: 'fete-des-voisins',
        theme: 'vie-quotidienne',
        service: 'cabinet-du-maire',
        title: 'Fête des voisins',
        summary: 'Déclarer une fête des voisins dans votre rue.',
        description: 'La mairie prête barrières et tables pour la fête des voisins.',
        steps: ['Déclarez la fête'],
        form: { fields: [{ kind: 'address', key: 'rue', label: 'Rue', required: true }] },
        delayDays: 5,
        retentionDays: 365,
      },
    });
    expect((await detailOf('libercourt', 'fete-des-voisins')).title).toBe('Fête des voisins');
    for (const commune of ['carvin', 'oignies', 'lavaur']) {
      const listing = await readJson(await httpClient(server, commune).api.catalogue.$get());
      expect(JSON.stringify(listing)).not.toContain('fete-des-voisins');
      expect((await httpClient(server, commune).api.catalogue[':slug'].$get({ param: { slug: 'fete-des-voisins' } })).status).toBe(404);
    }
    expect((await carvinAdmin.api.catalogue[':slug'].$put({ param: { slug: 'fete-des-voisins' }, json: { delayDays: 1 } })).status).toBe(404);
    expect((await carvinAdmin.api.catalogue[':slug'].$get({ param: { slug: 'question-urbanisme' } })).status).toBe(404);
  });

  it('does not let a session of commune A act on commune B', async () => {
    const response = await httpClient(server, 'carvin').request('/api/catalogue/copie-acte-naissance', {
      method: 'PUT',
      json: { delayDays: 1 },
      headers: { cookie: libercourtAdminCookie },
    });
    expect(response.status).toBe(401);
    expect((await detailOf('carvin', 'copie-acte-naissance')).delayDays).toBe(3);
  });

  it('keeps an EPCI’s templates to its own communes', async () => {
    const adoption = await lavaurAdmin.api.catalogue.adopter.$post({ json: { template: 'reclamation', slug: 'reclamation-bis', theme: 'mairie', service: 'cabinet-du-maire' } });
    expect(adoption.status).toBe(404);
    const heninCarvinTemplates = (await readJson(await libercourtAdmin.api.modeles.$get())).templates.map((template: { slug: string }) => template.slug);
    const seenByTarnAgout = [
      ...(await readJson(await lavaurAdmin.api.modeles.$get())).templates,
      ...(await readJson(await tarnAgoutStaff.api.console.modeles.$get())).templates,
    ].map((template: { slug: string }) => template.slug);
    expect(heninCarvinTemplates).toContain('reclamation');
    expect(seenByTarnAgout.filter((slug) => heninCarvinTemplates.includes(slug))).toEqual([]);
  });
});

