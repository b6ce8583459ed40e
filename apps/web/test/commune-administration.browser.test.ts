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

  it('an administrator creates a service, gives it an agent, renames it, and takes the agent out', async () => {
    const { page } = await journey.open({ commune: 'lavaur', agent: { email: 'services.navigateur@lavaur.example.fr', role: 'commune_admin', services: [] } });
    await page.goto(`${journey.portal('lavaur')}/agent`);
    await page.getByRole('navigation', { name: 'Espace agents' }).getByRole('link', { name: 'Services' }).click();
    await page.getByRole('heading', { level: 1, name: 'Services de la commune' }).waitFor();
    const creation = page.getByRole('region', { name: 'Créer un service' });
    await creation.getByLabel('Nom du service').fill('Propreté urbaine (navigateur)');
    await creation.getByLabel('E-mail du service').fill('proprete@lavaur.example.fr');
    await creation.getByRole('button', { name: 'Créer le service' }).click();
    await page.getByRole('status').getByText('Service « Propreté urbaine (navigateur) » créé : ajoutez-lui ses agents.').waitFor();

    const card = page.getByRole('region', { name: 'Propreté urbaine (navigateur)' });
    await card.getByText('Aucun agent : ses demandes ne sont vues que des administrateurs.').waitFor();
    await card.getByLabel('Ajouter un agent').selectOption({ label: 'Laure Bousquet' });
    await card.getByRole('button', { name: 'Ajouter au service Propreté urbaine (navigateur)' }).click();
    await card.getByRole('list', { name: 'Agents du service Propreté urbaine (navigateur)' }).getByText('Laure Bousquet').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await journey.screenshot(page, 'services');

    await card.getByLabel('Nom du service').fill('Propreté et espaces verts (navigateur)');
    await card.getByRole('button', { name: 'Enregistrer le service Propreté urbaine (navigateur)' }).click();
    await page.getByRole('status').getByText('Service « Propreté et espaces verts (navigateur) » enregistré.').waitFor();
    const renamed = page.getByRole('region', { name: 'Propreté et espaces verts (navigateur)' });
    await renamed.getByRole('button', { name: 'Retirer Laure Bousquet du service Propreté et espaces verts (navigateur)' }).click();
    await page.getByRole('status').getByText('Laure Bousquet quitte le service Propreté et espaces verts (navigateur).').waitFor();
    // She keeps the services she had.
    const agents = await page.evaluate(async () => (await (await fetch('/api/agent/administration/agents')).json()) as { agents: { displayName: string; services: { slug: string }[] }[] });
    expect(agents.agents.find((agent) => agent.displayName === 'Laure Bousquet')!.services.map((service) => service.slug).sort()).toEqual(['ccas', 'etat-civil']);
  });
});
