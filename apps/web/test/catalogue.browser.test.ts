import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
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

describe('Démarches en ligne in a real browser', () => {
  it('leads from the home page to the catalogue, searches it, and opens a procedure', async () => {
    const page = await browser.newPage({ locale: 'fr-FR' });
    await page.goto(`http://libercourt.localhost:${server.port}/`);
    await page.getByRole('link', { name: 'Démarches en ligne', exact: true }).click();

    await page.getByRole('heading', { level: 1, name: 'Démarches en ligne' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'État civil' }).waitFor();
    expect(await page.title()).toBe('Démarches en ligne – Portail citoyen – Libercourt');
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByRole('searchbox', { name: 'Rechercher une démarche' }).fill('etat civil naissance');
    await page.getByRole('status').getByText('Aucune démarche ne correspond à « etat civil naissance ».').waitFor();
    await page.getByRole('searchbox', { name: 'Rechercher une démarche' }).fill('acte de naissance');
    await page.getByRole('status').getByText(/^\d+ démarches? pour « acte de naissance »$/).waitFor();
    expect(await page.getByRole('link', { name: 'Signaler un problème de voirie' }).count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    // A straight apostrophe finds a curly one, a hyphen a space (as « nid de poule » finds « Nid-de-poule »).
    await page.getByRole('searchbox', { name: 'Rechercher une démarche' }).fill("EXTRAIT D'ACTE");
    await page.getByRole('link', { name: 'Copie ou extrait d’acte de naissance' }).waitFor();
    await page.getByRole('searchbox', { name: 'Rechercher une démarche' }).fill('nid de poule');
    await page.getByRole('link', { name: 'Signaler un problème de voirie' }).waitFor();
    await page.getByRole('searchbox', { name: 'Rechercher une démarche' }).fill('acte de naissance');

    await page.getByRole('link', { name: 'Copie ou extrait d’acte de naissance' }).click();
    await page.getByRole('heading', { level: 1, name: 'Copie ou extrait d’acte de naissance' }).waitFor();
    expect(page.url()).toBe(`http://libercourt.localhost:${server.port}/demarches/copie-acte-naissance`);
    const main = page.getByRole('main');
    await main.getByText('Délai annoncé : 5 jours ouvrés').waitFor();
    expect(await main.textContent()).toContain('Gratuit');
    expect(await page.getByRole('heading', { level: 2, name: 'Les étapes' }).isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: 'Faire la demande' }).getAttribute('href')).toBe('/demarches/copie-acte-naissance/demande');
    expect(await page.title()).toBe('Copie ou extrait d’acte de naissance – Portail citoyen – Libercourt');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.close();
  });

  it('says so when a procedure does not exist', async () => {
    const page = await browser.newPage({ locale: 'fr-FR' });
    await page.goto(`http://carvin.localhost:${server.port}/demarches/question-urbanisme`);
    await page.getByRole('heading', { level: 1, name: 'Démarche introuvable' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.close();
  });
});
