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

/** A fresh browser profile (no cookies) on a commune's portal; Chromium resolves *.localhost to loopback. */
async function open(slug: string, path: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'fr-FR' });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await page.goto(`http://${slug}.localhost:${server.port}${path}`);
  return page;
}

describe('a citizen signing in on a commune portal, in a real browser', () => {
  it('signs in with FranceConnect (démo) and lands on the account page showing the verified identity', async () => {
    const page = await open('libercourt', '/');
    await page.getByRole('banner').getByRole('link', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { level: 1, name: 'Se connecter' }).waitFor();

    await page.getByRole('link', { name: 'S’identifier avec FranceConnect' }).click();
    await page.getByRole('heading', { name: 'FranceConnect (démo)' }).waitFor();
    await page.getByRole('button', { name: /Jean DUPONT/ }).click();

    await page.waitForURL(`http://libercourt.localhost:${server.port}/mon-compte`);
    await page.getByText('Identité vérifiée par FranceConnect').waitFor();
    const identity = page.getByRole('region', { name: 'Mon identité' });
    expect(await identity.textContent()).toContain('DUPONT');
    expect(await identity.textContent()).toContain('12 mars 1984');
    await page.getByRole('banner').getByRole('link', { name: 'Mon compte' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    // The header's "Se déconnecter" ends the FranceConnect session too, and comes back home.
    await page.getByRole('banner').getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForURL(`http://libercourt.localhost:${server.port}/`);
    await page.getByRole('banner').getByRole('link', { name: 'Se connecter' }).waitFor();
    await page.context().close();
  });

  it('signs up, follows the link from the development mailbox, then signs in with the password', async () => {
    const email = 'navigateur@example.org';
    const page = await open('carvin', '/inscription');
    await page.getByLabel('Adresse e-mail', { exact: true }).fill(email);
    await page.getByLabel('Mot de passe', { exact: true }).fill('une phrase de passe solide');
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    // Consent is required: the error is tied to its box.
    const consent = page.getByRole('checkbox', { name: /conditions d’utilisation/ });
    await page.getByText('Vous devez accepter les conditions d’utilisation pour créer un compte.').first().waitFor();
    expect(await consent.getAttribute('aria-invalid')).toBe('true');
    await consent.check();
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await page.getByRole('heading', { name: 'Vérifiez votre messagerie' }).waitFor();

    await server.mailbox.waitFor((mail) => mail.to.includes(email), 15_000);
    await page.goto(`http://carvin.localhost:${server.port}/dev/courriels`);
    const mail = page.getByRole('article').filter({ hasText: email }).first();
    await mail.getByRole('link', { name: /verifier-email/ }).click();
    await page.getByText('Votre adresse e-mail est confirmée').waitFor();

    await page.getByRole('link', { name: 'Se connecter' }).last().click();
    await page.getByLabel('Adresse e-mail', { exact: true }).fill(email);
    await page.getByLabel('Mot de passe', { exact: true }).fill('une phrase de passe solide');
    await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
    await page.waitForURL(`http://carvin.localhost:${server.port}/mon-compte`);
    await page.getByText('Votre identité n’est pas vérifiée.').waitFor();
    await page.context().close();
  });

  it('links each field error to its field and moves the focus to the summary', async () => {
    const page = await open('libercourt', '/connexion');
    await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
    const summary = page.locator('.notice--error').first();
    await summary.waitFor();
    expect(await summary.evaluate((element) => element === document.activeElement)).toBe(true);
    const email = page.getByLabel('Adresse e-mail', { exact: true });
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await email.getAttribute('aria-describedby'))!;
    expect(await page.locator(`#${describedBy}`).textContent()).toBe('Saisissez votre adresse e-mail.');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('shows a FranceConnect refusal in French on the sign-in page', async () => {
    const page = await open('libercourt', '/connexion?erreur=cancelled');
    await page.getByRole('alert').getByText('La connexion avec FranceConnect a été annulée.', { exact: false }).waitFor();
    await page.context().close();
  });

  it('has no WCAG 2.1 AA violation that axe can detect on the sign-in and sign-up pages', async () => {
    for (const path of ['/connexion', '/inscription', '/mot-de-passe-oublie']) {
      const page = await open('libercourt', path);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.getByRole('link', { name: 'S’identifier avec FranceConnect' }).or(page.getByRole('button', { name: 'Recevoir un lien' })).first().waitFor();
      expect(await accessibilityViolations(page), path).toEqual([]);
      await page.context().close();
    }
  });

  it('offers FranceConnect first, then « ou », then the e-mail form, on the sign-in and sign-up pages', async () => {
    for (const [path, emailHeading] of [
      ['/connexion', 'Avec votre adresse e-mail'],
      ['/inscription', 'Avec une adresse e-mail et un mot de passe'],
    ] as const) {
      const page = await open('libercourt', path);
      await page.getByRole('link', { name: 'S’identifier avec FranceConnect' }).waitFor();
      const text = (await page.getByRole('main').innerText()).replace(/\s+/g, ' ');
      const order = [text.indexOf('S’identifier avec FranceConnect'), text.indexOf(' ou '), text.indexOf(emailHeading)];
      expect(order.every((position) => position >= 0), path).toBe(true);
      expect([...order].sort((a, b) => a - b), path).toEqual(order);
      const explanation = text.indexOf('FranceConnect est la solution proposée par l’État');
      expect(explanation >= 0 && explanation < order[0]!, path).toBe(true);
      expect(await page.getByRole('link', { name: 'Qu’est-ce que FranceConnect ?' }).isVisible()).toBe(true);
      await page.context().close();
    }
  });
});
