import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, startJourney, type Journey } from '@guichet/testing';

let journey: Journey;

beforeAll(async () => {
  journey = await startJourney('commune-administration');
});
afterAll(() => journey?.close());

describe('commune administration in a real browser', () => {
  it('an administrator changes the portal’s colours, tagline and opening hours, the contrast checked as they choose, and the portal shows them', async () => {
    // Oignies: the commune other journeys leave alone; its presentation is put back at the end.
    const { page } = await journey.open({ commune: 'oignies', agent: { email: 'presentation.navigateur@oignies.example.fr', role: 'commune_admin', services: [] } });
    await page.goto(`${journey.portal('oignies')}/agent`);
    const original = await page.evaluate(async () => (await fetch('/api/agent/administration/commune')).json());
    try {
      await page.getByRole('navigation', { name: 'Espace agents' }).getByRole('link', { name: 'Présentation' }).click();
      await page.getByRole('heading', { level: 1, name: 'Présentation de la commune' }).waitFor();
      expect(await page.title()).toBe('Présentation de la commune – Administration – Oignies');
      await page.getByText('Les contrastes sont suffisants (RGAA, critères 3.2 et 3.3).').waitFor();
      expect(await accessibilityViolations(page)).toEqual([]);

      // A pale text on the dark header: said at once, and refused by the server if sent.
      await page.getByLabel('Texte sur la couleur principale').fill('#444444');
      await page.getByText(/Le texte de l’en-tête sur la couleur principale n’est pas assez contrasté \(1,\d:1/).first().waitFor();
      await page.getByRole('button', { name: 'Enregistrer la présentation' }).click();
      await page.getByRole('link', { name: /Le texte de l’en-tête sur la couleur principale n’est pas assez contrasté/ }).waitFor();
      await journey.screenshot(page, 'contrast-refused');

      await page.getByLabel('Texte sur la couleur principale').fill('#ffffff');
      await page.getByLabel('Slogan sous le nom (facultatif)').fill('Oignies, au plus près de vous');
      await page.getByLabel('Horaires d’ouverture').fill('Du lundi au vendredi, 8 h 30 – 12 h et 13 h 30 – 17 h');
      await page.getByRole('region', { name: 'Aperçu de l’en-tête du portail' }).getByText('Oignies, au plus près de vous').waitFor();
      await page.getByRole('button', { name: 'Enregistrer la présentation' }).click();
      await page.getByRole('status').getByText('Présentation enregistrée : le portail l’affiche désormais.').waitFor();
      expect(await accessibilityViolations(page)).toEqual([]);
      await journey.screenshot(page, 'presentation-saved');

      await page.goto(`${journey.portal('oignies')}/`);
      await page.getByRole('banner').getByText('Oignies, au plus près de vous').waitFor();
      await page.getByRole('contentinfo').getByText('Horaires : Du lundi au vendredi, 8 h 30 – 12 h et 13 h 30 – 17 h').waitFor();
      expect(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--on-brand').trim())).toBe('#ffffff');
      expect(await accessibilityViolations(page)).toEqual([]);
    } finally {
      const restored = await page.evaluate(
        async (body) => (await fetch('/api/agent/administration/commune', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).status,
        original,
      );
      expect(restored).toBe(200);
    }
  });
});
