import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, launchBrowser, startServer, type TestServer } from '@guichet/testing';

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

describe('Page introuvable in a real browser', () => {
  it('answers an unknown address with 404 and a page that leads back to the home page and the démarches', async () => {
    const page = await browser.newPage({ locale: 'fr-FR' });
    const response = await page.goto(`http://libercourt.localhost:${server.port}/ancienne-page`);
    expect(response?.status()).toBe(404);
    await page.getByRole('heading', { level: 1, name: 'Page introuvable' }).waitFor();
    expect(await page.title()).toBe('Page introuvable – Portail citoyen – Libercourt');
    expect(await page.getByRole('link', { name: 'Retour à l’accueil' }).getAttribute('href')).toBe('/');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: `${tmpdir()}/guichet-page-introuvable.png`, fullPage: true });

    await page.getByRole('link', { name: 'Voir les démarches en ligne' }).click();
    await page.getByRole('heading', { level: 1, name: 'Démarches en ligne' }).waitFor();
    await page.close();
  });

  it('says the same on an EPCI console, without démarches to offer', async () => {
    const page = await browser.newPage({ locale: 'fr-FR' });
    const response = await page.goto(`http://agglo-henin-carvin.localhost:${server.port}/demarches/copie-acte-naissance`);
    expect(response?.status()).toBe(404);
    await page.getByRole('heading', { level: 1, name: 'Page introuvable' }).waitFor();
    expect(await page.title()).toMatch(/^Page introuvable – Console intercommunale – /);
    expect(await page.getByRole('link', { name: 'Voir les démarches en ligne' }).count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    // A citizen's page is a portal's: the console shows none of it.
    const mine = await page.goto(`http://agglo-henin-carvin.localhost:${server.port}/mes-demandes`);
    expect(mine?.status()).toBe(404);
    await page.getByRole('heading', { level: 1, name: 'Page introuvable' }).waitFor();
    await page.close();
  });
});

/** What the build says each file holds (apps/web/build/first-load-budget.ts). */
const report: { files: Record<string, string[]> } = JSON.parse(readFileSync(fileURLToPath(new URL('../dist/.vite/first-load.json', import.meta.url)), 'utf8'));
/** The agents' and the console's pages and what they use; their routes' tables only name the pages to load. */
const staffCode = (module: string) =>
  (/^src\/routes\/(?:agent|console)\//.test(module) && !module.endsWith('/index.tsx')) || module === 'src/routes/epci-console.tsx';

/** The source modules of every script the page downloaded while `visit` ran. */
async function modulesDownloaded(page: Page, visit: () => Promise<void>): Promise<string[]> {
  const scripts: string[] = [];
  page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.startsWith('/assets/') && pathname.endsWith('.js')) scripts.push(pathname.slice(1));
  });
  await visit();
  return scripts.flatMap((file) => report.files[file] ?? [`unknown file ${file}`]);
}

describe('a light portal', () => {
  it('loads neither the agents’ nor the console’s code on the citizen home and the catalogue', async () => {
    const page = await browser.newPage({ locale: 'fr-FR' });
    const home = await modulesDownloaded(page, async () => {
      await page.goto(`http://libercourt.localhost:${server.port}/`);
      await page.getByRole('heading', { level: 1, name: 'Bienvenue sur le portail citoyen de Libercourt' }).waitFor();
    });
    expect(home).toContain('src/routes/commune-home.tsx');
    expect(home.filter(staffCode)).toEqual([]);

    const catalogue = await modulesDownloaded(page, async () => {
      await page.goto(`http://libercourt.localhost:${server.port}/demarches`);
      await page.getByRole('heading', { level: 2, name: 'État civil' }).waitFor();
    });
    expect(catalogue).toContain('src/routes/catalogue/catalogue-page.tsx');
    expect(catalogue.filter(staffCode)).toEqual([]);
    await page.close();
  });
});
