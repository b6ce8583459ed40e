import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accessibilityViolations,
  agentSession,
  communeBySlug,
  httpClient,
  readJson,
  samplePng,
  startJourney,
  withCookie,
  type Journey,
  type TestServer,
  seenBy,
} from '@guichet/testing';

let server: TestServer;
let journey: Journey;

beforeAll(async () => {
  journey = await startJourney('reporting');
  server = journey.server;
});
afterAll(() => journey?.close());

describe('an incident report, from a procedure page to a live answer, in a real browser', () => {
  it('signs in with FranceConnect from the procedure, files with a photo and a searched address, then sees the agent’s act live', async () => {
    const { page } = await journey.open();
    const procedure = `${journey.portal()}/demarches/signalement-voirie`;
    await page.goto(procedure);
    await page.getByRole('banner').getByRole('link', { name: 'Se connecter' }).click();
    await page.getByRole('link', { name: 'S’identifier avec FranceConnect' }).click();
    await page.getByRole('button', { name: /Lucas HOARAU/ }).click();
    // Back on the procedure, not on the account page.
    await page.waitForURL(procedure);
    await page.getByRole('main').getByRole('link', { name: 'Faire la demande' }).click();

    await page.getByRole('radio', { name: 'Nid-de-poule ou chaussée dégradée' }).check();
    await page.getByRole('group', { name: /danger immédiat/ }).getByRole('radio', { name: 'Non' }).check();
    await page.getByLabel('Description').fill('Un trou profond au milieu de la chaussée.');
    const place = page.getByRole('combobox', { name: /Emplacement/ });
    await place.pressSequentially('3 rue de la gare lib');
    await page.getByRole('option', { name: '3 Rue de la Gare 62820 Libercourt' }).click();
    await page.getByText(/^Adresse choisie : 3 Rue de la Gare 62820 Libercourt\. Position enregistrée/).waitFor();
    await page.getByLabel('Photo (facultatif)').setInputFiles({ name: 'trou.png', mimeType: 'image/png', buffer: samplePng() });
    await page.getByText('trou.png', { exact: true }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await journey.screenshot(page, 'form');

    const review = page.getByRole('heading', { level: 2, name: /Récapitulatif et envoi/ });
    for (let step = 0; step < 6 && !(await review.isVisible()); step += 1) {
      await page.getByRole('button', { name: 'Continuer' }).click();
      await page.waitForTimeout(200);
    }
    await review.waitFor();
    expect(await page.getByRole('main').textContent()).toContain('3 Rue de la Gare 62820 Libercourt');
    await page.getByRole('button', { name: 'Envoyer ma demande' }).click();
    await page.getByRole('heading', { level: 1, name: 'Votre demande est envoyée' }).waitFor();
    expect(await page.getByRole('main').textContent()).toMatch(/au plus tard le \S+ \d+(er)? \S+ 20\d\d/);
    const reference = await page.locator('.reference').textContent();
    await journey.screenshot(page, 'confirmation');

    await page.getByRole('link', { name: 'Suivre ma demande' }).click();
    await page.getByRole('heading', { level: 1, name: `Signaler un problème de voirie – ${reference}` }).waitFor();
    const id = new URL(page.url()).pathname.split('/').pop()!;
    const libercourt = await communeBySlug(server.databases.app, 'libercourt');
    const agent = withCookie(
      httpClient(server, 'libercourt'),
      (await agentSession(server.databases.app, libercourt, { email: 'signalement.voirie@libercourt.example.fr', role: 'agent', services: ['services-techniques'] })).cookie,
    );
    const detail = await readJson(await agent.api.agent.demandes[':id'].$get({ param: { id } }));
    expect(detail).toMatchObject({ reference, latitude: expect.any(Number), longitude: expect.any(Number) });
    expect((await agent.api.agent.demandes[':id'].statut.$post({ header: await seenBy(agent, id), param: { id }, json: { status: 'acknowledged' } })).status).toBe(200);
    await page.getByRole('region', { name: 'Où en est ma demande' }).getByText('Statut : Prise en compte').waitFor({ timeout: 15_000 });
    expect(await accessibilityViolations(page)).toEqual([]);
    await journey.screenshot(page, 'live');
  });
});
