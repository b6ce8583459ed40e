import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, launchBrowser, requestWithHost, startServer, type TestServer } from '@guichet/testing';

const webDistDir = fileURLToPath(new URL('../dist', import.meta.url));
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ webDistDir });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Chromium resolves every *.localhost name to loopback, as a citizen's browser would. */
async function open(slug: string) {
  const page = await browser.newPage({ locale: 'fr-FR' });
  await page.goto(`http://${slug}.localhost:${server.port}/`);
  return page;
}

describe('the commune portal in a real browser', () => {
  it("shows each commune's name, logo and colours", async () => {
    const seen = [];
    const communes = [
      ['libercourt', 'Libercourt', 'de Libercourt'],
      ['carvin', 'Carvin', 'de Carvin'],
      ['oignies', 'Oignies', 'd’Oignies'],
    ] as const;
    for (const [slug, name, ofName] of communes) {
      const page = await open(slug);
      await page.getByRole('heading', { level: 1, name: `Bienvenue sur le portail citoyen ${ofName}` }).waitFor();
      const header = page.getByRole('banner');
      expect(await header.textContent()).toContain(name);
      const logo = header.locator('img');
      await expect.poll(() => logo.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0)).toBe(true);
      seen.push(await header.evaluate((element) => getComputedStyle(element).backgroundColor));
      expect(await page.title()).toBe(`Portail citoyen – ${name}`);
      await page.screenshot({ path: `${tmpdir()}/guichet-portal-${slug}.png` });
      await page.close();
    }
    expect(seen).toEqual(['rgb(27, 107, 69)', 'rgb(163, 19, 43)', 'rgb(31, 31, 31)']);
  });

  it("lists the commune's own services only", async () => {
    const page = await open('carvin');
    await page.getByRole('heading', { name: 'Les services de la mairie' }).waitFor();
    await page.getByText('Police municipale').waitFor();
    const text = await page.locator('main').textContent();
    expect(text).not.toContain('Culture et sports');
    await page.close();
  });

  it('lists member communes on the EPCI console with links to their portals', async () => {
    const page = await open('agglo-henin-carvin');
    await page.getByRole('heading', { name: 'Communes membres' }).waitFor();
    expect(await page.getByRole('link', { name: 'se connecter à la console' }).getAttribute('href')).toBe('/console/connexion');
    const link = page.getByRole('link', { name: 'Ouvrir le portail citoyen d’Oignies' });
    expect(await link.getAttribute('href')).toBe(`http://oignies.localhost:${server.port}/`);
    await link.click();
    await page.getByRole('heading', { level: 1, name: /Oignies/ }).waitFor();
    await page.close();
  });

  it('has no WCAG 2.1 AA violation that axe can detect', async () => {
    const page = await open('libercourt');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByText('État civil').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.close();
  });

  it('links the pages the law asks for from the footer, each the commune’s own', async () => {
    const page = await open('oignies');
    const footer = page.getByRole('contentinfo');
    const pages = [
      ['Accessibilité : non conforme', 'Déclaration d’accessibilité', 'non conforme'],
      ['Mentions légales', 'Mentions légales', 'Mairie d’Oignies'],
      ['Données personnelles', 'Données personnelles', 'La mairie d’Oignies est responsable du traitement'],
    ] as const;
    for (const [link, title, text] of pages) {
      await footer.getByRole('link', { name: link }).click();
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      expect(await page.getByRole('main').textContent()).toContain(text);
      expect(await page.title()).toBe(`${title} – Portail citoyen – Oignies`);
      expect(await accessibilityViolations(page)).toEqual([]);
      await page.screenshot({ path: `${tmpdir()}/guichet-portal-${link.split(' ')[0]!.toLowerCase()}.png`, fullPage: true });
    }
    // A real address: the server knows these pages.
    expect((await requestWithHost(`${server.origin}/accessibilite`, { host: `oignies.localhost:${server.port}` })).status).toBe(200);
    await page.close();
  });
});
