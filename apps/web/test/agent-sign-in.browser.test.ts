import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Secret, TOTP } from 'otpauth';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agents, withTenant } from '@guichet/db';
import { hashPassword } from '@guichet/identity';
import { accessibilityViolations, communeBySlug, launchBrowser, startServer, type TestServer } from '@guichet/testing';

const webDistDir = fileURLToPath(new URL('../dist', import.meta.url));
const password = 'une phrase de passe de test';
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

async function administrator(name: string) {
  const libercourt = await communeBySlug(server.databases.app, 'libercourt');
  const email = `admin-${randomUUID().slice(0, 8)}@libercourt.example.fr`;
  const passwordHash = await hashPassword(password);
  await withTenant(server.databases.app, libercourt.id, (tx) =>
    tx.insert(agents).values({ tenantId: libercourt.id, email, displayName: name, role: 'commune_admin', passwordHash }),
  );
  return email;
}

async function open(path: string): Promise<Page> {
  const page = await browser.newPage({ locale: 'fr-FR' });
  await page.goto(`http://libercourt.localhost:${server.port}${path}`);
  return page;
}

describe('agent sign-in in a real browser', () => {
  it('signs an administrator in with password and TOTP and reaches the back office', async () => {
    const email = await administrator('Sandrine Delcourt');
    const page = await open('/agent/connexion');
    await page.getByRole('heading', { level: 1, name: 'Connexion à l’espace agents' }).waitFor();
    await page.getByLabel('Adresse e-mail professionnelle').fill(email);
    await page.getByLabel('Mot de passe', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Continuer' }).click();

    await page.getByRole('heading', { name: 'Associez une application d’authentification' }).waitFor();
    const qr = page.getByRole('img', { name: 'QR code à scanner avec votre application d’authentification' });
    await expect.poll(() => qr.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0)).toBe(true);
    const secret = (await page.locator('.totp-secret').textContent())!.replace(/\s/g, '');
    expect(await accessibilityViolations(page)).toEqual([]);
    const code = TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });
    await page.getByLabel('Code à 6 chiffres').fill(code);
    await page.getByRole('button', { name: 'Activer et me connecter' }).click();

    await page.getByRole('heading', { level: 1, name: 'Bonjour Sandrine Delcourt' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/agent');
    expect(await page.locator('main').textContent()).toContain('Administrateur de la commune');
    await page.screenshot({ path: `${tmpdir()}/guichet-agent-home.png` });

    await page.getByRole('link', { name: 'Administration', exact: true }).click();
    await page.getByRole('link', { name: 'Agents', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Agents de la commune' }).waitFor();
    await page.getByRole('rowheader', { name: /Nathalie Dufresne/ }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.getByRole('heading', { level: 1, name: 'Connexion à l’espace agents' }).waitFor();
    await page.close();
  });

  it('says so when the password is wrong', async () => {
    const email = await administrator('Paul Vandamme');
    const page = await open('/agent/connexion');
    await page.getByLabel('Adresse e-mail professionnelle').fill(email);
    await page.getByLabel('Mot de passe', { exact: true }).fill('pas le bon mot de passe');
    await page.getByRole('button', { name: 'Continuer' }).click();
    await page.getByRole('alert').getByText('Adresse e-mail ou mot de passe incorrect.').waitFor();
    await page.close();
  });

  it('has no WCAG 2.1 AA violation that axe can detect on /agent/connexion', async () => {
    const page = await open('/agent/connexion');
    await page.getByRole('button', { name: 'Continuer' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.close();
    // Carvin's page also offers its identity provider.
    const carvin = await browser.newPage({ locale: 'fr-FR' });
    await carvin.goto(`http://carvin.localhost:${server.port}/agent/connexion`);
    await carvin.getByRole('link', { name: 'Se connecter avec ProConnect' }).waitFor();
    expect(await accessibilityViolations(carvin)).toEqual([]);
    // A full navigation to the provider, not a page of the web app's router.
    await carvin.getByRole('link', { name: 'Se connecter avec ProConnect' }).click();
    await carvin.waitForURL((url) => url.host !== `carvin.localhost:${server.port}`);
    await carvin.close();
  });
});
