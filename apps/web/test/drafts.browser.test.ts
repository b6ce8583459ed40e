import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accessibilityViolations,
  citizenSession,
  communeBySlug,
  httpClient,
  insertTestProcedure,
  readJson,
  samplePng,
  startJourney,
  testProcedureDefinition,
  withCookie,
  type Journey,
  type TestServer,
} from '@guichet/testing';

let server: TestServer;
let journey: Journey;

beforeAll(async () => {
  journey = await startJourney('drafts');
  server = journey.server;
  await insertTestProcedure(server.databases.ownerClient, 'libercourt', 'test-brouillon-navigateur', 'services-techniques', testProcedureDefinition({ title: 'Signalement en plusieurs fois' }));
  const base = testProcedureDefinition();
  await insertTestProcedure(
    server.databases.ownerClient,
    'libercourt',
    'test-brouillon-anonyme',
    'services-techniques',
    testProcedureDefinition({
      title: 'Signalement avec photo',
      form: { fields: [...base.form.fields, { kind: 'file', key: 'photo', label: 'Photo', required: true, accept: ['image/png', 'image/jpeg'], maxFiles: 1, maxSizeBytes: 5_000_000 }] },
    }),
  );
});
afterAll(() => journey?.close());

const draftsOf = async (cookie: string) => (await readJson(await withCookie(httpClient(server, 'libercourt'), cookie).api.brouillons.$get())).drafts as { procedure: string; values: Record<string, unknown> }[];

describe('drafts in a real browser', () => {
  it('saves the answers as they are typed, offers them back on the next visit and in « Mes demandes », and forgets them once filed', async () => {
    const { page, context, cookie } = await journey.open({ signedInAs: 'brouillon.navigateur@example.fr' });
    await page.goto(`${journey.portal()}/demarches/test-brouillon-navigateur/demande`);
    await page.getByLabel('Objet').pressSequentially('Trottoir soulevé');
    await page.getByLabel('Voirie').check();
    await page.getByText(/^Brouillon enregistré à \d\d:\d\d\.$/).waitFor();
    await expect.poll(async () => (await draftsOf(cookie!))[0]?.values, { timeout: 10_000 }).toEqual({ objet: 'Trottoir soulevé', nature: 'voirie' });

    // Another visit: « Mes demandes » lists it, the form offers it back.
    const later = await context.newPage();
    await later.goto(`${journey.portal()}/mes-demandes`);
    await later.getByRole('link', { name: 'Reprendre : Signalement en plusieurs fois' }).click();
    const offer = later.getByRole('region', { name: 'Brouillon enregistré' });
    await offer.getByText('Vous avez commencé cette demande').waitFor();
    expect(await later.getByLabel('Objet').inputValue()).toBe('');
    expect(await accessibilityViolations(later)).toEqual([]);
    await journey.screenshot(later, 'offer');
    await offer.getByRole('button', { name: 'Reprendre mes réponses' }).click();
    expect(await later.getByLabel('Objet').inputValue()).toBe('Trottoir soulevé');
    expect(await later.getByLabel('Voirie').isChecked()).toBe(true);
    expect(await offer.count()).toBe(0);

    // Filed, the draft is gone.
    await later.getByRole('button', { name: 'Continuer' }).click();
    await later.getByRole('button', { name: 'Envoyer ma demande' }).click();
    await later.getByRole('heading', { level: 1, name: 'Votre demande est envoyée' }).waitFor();
    expect(await draftsOf(cookie!)).toEqual([]);
  });

  it('leaves no draft behind a request filed while a save was still on its way', async () => {
    const { page, cookie } = await journey.open({ signedInAs: 'brouillon.course@example.fr' });
    // The draft's save is held back 2.5 s, as on a slow line, while the citizen files.
    let held = 0;
    await page.route('**/api/brouillons/**', async (route) => {
      if (route.request().method() === 'PUT') {
        held += 1;
        await new Promise((resolve) => setTimeout(resolve, 2500));
      }
      await route.continue();
    });
    await page.goto(`${journey.portal()}/demarches/test-brouillon-navigateur/demande`);
    await page.getByLabel('Objet').fill('Poubelle renversée');
    await page.getByLabel('Voirie').check();
    await page.getByRole('button', { name: 'Continuer' }).click();
    await expect.poll(() => held, { timeout: 5_000 }).toBe(1);
    await page.getByRole('button', { name: 'Envoyer ma demande' }).click();
    await page.getByRole('heading', { level: 1, name: 'Votre demande est envoyée' }).waitFor();
    await page.waitForTimeout(3_000);
    expect(await draftsOf(cookie!)).toEqual([]);
  });

  it('keeps the latest answers when an earlier save lands late', async () => {
    const { page, cookie } = await journey.open({ signedInAs: 'brouillon.ordre@example.fr' });
    // The first save is held back 2.5 s; the next one, made meanwhile, must not be overtaken by it.
    let held = 0;
    await page.route('**/api/brouillons/**', async (route) => {
      if (route.request().method() === 'PUT' && (held += 1) === 1) await new Promise((resolve) => setTimeout(resolve, 2500));
      await route.continue();
    });
    await page.goto(`${journey.portal()}/demarches/test-brouillon-navigateur/demande`);
    await page.getByLabel('Objet').fill('Première version');
    await expect.poll(() => held, { timeout: 5_000 }).toBe(1);
    await page.getByLabel('Objet').fill('Version finale');
    await expect.poll(() => held, { timeout: 10_000 }).toBe(2);
    await page.getByText(/^Brouillon enregistré à/).waitFor();
    await page.waitForTimeout(3_000);
    expect((await draftsOf(cookie!))[0]?.values).toEqual({ objet: 'Version finale' });
  });

  it('keeps a draft begun signed out, photo included, and offers it back once signed in (journey 5)', async () => {
    const email = 'brouillon.anonyme@example.fr';
    const account = await citizenSession(server.databases.app, await communeBySlug(server.databases.app, 'libercourt'), email);
    const password = 'une phrase de passe solide';
    await withCookie(httpClient(server, 'libercourt'), account.cookie).api.compte['mot-de-passe'].$put({ json: { newPassword: password } });

    const { page } = await journey.open();
    await page.goto(`${journey.portal()}/demarches/test-brouillon-anonyme/demande`);
    await page.getByLabel('Objet').pressSequentially('Banc cassé');
    await page.getByLabel('Voirie').check();
    await page.getByLabel('Photo').setInputFiles({ name: 'banc.png', mimeType: 'image/png', buffer: samplePng() });
    await page.getByRole('list', { name: 'Fichiers joints : Photo' }).getByText('banc.png', { exact: true }).waitFor();
    await expect.poll(() => page.getByText(/^Brouillon enregistré à/).count(), { timeout: 10_000 }).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);
    await journey.screenshot(page, 'signed-out-draft');

    await page.getByRole('main').getByRole('link', { name: 'Se connecter' }).click();
    await page.getByLabel('Adresse e-mail', { exact: true }).fill(email);
    await page.getByLabel('Mot de passe', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
    await page.waitForURL(`${journey.portal()}/demarches/test-brouillon-anonyme/demande`);
    await page.getByRole('region', { name: 'Brouillon enregistré' }).getByRole('button', { name: 'Reprendre mes réponses' }).click();
    expect(await page.getByLabel('Objet').inputValue()).toBe('Banc cassé');
    await page.getByRole('list', { name: 'Fichiers joints : Photo' }).getByText('banc.png', { exact: true }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await journey.screenshot(page, 'resumed-after-sign-in');

    await page.getByRole('button', { name: 'Continuer' }).click();
    await page.getByRole('button', { name: 'Envoyer ma demande' }).click();
    await page.getByRole('heading', { level: 1, name: 'Votre demande est envoyée' }).waitFor();
    const mine = await readJson(await withCookie(httpClient(server, 'libercourt'), account.cookie).api.demandes.$get());
    expect(JSON.stringify(mine)).toContain('Signalement avec photo');
  });

  it('starts again when asked, dropping the draft', async () => {
    const { page, cookie } = await journey.open({ signedInAs: 'brouillon.recommence@example.fr' });
    const citizen = withCookie(httpClient(server, 'libercourt'), cookie!);
    await citizen.api.brouillons[':procedure'].$put({ param: { procedure: 'test-brouillon-navigateur' }, json: { values: { objet: 'Ancienne idée' } } });
    await page.goto(`${journey.portal()}/demarches/test-brouillon-navigateur/demande`);
    await page.getByRole('button', { name: 'Recommencer' }).click();
    expect(await page.getByLabel('Objet').inputValue()).toBe('');
    await expect.poll(() => draftsOf(cookie!), { timeout: 10_000 }).toEqual([]);
  });
});
