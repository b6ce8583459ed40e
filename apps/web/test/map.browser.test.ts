import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, agentSession, citizenSession, communeBySlug, httpClient, insertTestProcedure, readJson, startJourney, startTilePeer, testProcedureDefinition, withCookie, type Journey } from '@guichet/testing';

let tiles: Awaited<ReturnType<typeof startTilePeer>>;
let journey: Journey;

beforeAll(async () => {
  tiles = await startTilePeer();
  journey = await startJourney('map', { environment: { MAP_TILE_URL: tiles.template, MAP_TILE_ATTRIBUTION: '© Tuiles de test' } });
});
afterAll(async () => {
  await journey?.close();
  await tiles?.close();
});

describe('the map of an address field, in a real browser', () => {
  it('loads only when asked, places the point by a click or from the keyboard, names it after the nearest street, and files it', async () => {
    const { page } = await journey.open();
    const scripts: string[] = [];
    page.on('request', (request) => scripts.push(request.url()));
    await page.goto(`${journey.portal()}/demarches/signalement-voirie/demande`);
    await page.getByRole('radio', { name: 'Trottoir abîmé' }).check();
    await page.getByRole('group', { name: /danger immédiat/ }).getByRole('radio', { name: 'Non' }).check();
    await page.getByLabel('Description').fill('Une dalle soulevée devant la pharmacie.');
    // The form alone never loads the map library nor a tile.
    expect(scripts.filter((url) => /address-map/.test(url))).toEqual([]);
    expect(tiles.requested()).toEqual([]);

    const toggle = page.getByRole('button', { name: 'Placer sur la carte' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    const map = page.getByRole('region', { name: 'Carte : Emplacement' });
    await map.waitFor();
    await expect.poll(() => tiles.requested().length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(tiles.requested().every((tile) => tile.startsWith('15/'))).toBe(true);
    await page.getByText('© Tuiles de test').waitFor();
    expect(await page.getByRole('button', { name: 'Masquer la carte' }).getAttribute('aria-expanded')).toBe('true');

    // A click near Rue Pasteur: the point, named after the nearest street by the address search's /reverse/.
    const box = (await map.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2 + 40, box.y + box.height / 2 + 20);
    await page.getByText(/^Point placé sur la carte, près de .+ 62820 Libercourt : latitude 50,4\d+, longitude 3,0\d+\.$/).waitFor();
    const place = page.getByRole('combobox', { name: /Emplacement/ });
    expect(await place.inputValue()).toMatch(/^Près de .+ 62820 Libercourt$/);
    expect(await page.locator('.map-pin').count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);
    await journey.screenshot(page, 'placed');

    // From the keyboard: the map moves with the arrows, then the point goes to its centre.
    await map.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    const before = await page.getByRole('status').filter({ hasText: 'Point placé' }).textContent();
    await page.getByRole('button', { name: 'Placer le point au centre de la carte' }).press('Enter');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Point placé' }).textContent()).not.toBe(before);
    // The address was named: moving the point keeps it.
    expect(await place.inputValue()).toMatch(/^Près de /);

    const review = page.getByRole('heading', { level: 2, name: /Récapitulatif et envoi/ });
    for (let step = 0; step < 6 && !(await review.isVisible()); step += 1) {
      await page.getByRole('button', { name: 'Continuer' }).click();
      await page.waitForTimeout(200);
    }
    await page.getByLabel(/Votre adresse e-mail/).fill('carte.anonyme@example.fr');
    await page.getByRole('button', { name: 'Envoyer ma demande' }).click();
    await page.getByRole('heading', { level: 1, name: 'Votre demande est envoyée' }).waitFor();
    const reference = (await page.locator('.reference').textContent())!.trim();

    const libercourt = await communeBySlug(journey.server.databases.app, 'libercourt');
    const agent = withCookie(
      httpClient(journey.server, 'libercourt'),
      (await agentSession(journey.server.databases.app, libercourt, { email: 'carte@libercourt.example.fr', role: 'agent', services: ['services-techniques'] })).cookie,
    );
    const inbox = await readJson(await agent.api.agent.demandes.$get({ query: { q: reference } }));
    const filed = inbox.requests.find((request: { reference: string }) => request.reference === reference);
    const detail = await readJson(await agent.api.agent.demandes[':id'].$get({ param: { id: filed.id } }));
    expect(detail.latitude).toBeCloseTo(50.48, 1);
    expect(detail.longitude).toBeCloseTo(3.01, 1);
  });

  it('lets the portal load images from its tile server, and from no other', async () => {
    const { page } = await journey.open();
    const response = await page.goto(`${journey.portal()}/demarches/signalement-voirie/demande`);
    const imageSources = response!.headers()['content-security-policy']!.split('; ').find((directive) => directive.startsWith('img-src'));
    expect(imageSources).toBe(`img-src 'self' data: ${new URL(tiles.template.replace(/\{.\}/g, '0')).origin}`);
  });
});

describe('the map of requests in the back office, with tiles (journey 6)', () => {
  it('shows the located requests as points coloured by status, clustered where dense, each opening its desk, with the list beside', async () => {
    const procedure = 'test-carte-navigateur';
    await insertTestProcedure(journey.server.databases.ownerClient, 'libercourt', procedure, 'services-techniques', testProcedureDefinition({ title: 'Voirie (carte navigateur)', routing: [] }));
    const libercourt = await communeBySlug(journey.server.databases.app, 'libercourt');
    const citizen = withCookie(httpClient(journey.server, 'libercourt'), (await citizenSession(journey.server.databases.app, libercourt, 'carte.navigateur@example.fr')).cookie);
    const file = async (objet: string, lat: number, lon: number) =>
      (await readJson(await citizen.api.demandes.$post({ json: { procedure, values: { objet, nature: 'voirie', lieu: { label: objet, lat, lon } } } }))) as { id: string; reference: string };
    // Two a few metres apart (one cluster at the commune's zoom), one across town.
    const first = await file('Bouche d’égout bruyante', 50.48397, 3.01542);
    await file('Bouche d’égout descellée', 50.48399, 3.01545);
    const far = await file('Banc arraché', 50.486, 3.0200);

    const { page } = await journey.open({ agent: { email: 'carte.agent@libercourt.example.fr', role: 'agent', services: ['services-techniques'] } });
    await page.goto(`${journey.portal()}/agent/carte?demarche=${procedure}`);
    await page.getByRole('heading', { level: 1, name: 'Carte des demandes' }).waitFor();
    const map = page.getByRole('region', { name: /Carte des demandes/ });
    await map.waitFor();
    await expect.poll(() => tiles.requested().length, { timeout: 10_000 }).toBeGreaterThan(0);
    await page.getByRole('list', { name: 'Légende des couleurs' }).getByText('Déposée').waitFor();
    await page.getByText('3 demandes situées.').waitFor();
    const list = page.getByRole('region', { name: 'Liste des demandes situées' });
    for (const filed of [first, far]) await list.getByRole('link', { name: filed.reference }).waitFor();
    await page.getByRole('region', { name: 'Par secteur' }).getByRole('row', { name: /Centre-ville/ }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await journey.screenshot(page, 'requests-map');

    await map.getByRole('button', { name: new RegExp(`^${far.reference} – .*Banc arraché \\(Déposée\\)$`) }).waitFor();
    await map.getByRole('button', { name: '2 demandes ici : zoomer' }).click();
    const point = map.getByRole('button', { name: new RegExp(`^${first.reference} – `) });
    await point.waitFor();
    // From the keyboard: a point takes the focus and Enter opens its desk.
    await point.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: new RegExp(`^${first.reference} – `) }).waitFor();
  });
});
