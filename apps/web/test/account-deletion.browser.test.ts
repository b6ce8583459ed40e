import { readFile } from 'node:fs/promises';
import { unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accessibilityViolations,
  agentSession,
  communeBySlug,
  httpClient,
  insertTestProcedure,
  readJson,
  startJourney,
  testProcedureDefinition,
  withCookie,
  type Journey,
  type TestServer,
} from '@guichet/testing';

let server: TestServer;
let journey: Journey;

beforeAll(async () => {
  journey = await startJourney('account-deletion');
  server = journey.server;
  await insertTestProcedure(server.databases.ownerClient, 'libercourt', 'test-suppression-navigateur', 'services-techniques', testProcedureDefinition());
});
afterAll(() => journey?.close());

async function expectAccessible(page: Page) {
  expect(await accessibilityViolations(page)).toEqual([]);
}

describe('deleting one’s account in a real browser', () => {
  it('clears what was typed as a password when the citizen turns to a mailed code', async () => {
    const { page, cookie } = await journey.open({ signedInAs: 'suppression.code.navigateur@example.fr' });
    expect((await withCookie(httpClient(server, 'libercourt'), cookie!).api.compte['mot-de-passe'].$put({ json: { newPassword: 'un mot de passe très solide' } })).status).toBe(200);
    await page.goto(`${journey.portal()}/mon-compte`);
    await page.getByText('Je veux supprimer mon compte').click();
    await page.getByLabel('Votre mot de passe').fill('un mot de passe très solide');
    await page.getByRole('button', { name: 'Mot de passe oublié ? Confirmer par un code e-mail' }).click();
    await page.getByText(/Un code vient de partir/).waitFor();
    expect(await page.getByLabel('Le code reçu par e-mail').inputValue()).toBe('');
    await expectAccessible(page);
  });

  it('gives the citizen their data, then asks for the password again, deletes the account and leaves the request with the mairie', async () => {
    const { page, cookie } = await journey.open({ signedInAs: 'suppression.navigateur@example.fr' });
    const citizen = withCookie(httpClient(server, 'libercourt'), cookie!);
    expect((await citizen.api.compte['mot-de-passe'].$put({ json: { newPassword: 'un mot de passe très solide' } })).status).toBe(200);
    const filed = await readJson(await citizen.api.demandes.$post({ json: { procedure: 'test-suppression-navigateur', values: { objet: 'Graffiti', nature: 'voirie' } } }));

    await page.goto(`${journey.portal()}/mon-compte`);
    // First, the citizen downloads their data: the archive holds the request.
    await page.getByRole('button', { name: 'Préparer l’archive de mes données' }).click();
    const ready = page.getByRole('link', { name: /^Télécharger mes données \(ZIP, / });
    await ready.waitFor({ timeout: 30_000 });
    expect(await accessibilityViolations(page)).toEqual([]);
    await journey.screenshot(page, 'export-ready');
    const download = page.waitForEvent('download');
    await ready.click();
    const archive = unzipSync(new Uint8Array(await readFile((await (await download).path())!)));
    const requests = JSON.parse(new TextDecoder().decode(archive['demandes/libercourt.json'])).requests;
    expect(requests.map((request: { reference: string }) => request.reference)).toEqual([filed.reference]);

    await page.getByRole('heading', { name: 'Supprimer mon compte' }).waitFor();
    await page.getByText('Je veux supprimer mon compte').click();
    await page.getByLabel('Votre mot de passe').fill('pas le bon');
    await page.getByRole('button', { name: 'Supprimer définitivement mon compte' }).click();
    await page.getByText('Le mot de passe ou le code saisi est incorrect.').waitFor();
    await expectAccessible(page);
    await journey.screenshot(page, 'wrong-password');
    expect((await citizen.api.compte.$get()).status).toBe(200);

    await page.getByLabel('Votre mot de passe').fill('un mot de passe très solide');
    await page.getByRole('button', { name: 'Supprimer définitivement mon compte' }).click();
    await page.getByText('Votre compte est supprimé.').waitFor();
    await page.getByRole('banner').getByRole('link', { name: 'Se connecter' }).waitFor();
    await expectAccessible(page);
    await journey.screenshot(page, 'deleted');

    // The mairie still has the request; the old session reaches nothing.
    expect((await citizen.api.demandes.$get()).status).toBe(401);
    const libercourt = await communeBySlug(server.databases.app, 'libercourt');
    const agent = withCookie(
      httpClient(server, 'libercourt'),
      (await agentSession(server.databases.app, libercourt, { email: 'suppression.agent@libercourt.example.fr', role: 'agent', services: ['services-techniques'] })).cookie,
    );
    const kept = await agent.api.agent.demandes[':id'].$get({ param: { id: filed.id } });
    expect(kept.status).toBe(200);
    expect((await readJson(kept)).reference).toBe(filed.reference);
  });

  it('with FranceConnect: signs in there again (even with its session open), refuses another identity, and deletes', async () => {
    // In Lavaur (the other EPCI), where no other suite signs Lucas in: his account is this test's alone.
    const lavaur = journey.portal('lavaur');
    const { page } = await journey.open();
    await page.goto(`${lavaur}/connexion`);
    await page.getByRole('link', { name: 'S’identifier avec FranceConnect' }).click();
    await page.getByRole('button', { name: /Lucas HOARAU/ }).click();
    await page.waitForURL(`${lavaur}/mon-compte`);

    // The address edited to drop the fresh sign-in: FranceConnect answers from its open session,
    // which proves nothing, and the account stays.
    const started = await page.evaluate(async () => (await (await fetch('/api/compte/suppression/franceconnect', { method: 'POST' })).json()) as { redirect: string });
    const stripped = new URL(started.redirect);
    stripped.searchParams.delete('prompt');
    stripped.searchParams.delete('max_age');
    await page.goto(stripped.href);
    await page.waitForURL(`${lavaur}/mon-compte?erreur=identity_mismatch`);

    // Someone else's FranceConnect proves nothing: the account stays, and the page says why.
    await page.getByText('Je veux supprimer mon compte').click();
    await page.getByRole('button', { name: 'Supprimer mon compte avec FranceConnect' }).click();
    // FranceConnect asks who signs in although its session is still open (prompt=login).
    await page.getByRole('heading', { name: 'FranceConnect (démo)' }).waitFor();
    await page.getByRole('button', { name: /Jean DUPONT/ }).click();
    await page.waitForURL(`${lavaur}/mon-compte?erreur=identity_mismatch`);
    await page.getByRole('alert').getByText('Cette identité FranceConnect n’est pas celle de votre compte.').waitFor();
    await expectAccessible(page);
    await journey.screenshot(page, 'franceconnect-mismatch');

    await page.getByText('Je veux supprimer mon compte').click();
    await page.getByRole('button', { name: 'Supprimer mon compte avec FranceConnect' }).click();
    await page.getByRole('button', { name: /Lucas HOARAU/ }).click();
    await page.waitForURL(`${lavaur}/compte-supprime`);
    await page.getByText('Votre compte est supprimé.').waitFor();
    await expectAccessible(page);
    await journey.screenshot(page, 'franceconnect-deleted');
    await page.goto(`${lavaur}/mon-compte`);
    await page.waitForURL(/\/connexion/);
  });
});
