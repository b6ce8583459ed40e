import { tmpdir } from 'node:os';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, launchBrowser, startServer, type TestServer } from '@guichet/testing';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the API reference in a real browser', () => {
  it('lets a newcomer file a request on a demo procedure from /api/docs alone, under the platform’s own policy', async () => {
    const page = await browser.newPage({ locale: 'fr-FR' });
    const refused: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text());
    });
    page.on('requestfailed', (request) => refused.push(`${request.url()} ${request.failure()?.errorText}`));
    await page.goto(`http://libercourt.localhost:${server.port}/api/docs`);
    await page.getByRole('heading', { name: /API Guichet/ }).waitFor();
    expect(await page.title()).toBe('API Guichet — référence');

    // The operations are grouped by subject, folded: a newcomer opens the one they look for.
    await page.getByRole('heading', { name: /^Demandes \(usager\)/ }).click();
    await page.getByRole('button', { name: /POST\s*\/api\/demandes\s*Déposer une demande/ }).click();
    await page.getByText('lettre-information').first().waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    // The example shown is sent as it is.
    await page.getByRole('button', { name: 'Try it out' }).click();
    await page.getByRole('button', { name: 'Execute' }).click();
    const status = page.locator('.live-responses-table tbody .response-col_status').first();
    await status.waitFor();
    expect((await status.textContent())?.trim()).toBe('201');
    expect(await page.locator('.live-responses-table .microlight').first().textContent()).toMatch(/"reference": "[A-Z]+-\d{4}-\d+"/);
    await page.screenshot({ path: `${tmpdir()}/guichet-api-reference.png`, fullPage: true });

    expect(refused).toEqual([]);
    expect(await accessibilityViolations(page)).toEqual([]);
    // Swagger UI draws the subjects folded: with every operation unfolded (its default), it stopped
    // drawing after the first six of the 129, silently (swagger-ui-dist 5.35).
  }, 90_000);
});
