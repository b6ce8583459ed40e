import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, communeBySlug, restoreCommuneLogo, startJourney, type Journey } from '@guichet/testing';

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
      await page.getByRole('navigation', { name: 'Espace agents' }).getByRole('link', { name: 'Administration' }).click();
      await page.getByRole('heading', { level: 1, name: 'Administration de la commune' }).waitFor();
      expect(await accessibilityViolations(page)).toEqual([]);
      await page.getByRole('link', { name: 'Présentation' }).click();
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

  it('an administrator replaces the logo from the keyboard: a refusal said beside the field, then the new logo in the preview and on the portal', async () => {
    // Oignies, whose file's logo is put back at the end.
    const oignies = await communeBySlug(journey.server.databases.app, 'oignies');
    const { page } = await journey.open({ commune: 'oignies', agent: { email: 'logo.navigateur@oignies.example.fr', role: 'commune_admin', services: [] } });
    try {
      await page.goto(`${journey.portal('oignies')}/agent/administration/commune`);
      await page.getByRole('heading', { level: 1, name: 'Présentation de la commune' }).waitFor();
      const field = page.getByLabel('Logo (SVG ou PNG, 200 ko au plus)');
      const current = page.getByRole('img', { name: 'Logo actuel de la commune' });
      const before = await current.getAttribute('src');
      // Reached with the keyboard, after the tagline.
      await page.getByLabel('Slogan sous le nom (facultatif)').focus();
      await page.keyboard.press('Tab');
      expect(await field.evaluate((input) => input === document.activeElement)).toBe(true);

      await field.setInputFiles({ name: 'compte-rendu.txt', mimeType: 'text/plain', buffer: Buffer.from('Conseil municipal du 3 mars') });
      await page.locator('#presentation-logo-erreur').getByText('Le logo doit être une image SVG ou PNG.').waitFor();
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      expect(await field.getAttribute('aria-describedby')).toContain('presentation-logo-erreur');
      expect(await accessibilityViolations(page)).toEqual([]);
      await journey.screenshot(page, 'logo-refused');
      expect(await current.getAttribute('src')).toBe(before);

      const svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="document.title=1"><script>document.title=2</script><circle cx="5" cy="5" r="5" fill="#0b4f6c"/></svg>';
      await field.setInputFiles({ name: 'nouveau-logo.svg', mimeType: 'image/svg+xml', buffer: Buffer.from(svg) });
      await page.getByRole('status').getByText('Logo enregistré : le portail l’affiche désormais.').waitFor();
      expect(await page.locator('#presentation-logo-erreur').count()).toBe(0);
      const replaced = await current.getAttribute('src');
      expect(replaced).toMatch(/^\/api\/commune\/logo\?v=/);
      expect(replaced).not.toBe(before);
      const preview = page.getByRole('region', { name: 'Aperçu de l’en-tête du portail' }).locator('img');
      expect(await preview.getAttribute('src')).toBe(replaced);
      await expect.poll(() => preview.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0)).toBe(true);
      expect(await accessibilityViolations(page)).toEqual([]);
      await journey.screenshot(page, 'logo-replaced');

      await page.goto(`${journey.portal('oignies')}/`);
      const header = page.getByRole('banner').locator('img');
      expect(await header.getAttribute('src')).toBe(replaced);
      await expect.poll(() => header.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0)).toBe(true);
      const served = await page.evaluate(async (url) => (await fetch(url)).text(), replaced!);
      expect(served).toContain('<circle cx="5" cy="5" r="5" fill="#0b4f6c"/>');
      expect(served).not.toMatch(/script|onload/);
    } finally {
      await restoreCommuneLogo(journey.server.databases.app, oignies);
    }
  });

  it('an administrator creates a service, gives it an agent, renames it, and takes the agent out', async () => {
    const { page } = await journey.open({ commune: 'lavaur', agent: { email: 'services.navigateur@lavaur.example.fr', role: 'commune_admin', services: [] } });
    await page.goto(`${journey.portal('lavaur')}/agent`);
    await page.getByRole('navigation', { name: 'Espace agents' }).getByRole('link', { name: 'Administration' }).click();
    await page.getByRole('link', { name: 'Services' }).click();
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

  it('an administrator writes a reply template, and issues an Open311 key shown once, then revokes it', async () => {
    const { page } = await journey.open({ commune: 'carvin', agent: { email: 'reglages.navigateur@carvin.example.fr', role: 'commune_admin', services: [] } });
    await page.goto(`${journey.portal('carvin')}/agent/administration`);
    await page.getByRole('link', { name: 'Modèles de réponse' }).click();
    await page.getByRole('heading', { level: 1, name: 'Modèles de réponse' }).waitFor();
    const fresh = page.getByRole('region', { name: 'Nouveau modèle' });
    await fresh.getByLabel('Titre du modèle').fill('Encombrants (navigateur)');
    await fresh.getByLabel('Texte').fill('Bonjour {nom}, le ramassage de votre demande {reference} est prévu avant le {echeance}.');
    await fresh.getByRole('button', { name: 'Créer le modèle' }).click();
    await page.getByRole('status').getByText('Modèle « Encombrants (navigateur) » créé.').waitFor();
    const template = page.getByRole('region', { name: 'Encombrants (navigateur)' });
    await template.getByLabel('Texte').fill('Bonjour {nom}, le ramassage est prévu avant le {echeance}.');
    await template.getByRole('button', { name: 'Enregistrer le modèle Encombrants (navigateur)' }).click();
    await page.getByRole('status').getByText('Modèle « Encombrants (navigateur) » enregistré.').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await journey.screenshot(page, 'templates');

    await page.goto(`${journey.portal('carvin')}/agent/administration/open311`);
    await page.getByRole('heading', { level: 1, name: 'Clés d’API Open311' }).waitFor();
    await page.getByLabel('Client de la nouvelle clé').fill('Application de signalement (navigateur)');
    await page.getByRole('button', { name: 'Créer la clé' }).click();
    const key = await page.getByLabel('Clé', { exact: true }).inputValue();
    expect(key.length).toBeGreaterThan(20);
    const accepted = await page.evaluate(async (apiKey) => {
      const body = new URLSearchParams({ api_key: apiKey, service_code: 'inconnu' });
      return (await fetch('/open311/v2/requests.json', { method: 'POST', body })).status;
    }, key);
    // A live key passes: the unknown service is what is refused (404), not the key (403).
    expect(accepted).toBe(404);
    await page.getByRole('row', { name: /Application de signalement \(navigateur\).*Active/ }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await journey.screenshot(page, 'open311-key');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Révoquer la clé Application de signalement (navigateur)' }).click();
    await page.getByRole('status').getByText('Clé « Application de signalement (navigateur) » révoquée.').waitFor();
    expect(await page.getByLabel('Clé', { exact: true }).count()).toBe(0);
    const refused = await page.evaluate(async (apiKey) => {
      const body = new URLSearchParams({ api_key: apiKey, service_code: 'inconnu' });
      return (await fetch('/open311/v2/requests.json', { method: 'POST', body })).status;
    }, key);
    expect(refused).toBe(403);
  });

  it('an administrator adds a closure day to the calendar and removes it', async () => {
    const { page } = await journey.open({ commune: 'oignies', agent: { email: 'calendrier.navigateur@oignies.example.fr', role: 'commune_admin', services: [] } });
    await page.goto(`${journey.portal('oignies')}/agent/administration`);
    await page.getByRole('link', { name: 'Calendrier' }).click();
    await page.getByRole('heading', { level: 1, name: 'Calendrier de la commune' }).waitFor();
    await page.getByLabel('Jour à ajouter').fill('2031-07-15');
    await page.getByRole('button', { name: 'Ajouter ce jour' }).click();
    await page.getByRole('list', { name: 'Jours de fermeture' }).getByText('15 juillet 2031', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Enregistrer le calendrier' }).click();
    await page.getByRole('status').getByText('Calendrier enregistré : les prochaines échéances en tiennent compte.').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await journey.screenshot(page, 'calendar');
    await page.reload();
    await page.getByRole('button', { name: /Retirer le .*15 juillet 2031/ }).click();
    await page.getByRole('button', { name: 'Enregistrer le calendrier' }).click();
    await page.getByRole('status').getByText('Calendrier enregistré', { exact: false }).waitFor();
    const saved = await page.evaluate(async () => (await (await fetch('/api/agent/administration/calendrier')).json()) as { closures: string[] });
    expect(saved.closures).not.toContain('2031-07-15');
  });
});
