import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, insertTestEpci, startJourney, type Journey } from '@guichet/testing';

/* The commune is created in an EPCI of this file's own: the demo EPCIs keep their members, which other files count. */
let journey: Journey;

beforeAll(async () => {
  journey = await startJourney('console-communes');
  await insertTestEpci(journey.server.databases.owner, 'essai-console', '200000173');
});
afterAll(() => journey?.close());

describe('creating a commune from the EPCI console', () => {
  it('creates it from the form, says what is wrong in French first, counts it in the platform’s health and the audit log, and its portal opens at once, accessibly', async () => {
    const { page } = await journey.open({ epciStaff: { email: 'createur@essai-console.example.fr', epci: 'essai-console' } });
    await page.goto(`${journey.portal('essai-console')}/console`);
    await page.getByRole('link', { name: 'Communes', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Communes membres' }).waitFor();
    const form = page.getByRole('region', { name: 'Créer une commune' });
    await form.getByLabel('Nom de la commune').fill('Rouvroy-sur-Essai');
    expect(await form.getByLabel('Identifiant').inputValue()).toBe('rouvroy-sur-essai');
    await form.getByLabel('Code INSEE').fill('6272');
    await form.getByLabel('Adresse de la mairie').fill('Place de la Mairie');
    await form.getByLabel('Code postal').fill('62320');
    await form.getByLabel('Ville').fill('Rouvroy-sur-Essai');
    await form.getByLabel('Nom et prénom').fill('Hélène Caron');
    await form.getByLabel('Adresse e-mail').fill('helene.caron@rouvroy.example.fr');
    await form.getByRole('button', { name: 'Créer la commune et inviter son administrateur' }).click();
    await form.getByText('Un code INSEE à 5 caractères (ex. 62249 ; 2A004 en Corse).').first().waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await journey.screenshot(page, 'refused');

    await form.getByLabel('Code INSEE').fill('62724');
    await form.getByRole('button', { name: 'Créer la commune et inviter son administrateur' }).click();
    await page.getByRole('status').getByText('La commune Rouvroy-sur-Essai est créée.').waitFor();
    const card = page.getByRole('region', { name: 'Rouvroy-sur-Essai' });
    await card.getByText('Adresses à déclarer chez FranceConnect et ProConnect').click();
    await card.getByText(`${journey.portal('rouvroy-sur-essai')}/api/auth/franceconnect/callback`).waitFor();
    const health = page.getByRole('table', { name: 'Demandes et travaux de chaque commune membre' });
    await health.getByRole('rowheader', { name: 'Rouvroy-sur-Essai' }).waitFor();
    expect(await health.getByRole('row', { name: /^Rouvroy-sur-Essai/ }).getByRole('cell').first().textContent()).toBe('0');
    expect(await accessibilityViolations(page)).toEqual([]);
    await journey.screenshot(page, 'created');

    await page.getByRole('link', { name: 'Agents des communes' }).click();
    const journal = page.getByRole('table', { name: /^Connexions, invitations, rôles, communes créées/ });
    await journal.getByRole('row', { name: /Commune créée Rouvroy-sur-Essai Agent intercommunal de test/ }).waitFor();
    await page.getByLabel('Commune', { exact: true }).selectOption({ label: 'Rouvroy-sur-Essai' });
    await journal.getByRole('row', { name: /Agent invité Rouvroy-sur-Essai/ }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await journey.screenshot(page, 'journal');

    await page.goto(`${journey.portal('rouvroy-sur-essai')}/`);
    await page.getByRole('banner').getByText('Rouvroy-sur-Essai').first().waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await journey.screenshot(page, 'portal');
  });
});
