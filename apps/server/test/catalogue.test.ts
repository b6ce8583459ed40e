import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, withTenant } from '@guichet/db';
import { agentSession, communeBySlug, epciStaffSession, httpClient, readJson, startServer, type TestServer } from '@guichet/testing';
import { as } from './catalogue-sessions.ts';

let server: TestServer;
let libercourtAdmin: ReturnType<typeof as>;
let carvinAdmin: ReturnType<typeof as>;
let consoleStaff: ReturnType<typeof as>;

beforeAll(async () => {
  server = await startServer();
  const db = server.databases.app;
  const libercourt = await communeBySlug(db, 'libercourt');
  const carvin = await communeBySlug(db, 'carvin');
  const admin = { role: 'commune_admin' as const, services: [] };
  libercourtAdmin = as(httpClient(server, 'libercourt'), (await agentSession(db, libercourt, { ...admin, email: 'admin.catalogue.libercourt@tests.example.fr' })).cookie);
  carvinAdmin = as(httpClient(server, 'carvin'), (await agentSession(db, carvin, { ...admin, email: 'admin.catalogue.carvin@tests.example.fr' })).cookie);
  consoleStaff = as(httpClient(server, 'agglo-henin-carvin'), await epciStaffSession(db, libercourt.epciId, 'catalogue.staff@tests.example.fr'));
});
afterAll(() => server.close());

type Listing = { themes: { slug: string; title: string; procedures: { slug: string; title: string; delayDays: number }[] }[] };

async function catalogueOf(slug: string): Promise<Listing> {
  const response = await httpClient(server, slug).api.catalogue.$get();
  expect(response.status).toBe(200);
  return readJson(response);
}

const slugs = (listing: Listing) => listing.themes.flatMap((theme) => theme.procedures.map((procedure) => procedure.slug));
const entry = (listing: Listing, slug: string) => listing.themes.flatMap((theme) => theme.procedures).find((procedure) => procedure.slug === slug);

/** A procedure of the commune's own, as an administrator posts it. */
function newProcedure(slug: string, overrides: Record<string, unknown> = {}) {
  return {
    slug,
    theme: 'vie-quotidienne',
    service: 'cabinet-du-maire',
    title: 'Inscription au repas des aînés',
    summary: 'S’inscrire au repas annuel offert aux habitants de 65 ans et plus.',
    description: 'Le repas des aînés a lieu chaque année en janvier à la salle des fêtes.',
    steps: ['Inscrivez-vous', 'Recevez votre invitation'],
    form: { fields: [{ kind: 'number', key: 'convives', label: 'Nombre de convives', required: true, integer: true, min: 1, max: 2 }] },
    delayDays: 5,
    retentionDays: 365,
    ...overrides,
  };
}

describe('the public catalogue', () => {
  it('lists Libercourt’s published procedures theme by theme, at least 22 of them', async () => {
    const listing = await catalogueOf('libercourt');
    expect(slugs(listing).length).toBeGreaterThanOrEqual(22);
    expect(listing.themes.slice(0, 3).map((theme) => theme.title)).toEqual(['État civil', 'Citoyenneté et formalités', 'Voirie, propreté et cadre de vie']);
    expect(entry(listing, 'signalement-eclairage')).toEqual({
      slug: 'signalement-eclairage',
      published: true,
      title: 'Signaler un éclairage public en panne',
      summary: 'Lampadaire éteint, qui clignote ou reste allumé le jour, candélabre endommagé.',
      delayDays: 3,
      feeCents: null,
      anonymousAllowed: true,
    });
    expect(entry(listing, 'location-salle-des-fetes')).toMatchObject({ feeCents: 18000 });
  });

  it('gives Carvin its own catalogue', async () => {
    const [libercourt, carvin] = [await catalogueOf('libercourt'), await catalogueOf('carvin')];
    expect(slugs(carvin)).toContain('signalement-stationnement');
    expect(slugs(carvin)).not.toContain('question-urbanisme');
    expect(slugs(libercourt)).not.toContain('signalement-stationnement');
    expect(entry(carvin, 'copie-acte-naissance')?.delayDays).toBe(3);
    expect(entry(libercourt, 'copie-acte-naissance')?.delayDays).toBe(5);
  });

  it('shows a procedure in full: description, steps, documents, form and service', async () => {
    const response = await httpClient(server, 'libercourt').api.catalogue[':slug'].$get({ param: { slug: 'copie-acte-naissance' } });
    expect(response.status).toBe(200);
    const detail = await readJson(response);
    expect(detail).toMatchObject({
      slug: 'copie-acte-naissance',
      title: 'Copie ou extrait d’acte de naissance',
      theme: { slug: 'etat-civil', title: 'État civil' },
      service: { slug: 'etat-civil', name: 'État civil' },
      adoptedFrom: 'copie-acte-naissance',
      delayDays: 5,
      feeCents: null,
      anonymousAllowed: false,
      administration: null,
    });
    expect(detail.steps).toHaveLength(4);
    expect(detail.description).toContain('Service central d’état civil');
    expect(detail.form.fields.map((field: { key: string }) => field.key)).toEqual(
      expect.arrayContaining(['typeActe', 'qualite', 'nom', 'prenoms', 'dateNaissance', 'lieuNaissance', 'parent1', 'parent2', 'modeRemise', 'adresseEnvoi']),
    );
  });

  it('answers 404 with a problem for an unknown procedure', async () => {
    const response = await httpClient(server, 'libercourt').api.catalogue[':slug'].$get({ param: { slug: 'permis-de-chasse' } });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await readJson(response)).toMatchObject({ status: 404, title: 'Aucune démarche « permis-de-chasse » dans cette commune.' });
  });
});

describe('the JSON Schema of each procedure’s answers', () => {
  function strictValidator() {
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    addFormats.default(ajv);
    return ajv;
  }

  it('is published for every procedure of every demo commune, and compiles in a strict validator', async () => {
    const ajv = strictValidator();
    for (const commune of ['libercourt', 'carvin', 'oignies', 'lavaur']) {
      for (const slug of slugs(await catalogueOf(commune))) {
        const response = await httpClient(server, commune).api.catalogue[':slug']['schema.json'].$get({ param: { slug } });
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toMatch(/^application\/schema\+json/);
        const schema = await readJson(response);
        expect(schema.$id).toBe(`http://${commune}.localhost:${server.port}/api/catalogue/${slug}/schema.json`);
        expect(() => ajv.compile(schema), `${commune}/${slug}`).not.toThrow();
      }
    }
  });

  it('accepts what the portal then files, and refuses what the portal refuses', async () => {
    const schema = await readJson(await httpClient(server, 'libercourt').api.catalogue[':slug']['schema.json'].$get({ param: { slug: 'lettre-information' } }));
    const validate = strictValidator().compile(schema);
    const good = { courriel: 'schema.lecteur@example.fr', interets: ['culture'], accord: true };
    expect(validate(good), JSON.stringify(validate.errors)).toBe(true);
    const filed = await httpClient(server, 'libercourt').api.demandes.$post({ json: { procedure: 'lettre-information', values: good, contact: { email: good.courriel } } });
    expect(filed.status).toBe(201);
    const bad = { courriel: 'schema.lecteur@example.fr', interets: ['jardinage'], accord: false };
    expect(validate(bad)).toBe(false);
    const refused = await httpClient(server, 'libercourt').post('/api/demandes', { procedure: 'lettre-information', values: bad, contact: { email: bad.courriel } });
    expect(refused.status).toBe(422);
  });

  it('answers 404 with a problem for an unknown or unpublished procedure', async () => {
    const response = await httpClient(server, 'libercourt').api.catalogue[':slug']['schema.json'].$get({ param: { slug: 'nulle-part' } });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});

describe('a commune administrator', () => {
  it('creates a procedure, edits it, and the portal shows the edit', async () => {
    expect((await libercourtAdmin.api.catalogue.$post({ json: newProcedure('repas-des-aines') })).status).toBe(201);
    const edited = await libercourtAdmin.api.catalogue[':slug'].$put({ param: { slug: 'repas-des-aines' }, json: { delayDays: 8, title: 'Repas des aînés', service: 'ccas' } });
    expect(edited.status).toBe(200);
    const detail = await readJson(await httpClient(server, 'libercourt').api.catalogue[':slug'].$get({ param: { slug: 'repas-des-aines' } }));
    expect(detail).toMatchObject({ title: 'Repas des aînés', delayDays: 8, service: { slug: 'ccas' }, summary: newProcedure('').summary });

    const libercourt = await communeBySlug(server.databases.app, 'libercourt');
    const history = await withTenant(server.databases.app, libercourt.id, (tx) =>
      tx.select().from(auditEvents).where(and(eq(auditEvents.tenantId, libercourt.id), eq(auditEvents.action, 'procedure_updated'))),
    );
    expect(history.map((event) => event.details)).toContainEqual({ slug: 'repas-des-aines', changed: ['service', 'title', 'delayDays'] });
  });

  it('keeps a draft from the public, and sees it with what the portal keeps to itself', async () => {
    await libercourtAdmin.api.catalogue.$post({ json: newProcedure('brocante', { title: 'Inscription à la brocante', published: false }) });
    expect((await httpClient(server, 'libercourt').api.catalogue[':slug'].$get({ param: { slug: 'brocante' } })).status).toBe(404);
    expect(slugs(await catalogueOf('libercourt'))).not.toContain('brocante');
    const detail = await readJson(await libercourtAdmin.api.catalogue[':slug'].$get({ param: { slug: 'brocante' } }));
    expect(detail).toMatchObject({ published: false, administration: { restricted: false, retentionDays: 365, routing: [] } });
    expect(slugs(await readJson(await libercourtAdmin.api.catalogue.$get()))).toContain('brocante');

    await libercourtAdmin.api.catalogue[':slug'].$put({ param: { slug: 'brocante' }, json: { published: true } });
    expect((await httpClient(server, 'libercourt').api.catalogue[':slug'].$get({ param: { slug: 'brocante' } })).status).toBe(200);
  });

  it('adopts a template of the agglomération, adapted', async () => {
    const templates = await readJson(await libercourtAdmin.api.modeles.$get());
    expect(templates.templates.map((template: { slug: string }) => template.slug)).toContain('reclamation');
    const response = await libercourtAdmin.api.catalogue.adopter.$post({
      json: {
        template: 'reclamation',
        slug: 'reclamation-cantine',
        theme: 'relation',
        service: 'cabinet-du-maire',
        title: 'Réclamation sur la restauration scolaire',
        delayDays: 10,
      },
    });
    expect(response.status).toBe(201);
    const detail = await readJson(await httpClient(server, 'libercourt').api.catalogue[':slug'].$get({ param: { slug: 'reclamation-cantine' } }));
    expect(detail).toMatchObject({ adoptedFrom: 'reclamation', title: 'Réclamation sur la restauration scolaire', delayDays: 10 });
  });

  it('must adapt a template whose routing names services the commune does not have', async () => {
    // Carvin already answers complaints at its guichet unique; a second one for its police is adopted under another slug.
    const adoption = { template: 'reclamation', slug: 'reclamation-police', theme: 'tranquillite', service: 'police-municipale' };
    const refused = await carvinAdmin.api.catalogue.adopter.$post({ json: adoption });
    expect(refused.status).toBe(422);
    const problem = await readJson(refused);
    expect(problem.errors.map((error: { field: string }) => error.field)).toEqual(['routing/2/service', 'routing/4/service']);
    expect(problem.errors[0].message).toMatch(/^service « urbanisme » inconnu \(services de la commune : etat-civil, services-techniques, police-municipale, education/);

    const adapted = await carvinAdmin.api.catalogue.adopter.$post({
      json: {
        ...adoption,
        service: 'police-municipale',
        routing: [{ when: { field: 'serviceConcerne', equals: 'etat-civil' }, service: 'etat-civil' }],
      },
    });
    expect(adapted.status).toBe(201);
    expect(slugs(await catalogueOf('carvin'))).toContain('reclamation-police');
  });

  it('manages themes: create, rename, and delete only when empty', async () => {
    expect((await libercourtAdmin.api.catalogue.themes.$post({ json: { slug: 'seniors', title: 'Seniors' } })).status).toBe(201);
    expect((await libercourtAdmin.api.catalogue.themes[':slug'].$put({ param: { slug: 'seniors' }, json: { title: 'Aînés', position: 20 } })).status).toBe(200);
    // Listed for the administrators while still empty, which the public catalogue omits.
    const listed = async () => (await readJson(await libercourtAdmin.api.catalogue.themes.$get())).themes.find((theme: { slug: string }) => theme.slug === 'seniors');
    expect(await listed()).toEqual({ slug: 'seniors', title: 'Aînés', description: null, position: 20, procedures: 0 });
    await libercourtAdmin.api.catalogue.$post({ json: newProcedure('colis-de-noel', { theme: 'seniors', title: 'Colis de Noël des aînés' }) });
    expect((await catalogueOf('libercourt')).themes.find((theme) => theme.slug === 'seniors')?.title).toBe('Aînés');
    expect((await listed()).procedures).toBe(1);

    const refused = await libercourtAdmin.api.catalogue.themes[':slug'].$delete({ param: { slug: 'seniors' } });
    expect(refused.status).toBe(409);
    expect((await readJson(refused)).title).toBe('Le thème « seniors » regroupe encore 1 démarche(s) : déplacez-les d\'abord.');
    await libercourtAdmin.api.catalogue[':slug'].$put({ param: { slug: 'colis-de-noel' }, json: { theme: 'vie-quotidienne' } });
    expect((await libercourtAdmin.api.catalogue.themes[':slug'].$delete({ param: { slug: 'seniors' } })).status).toBe(204);
  });

  it('is told when a slug is taken, or reserved', async () => {
    const response = await libercourtAdmin.api.catalogue.$post({ json: newProcedure('copie-acte-naissance') });
    expect(response.status).toBe(409);
    // `GET /api/catalogue/themes` lists the themes: a démarche of that name could never be read.
    const reserved = await libercourtAdmin.api.catalogue.$post({ json: newProcedure('themes') });
    expect(reserved.status).toBe(422);
    expect((await readJson(reserved)).errors).toEqual([expect.objectContaining({ field: 'slug', message: 'Identifiant réservé : « themes » désigne la liste des thèmes.' })]);
  });
});

describe('the EPCI console', () => {
  it('publishes a template that member communes can adopt', async () => {
    const published = await consoleStaff.api.console.modeles.$post({
      json: {
        slug: 'inscription-transport-scolaire',
        theme: 'Éducation et jeunesse',
        title: 'Inscription au transport scolaire',
        summary: 'Inscrire un enfant au car scolaire du réseau de l’agglomération.',
        description: 'Le transport scolaire est organisé par l’agglomération pour les élèves de ses communes.',
        steps: ['Inscrivez votre enfant', 'Recevez sa carte de transport'],
        form: { fields: [{ kind: 'text', key: 'enfant', label: 'Prénom et nom de l’enfant', required: true }] },
        delayDays: 10,
        retentionDays: 365,
      },
    });
    expect(published.status).toBe(201);
    const listing = await readJson(await consoleStaff.api.console.modeles.$get());
    expect(listing.templates).toContainEqual(expect.objectContaining({ slug: 'inscription-transport-scolaire', theme: 'Éducation et jeunesse', delayDays: 10 }));

    const adopted = await carvinAdmin.api.catalogue.adopter.$post({ json: { template: 'inscription-transport-scolaire', theme: 'education', service: 'education' } });
    expect(adopted.status).toBe(201);
    expect(slugs(await catalogueOf('carvin'))).toContain('inscription-transport-scolaire');
  });

  it('refuses a template with a bad definition, per field', async () => {
    const response = await consoleStaff.post('/api/console/modeles', { slug: 'vide', theme: 'Divers', title: 'V', delayDays: -2 });
    expect(response.status).toBe(422);
    const fields = (await readJson(response)).errors.map((error: { field: string }) => error.field);
    expect(fields).toEqual(expect.arrayContaining(['title', 'summary', 'description', 'steps', 'form', 'delayDays', 'retentionDays']));
  });
});
