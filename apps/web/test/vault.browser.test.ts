import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formSchema } from '@guichet/forms';
import {
  accessibilityViolations,
  agentSession,
  communeBySlug,
  httpClient,
  insertTestProcedure,
  readJson,
  samplePdf,
  startJourney,
  testProcedureDefinition,
  withCookie,
  type Journey,
  type TestServer,
} from '@guichet/testing';

let server: TestServer;
let journey: Journey;

const proofForm = formSchema.parse({
  fields: [
    { kind: 'text', key: 'objet', label: 'Objet de la demande', required: true },
    { kind: 'file', key: 'justificatif', label: 'Justificatif de domicile', required: true, accept: ['application/pdf'] },
  ],
});

beforeAll(async () => {
  journey = await startJourney('vault');
  server = journey.server;
  const definition = testProcedureDefinition({ title: 'Inscription avec justificatif', form: proofForm, anonymousAllowed: false, routing: [], priorityRules: [] });
  await insertTestProcedure(server.databases.ownerClient, 'libercourt', 'test-coffre-fort-justificatif', 'etat-civil', definition);
});
afterAll(() => journey?.close());

async function expectAccessible(page: Page) {
  expect(await accessibilityViolations(page)).toEqual([]);
}

/** A date `days` from today, as a date input takes it. */
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('the coffre-fort in a real browser', () => {
  it('keeps a document with its expiry, refuses a bad one in French, downloads and deletes after confirmation', async () => {
    const { page } = await journey.open({ signedInAs: 'coffre.navigateur@example.fr' });
    await page.goto(`${journey.portal()}/coffre-fort`);
    await page.getByText('Votre coffre-fort est vide.').waitFor();
    await expectAccessible(page);

    // No title, and a text file named .pdf: both refused beside their fields, nothing kept.
    await page.getByLabel('Fichier').setInputFiles({ name: 'faux.pdf', mimeType: 'application/pdf', buffer: Buffer.from('pas un PDF') });
    await page.getByRole('button', { name: 'Ajouter au coffre-fort' }).click();
    await page.getByRole('link', { name: 'Donnez un titre au document.' }).waitFor();
    await expectAccessible(page);
    await page.getByLabel('Titre du document').fill('Attestation');
    await page.getByRole('button', { name: 'Ajouter au coffre-fort' }).click();
    await page.getByText(/format/i).first().waitFor();
    expect(await page.getByText('Votre coffre-fort est vide.').isVisible()).toBe(true);

    await page.getByLabel('Titre du document').fill('Carte d’identité');
    await page.getByLabel('Date d’expiration (facultatif)').fill(inDays(10));
    await page.getByLabel('Fichier').setInputFiles({ name: 'carte.pdf', mimeType: 'application/pdf', buffer: samplePdf('Carte') });
    await page.getByRole('button', { name: 'Ajouter au coffre-fort' }).click();
    await page.getByText('« Carte d’identité » est dans votre coffre-fort.').waitFor();
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Carte d’identité' }) });
    await card.waitFor();
    expect(await card.textContent()).toContain('Expire bientôt');
    expect(await page.getByLabel('Titre du document').inputValue()).toBe('');
    await expectAccessible(page);
    await journey.screenshot(page, 'list');

    const download = page.waitForEvent('download');
    await card.getByRole('link', { name: 'Télécharger « Carte d’identité »' }).click();
    expect((await download).suggestedFilename()).toBe('carte.pdf');

    await card.getByRole('button', { name: 'Supprimer « Carte d’identité »' }).click();
    await card.getByText('Supprimer définitivement « Carte d’identité » ?').waitFor();
    // The focus follows the question, and comes back when it is cancelled.
    await page.waitForFunction(() => document.activeElement?.textContent?.trim() === 'Oui, supprimer');
    await expectAccessible(page);
    await journey.screenshot(page, 'delete-confirmation');
    await card.getByRole('button', { name: 'Annuler' }).click();
    await page.waitForFunction(() => document.activeElement?.textContent?.startsWith('Supprimer') === true);
    await card.getByRole('button', { name: 'Supprimer « Carte d’identité »' }).click();
    await card.getByRole('button', { name: 'Oui, supprimer' }).click();
    await page.getByText('« Carte d’identité » est supprimé.').waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'documents-titre');
    await page.getByText('Votre coffre-fort est vide.').waitFor();
  });

  it('joins a vault document to a filing from the file field, and the agent receives it', async () => {
    const { page, cookie } = await journey.open({ signedInAs: 'coffre.depot@example.fr' });
    await page.goto(`${journey.portal()}/coffre-fort`);
    await page.getByLabel('Titre du document').fill('Facture d’électricité');
    await page.getByLabel('Fichier').setInputFiles({ name: 'facture.pdf', mimeType: 'application/pdf', buffer: samplePdf('Facture') });
    await page.getByRole('button', { name: 'Ajouter au coffre-fort' }).click();
    await page.getByText('« Facture d’électricité » est dans votre coffre-fort.').waitFor();

    await page.goto(`${journey.portal()}/demarches/test-coffre-fort-justificatif/demande`);
    await page.getByLabel('Objet de la demande').fill('Inscription à la cantine');
    await page.getByRole('button', { name: 'Choisir dans mon coffre-fort' }).click();
    await page.getByRole('button', { name: 'Joindre « Facture d’électricité »' }).click();
    await page.getByRole('list', { name: 'Fichiers joints : Justificatif de domicile' }).getByText('facture.pdf', { exact: true }).waitFor();
    await expectAccessible(page);
    await journey.screenshot(page, 'picked');
    await page.getByRole('button', { name: 'Continuer' }).click();
    await page.getByRole('button', { name: 'Envoyer ma demande' }).click();
    await page.getByRole('heading', { level: 1, name: 'Votre demande est envoyée' }).waitFor();

    const mine = await readJson(await withCookie(httpClient(server, 'libercourt'), cookie!).api.demandes.$get());
    const filed = mine.requests[0];
    const libercourt = await communeBySlug(server.databases.app, 'libercourt');
    const agent = withCookie(
      httpClient(server, 'libercourt'),
      (await agentSession(server.databases.app, libercourt, { email: 'coffre.agent@libercourt.example.fr', role: 'agent', services: ['etat-civil'] })).cookie,
    );
    const files = await readJson(await agent.api.agent.demandes[':id']['pieces-jointes'].$get({ param: { id: filed.id } }));
    expect(files.attachments).toEqual([expect.objectContaining({ filename: 'facture.pdf', mediaType: 'application/pdf' })]);
  });

  it('sends a signed-out visitor to sign in, and back', async () => {
    const { page } = await journey.open();
    await page.goto(`${journey.portal()}/coffre-fort`);
    await page.waitForURL(/\/connexion\?retour=%2Fcoffre-fort$/);
  });
});
