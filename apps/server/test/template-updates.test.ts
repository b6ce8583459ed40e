import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentSession, communeBySlug, epciStaffSession, httpClient, readJson, startServer, type TestServer } from '@guichet/testing';
import { as } from './catalogue-sessions.ts';

/*
 * The EPCI changes a template two communes adopted: neither copy changes by itself; each
 * administrator sees what changed since the version their copy stands on, and takes it (Carvin:
 * the changed fields replace its own, its other adaptations stay) or keeps their version (Oignies).
 */
let server: TestServer;
let carvinAdmin: ReturnType<typeof as>;
let oigniesAdmin: ReturnType<typeof as>;
let consoleStaff: ReturnType<typeof as>;

const template = {
  slug: 'test-mise-a-jour-modele',
  theme: 'Éducation et jeunesse',
  title: 'Inscription à l’école de musique',
  summary: 'Inscrire un enfant aux cours de l’école de musique intercommunale.',
  description: 'L’école de musique accueille les enfants des communes de l’agglomération.',
  steps: ['Inscrivez votre enfant', 'Recevez son emploi du temps'],
  form: { fields: [{ kind: 'text', key: 'enfant', label: 'Prénom et nom de l’enfant', required: true }] },
  delayDays: 10,
  retentionDays: 365,
};

beforeAll(async () => {
  server = await startServer();
  const db = server.databases.app;
  const [carvin, oignies] = [await communeBySlug(db, 'carvin'), await communeBySlug(db, 'oignies')];
  const admin = { role: 'commune_admin' as const, services: [] };
  carvinAdmin = as(httpClient(server, 'carvin'), (await agentSession(db, carvin, { ...admin, email: 'admin.modeles.carvin@tests.example.fr' })).cookie);
  oigniesAdmin = as(httpClient(server, 'oignies'), (await agentSession(db, oignies, { ...admin, email: 'admin.modeles.oignies@tests.example.fr' })).cookie);
  consoleStaff = as(httpClient(server, 'agglo-henin-carvin'), await epciStaffSession(db, carvin.epciId, 'modeles.staff@tests.example.fr'));
  expect((await consoleStaff.api.console.modeles.$post({ json: template })).status).toBe(201);
  // Carvin adapts the delay at adoption; Oignies takes the template as it is.
  expect((await carvinAdmin.api.catalogue.adopter.$post({ json: { template: template.slug, theme: 'education', service: 'education', delayDays: 15 } })).status).toBe(201);
  expect((await oigniesAdmin.api.catalogue.adopter.$post({ json: { template: template.slug, theme: 'vie-quotidienne', service: 'culture' } })).status).toBe(201);
});
afterAll(async () => {
  // Both communes keep their versions: no update of this file's is left waiting for other files.
  for (const admin of [carvinAdmin, oigniesAdmin]) await admin.api.catalogue[':slug'].modele.$post({ param: { slug: template.slug }, json: { choix: 'garder' } });
  await server.close();
});

type Update = { procedure: string; fromVersion: number; toVersion: number; changes: { field: string; label: string; before: string; after: string }[] };
// This file's template's only: other files change templates the same communes adopted.
const updatesOf = async (admin: ReturnType<typeof as>): Promise<Update[]> =>
  ((await readJson(await admin.api.modeles['mises-a-jour'].$get())).updates as Update[]).filter((update) => update.procedure === template.slug);
const procedureOf = async (commune: string) => readJson(await httpClient(server, commune).api.catalogue[':slug'].$get({ param: { slug: template.slug } }));

describe('a template the EPCI changes', () => {
  it('changes no adopted copy, and tells each commune what changed since its version', async () => {
    expect(await updatesOf(carvinAdmin)).toEqual([]);
    const changed = await consoleStaff.api.console.modeles[':slug'].$put({
      param: { slug: template.slug },
      json: { summary: 'Inscrire un enfant ou un adulte aux cours de l’école de musique intercommunale.', form: { fields: [...template.form.fields, { kind: 'text', key: 'instrument', label: 'Instrument souhaité', required: false }] } },
    });
    expect(changed.status).toBe(200);
    expect((await procedureOf('carvin')).summary).toBe(template.summary);
    expect((await procedureOf('oignies')).summary).toBe(template.summary);

    const [update] = await updatesOf(carvinAdmin);
    expect(update).toMatchObject({ procedure: template.slug, fromVersion: 1, toVersion: 2 });
    expect(update!.changes).toEqual([
      { field: 'summary', label: 'Résumé', before: template.summary, after: 'Inscrire un enfant ou un adulte aux cours de l’école de musique intercommunale.' },
      { field: 'form', label: 'Formulaire', before: 'Prénom et nom de l’enfant', after: 'Prénom et nom de l’enfant ; Instrument souhaité' },
    ]);
    expect((await updatesOf(oigniesAdmin)).map((candidate) => candidate.procedure)).toEqual([template.slug]);
  });

  it('takes the update for Carvin: the changed fields replace its own, its delay stays; Oignies keeps its version', async () => {
    expect((await carvinAdmin.api.catalogue[':slug'].modele.$post({ param: { slug: template.slug }, json: { choix: 'prendre' } })).status).toBe(200);
    const carvin = await procedureOf('carvin');
    expect(carvin.summary).toBe('Inscrire un enfant ou un adulte aux cours de l’école de musique intercommunale.');
    expect(carvin.form.fields.map((field: { key: string }) => field.key)).toEqual(['enfant', 'instrument']);
    expect(carvin.delayDays).toBe(15);
    expect(await updatesOf(carvinAdmin)).toEqual([]);

    expect((await oigniesAdmin.api.catalogue[':slug'].modele.$post({ param: { slug: template.slug }, json: { choix: 'garder' } })).status).toBe(200);
    expect((await procedureOf('oignies')).summary).toBe(template.summary);
    expect(await updatesOf(oigniesAdmin)).toEqual([]);
    // A later change is told again, from the version each copy now stands on.
    await consoleStaff.api.console.modeles[':slug'].$put({ param: { slug: template.slug }, json: { delayDays: 8 } });
    expect((await updatesOf(oigniesAdmin))[0]).toMatchObject({ fromVersion: 2, toVersion: 3, changes: [expect.objectContaining({ field: 'delayDays', before: '10', after: '8' })] });
    expect((await updatesOf(carvinAdmin))[0]).toMatchObject({ fromVersion: 2, toVersion: 3 });
  });

  it('refuses an answer without a pending update, a bad choice, and a bad template edit, in French', async () => {
    const none = await carvinAdmin.api.catalogue[':slug'].modele.$post({ param: { slug: 'acte-naissance' }, json: { choix: 'prendre' } });
    expect(none.status).toBe(404);
    const bad = await carvinAdmin.post(`/api/catalogue/${template.slug}/modele`, { choix: 'peut-etre' });
    expect(bad.status).toBe(422);
    expect((await readJson(bad)).errors).toEqual([expect.objectContaining({ field: 'choix', message: 'Choix : « prendre » ou « garder ».' })]);
    const invalid = await consoleStaff.put(`/api/console/modeles/${template.slug}`, { delayDays: -1 });
    expect(invalid.status).toBe(422);
    expect((await readJson(invalid)).errors).toEqual([expect.objectContaining({ field: 'delayDays' })]);
    expect((await consoleStaff.put('/api/console/modeles/inconnu', { delayDays: 3 })).status).toBe(404);
  });

  it('shows the console the template as it stands, and the version each commune’s copy stands on', async () => {
    const read = await consoleStaff.api.console.modeles[':slug'].$get({ param: { slug: template.slug } });
    expect(read.status).toBe(200);
    const current = await readJson(read);
    expect(current).toMatchObject({ slug: template.slug, theme: template.theme, version: 3, delayDays: 8, steps: template.steps });
    expect(current.form.fields.map((field: { key: string }) => field.key)).toEqual(['enfant', 'instrument']);
    // Both communes answered version 2 (Carvin took it, Oignies kept its own): version 3 waits for each.
    expect(current.adoptions).toEqual([
      { commune: 'Carvin', slug: template.slug, version: 2, updatePending: true },
      { commune: 'Oignies', slug: template.slug, version: 2, updatePending: true },
    ]);
    const listed = await readJson(await consoleStaff.api.console.modeles.$get());
    expect(listed.templates.find((entry: { slug: string }) => entry.slug === template.slug)).toMatchObject({ version: 3 });
    expect((await consoleStaff.api.console.modeles[':slug'].$get({ param: { slug: 'inconnu' } })).status).toBe(404);
    // A commune's administrator has no console.
    expect((await carvinAdmin.get(`/api/console/modeles/${template.slug}`)).status).not.toBe(200);
  });
});
