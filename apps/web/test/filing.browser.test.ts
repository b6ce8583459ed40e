import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formSchema } from '@guichet/forms';
import {
  accessibilityViolations,
  browserJourney,
  httpClient,
  insertTestProcedure,
  launchBrowser,
  samplePdf,
  startServer,
  testProcedureDefinition,
  withCookie,
  type JourneyPageOptions,
  type TestServer,
} from '@guichet/testing';

const webDistDir = fileURLToPath(new URL('../dist', import.meta.url));
let server: TestServer;
let browser: Browser;

/** A long form: three sections, a conditional field, a repeatable group whose dates the server checks. */
const familyForm = formSchema.parse({
  fields: [
    { kind: 'heading', key: 'foyer', label: 'Votre foyer' },
    {
      kind: 'choice',
      key: 'situation',
      label: 'Vous vivez',
      required: true,
      options: [
        { value: 'seul', label: 'Seul ou seule' },
        { value: 'couple', label: 'En couple' },
      ],
    },
    { kind: 'text', key: 'conjoint', label: 'Nom et prénoms du conjoint', required: true, visibleWhen: { field: 'situation', equals: 'couple' } },
    { kind: 'phone', key: 'telephone', label: 'Téléphone', required: true },
    { kind: 'heading', key: 'sectionEnfants', label: 'Vos enfants' },
    {
      kind: 'group',
      key: 'enfants',
      label: 'Enfants à charge',
      itemLabel: 'Enfant',
      required: true,
      fields: [
        { kind: 'text', key: 'prenom', label: 'Prénom', required: true },
        { kind: 'date', key: 'naissance', label: 'Date de naissance', required: true, max: { daysFromToday: 0 } },
      ],
    },
    { kind: 'heading', key: 'engagement', label: 'Engagement' },
    { kind: 'consent', key: 'attestation', label: 'Attestation', required: true, text: 'Je certifie l’exactitude de ces informations.' },
  ],
});

/** One PDF only and an address, open to anonymous filing. */
const proofForm = formSchema.parse({
  fields: [
    { kind: 'text', key: 'objet', label: 'Objet de la demande', required: true },
    { kind: 'address', key: 'logement', label: 'Adresse du logement' },
    { kind: 'file', key: 'justificatif', label: 'Justificatif', required: true, accept: ['application/pdf'] },
  ],
});

beforeAll(async () => {
  server = await startServer({ webDistDir });
  browser = await launchBrowser();
  journey = browserJourney(server, browser, 'filing');
  const owner = server.databases.ownerClient;
  const shared = { routing: [], priorityRules: [], delayDays: 10 };
  await insertTestProcedure(owner, 'libercourt', 'test-foyer', 'etat-civil', testProcedureDefinition({ ...shared, title: 'Déclaration du foyer', form: familyForm, anonymousAllowed: false }));
  await insertTestProcedure(owner, 'libercourt', 'test-envoi-justificatif', 'etat-civil', testProcedureDefinition({ ...shared, title: 'Envoi d’un justificatif', form: proofForm, anonymousAllowed: true }));
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

let journey: ReturnType<typeof browserJourney>;
const portal = (slug: string) => journey.portal(slug);
const screenshot = (page: Page, name: string) => journey.screenshot(page, name);
const openPage = (options: JourneyPageOptions = {}) => journey.open(options);

const isFocused = (page: Page, selector: string) => page.locator(selector).evaluate((element) => element === document.activeElement);

/** The citizen's requests in Libercourt, through the API. */
async function requestsOf(cookie: string) {
  const response = await withCookie(httpClient(server, 'libercourt'), cookie).api.demandes.$get();
  if (response.status !== 200) throw new Error(`GET /api/demandes answered ${response.status}`);
  return (await response.json()).requests;
}

/** How the page must word a due date: the Paris day, weekday first, "1er" for the first. */
function inWords(instant: string): string {
  const format = new Intl.DateTimeFormat('fr-FR', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' });
  return format.format(new Date(instant)).replace(/^(\S+) 1 /, '$1 1er ');
}

describe('filing a request in a real browser', () => {
  it('signs in from the form, files a demo procedure step by step, reviews it and sees the reference and the due date in words', async () => {
    const { page, context } = await openPage();
    await page.goto(`${portal('libercourt')}/demarches/copie-acte-naissance/demande`);
    await page.getByRole('heading', { level: 1, name: 'Copie ou extrait d’acte de naissance' }).waitFor();
    await page.getByRole('heading', { name: 'Connectez-vous pour faire cette demande' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'sign-in-invitation');

    // FranceConnect brings the citizen back to the form, not to their account.
    await page.getByRole('main').getByRole('link', { name: 'Se connecter', exact: true }).click();
    await page.getByRole('link', { name: 'S’identifier avec FranceConnect' }).click();
    await page.getByRole('heading', { name: 'FranceConnect (démo)' }).waitFor();
    await page.getByRole('button', { name: /Jean DUPONT/ }).click();
    await page.waitForURL(`${portal('libercourt')}/demarches/copie-acte-naissance/demande`);

    // Step 1; the parents' section only exists for the documents that carry filiation.
    const stepTitle = page.getByRole('heading', { level: 2, name: /^Étape \d sur \d/ });
    await page.getByRole('heading', { level: 2, name: 'Étape 1 sur 4 : Le document demandé' }).waitFor();
    expect(await page.title()).toBe('Étape 1 sur 4 : Le document demandé – Copie ou extrait d’acte de naissance – Portail citoyen – Libercourt');
    await page.getByRole('radio', { name: 'Copie intégrale' }).check();
    await page.getByRole('heading', { level: 2, name: 'Étape 1 sur 5 : Le document demandé' }).waitFor();
    await page.getByLabel('Nombre d’exemplaires').fill('2');
    await page.getByRole('group', { name: /^Vous êtes/ }).getByRole('radio', { name: 'La personne concernée' }).check();
    expect(await page.getByLabel('Nombre d’exemplaires').getAttribute('aria-required')).toBe('true');
    expect(await page.getByRole('group', { name: /^Document/ }).textContent()).toContain('(obligatoire)');
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'demo-step-1');
    await page.getByRole('button', { name: 'Continuer' }).click();

    await page.getByRole('heading', { level: 2, name: 'Étape 2 sur 5 : La personne concernée' }).waitFor();
    expect(await isFocused(page, '#etape-titre')).toBe(true);
    const birthPlace = page.getByLabel('Commune de naissance');
    expect(await page.locator(`#${await birthPlace.getAttribute('aria-describedby')}`).textContent()).toBe('L’acte doit avoir été dressé dans cette commune.');
    await page.getByLabel('Nom de naissance').fill('DUPONT');
    await page.getByLabel('Prénoms').fill('Jean Pierre');
    await page.getByLabel('Date de naissance').fill('1984-03-12');
    await birthPlace.fill('Libercourt');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Continuer' }).click();

    await page.getByRole('heading', { level: 2, name: 'Étape 3 sur 5 : Ses parents' }).waitFor();
    await page.getByLabel('Nom et prénoms du premier parent').fill('DUPONT Marcel');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Continuer' }).click();

    await page.getByRole('heading', { level: 2, name: 'Étape 4 sur 5 : Réception du document' }).waitFor();
    await page.getByRole('radio', { name: 'Retrait au guichet de la mairie' }).check();
    await page.getByRole('checkbox', { name: /Je certifie sur l’honneur/ }).check();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Continuer' }).click();

    // The review shows every answer in words, each section with its way back.
    await page.getByRole('heading', { level: 2, name: 'Étape 5 sur 5 : Récapitulatif et envoi' }).waitFor();
    const review = page.getByRole('main');
    for (const answer of ['Copie intégrale', 'La personne concernée', 'DUPONT', '12 mars 1984', 'DUPONT Marcel', 'Retrait au guichet de la mairie', 'Accepté']) {
      expect(await review.textContent()).toContain(answer);
    }
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'demo-review');
    await page.getByRole('link', { name: 'Modifier : La personne concernée' }).click();
    await page.getByRole('heading', { level: 2, name: 'Étape 2 sur 5 : La personne concernée' }).waitFor();
    expect(await isFocused(page, '#etape-titre')).toBe(true);
    expect(await page.getByLabel('Prénoms').inputValue()).toBe('Jean Pierre');
    await page.getByLabel('Prénoms').fill('Jean Paul');
    // The browser's "back" goes to the previous step, not away from the form.
    await page.goBack();
    await page.getByRole('heading', { level: 2, name: 'Étape 5 sur 5 : Récapitulatif et envoi' }).waitFor();
    expect(await review.textContent()).toContain('Jean Paul');
    await page.getByRole('button', { name: 'Envoyer ma demande' }).click();

    await page.getByRole('heading', { level: 1, name: 'Votre demande est envoyée' }).waitFor();
    expect(await isFocused(page, 'h1')).toBe(true);
    const reference = (await page.locator('.reference').textContent())!;
    expect(reference).toMatch(/^LIB-\d{4}-\d{6}$/);
    await page.getByRole('link', { name: 'Suivre ma demande' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'demo-confirmation');

    // The request exists, for this citizen, with the date the page announced.
    const session = (await context.cookies()).find((cookie) => cookie.name === 'guichet_session')!;
    const [filed] = await requestsOf(`guichet_session=${session.value}`);
    expect(filed?.reference).toBe(reference);
    expect(await page.getByRole('link', { name: 'Suivre ma demande' }).getAttribute('href')).toBe(`/mes-demandes/${filed!.id}`);
    expect(await page.getByRole('main').textContent()).toContain(`au plus tard le ${inWords(filed!.dueAt)}`);
    expect(await stepTitle.count()).toBe(0);
    await context.close();
  });

  it('shows the server’s errors beside their fields (in a repeated block too) and in a focused summary, and stores nothing until the form is valid', async () => {
    // At 360 px, as on a small phone.
    const { page, context, cookie } = await openPage({ signedInAs: 'foyer@example.org', width: 360 });
    expect(await requestsOf(cookie!)).toEqual([]);
    await page.goto(`${portal('libercourt')}/demarches/test-foyer/demande`);
    await page.getByRole('heading', { level: 2, name: 'Étape 1 sur 4 : Votre foyer' }).waitFor();

    // The browser's own checks: required answers, summary focused, each error tied to its field.
    await page.getByRole('button', { name: 'Continuer' }).click();
    const summary = page.locator('.error-summary');
    await summary.getByRole('heading', { name: 'Le formulaire contient 2 erreurs' }).waitFor();
    expect(await isFocused(page, '.error-summary')).toBe(true);
    await summary.getByRole('link', { name: 'Vous vivez : Ce champ est obligatoire.' }).waitFor();
    const phone = page.getByLabel('Téléphone');
    expect(await phone.getAttribute('aria-invalid')).toBe('true');
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'long-required');

    // The conditional field appears as the choice is made.
    const partner = page.getByLabel('Nom et prénoms du conjoint');
    expect(await partner.count()).toBe(0);
    await page.getByRole('radio', { name: 'En couple' }).check();
    await partner.waitFor();
    await partner.fill('MARTIN Camille');
    await phone.fill('12 34');
    await page.getByRole('button', { name: 'Continuer' }).click();

    // The group: one block to begin with, two added with the keyboard, the first removed.
    await page.getByRole('heading', { level: 2, name: 'Étape 2 sur 4 : Vos enfants' }).waitFor();
    const block = (number: number) => page.getByRole('group', { name: `Enfant ${number}`, exact: true });
    await block(1).getByLabel('Prénom').fill('Zoé');
    await block(1).getByLabel('Date de naissance').fill('2012-05-04');
    const add = page.getByRole('button', { name: 'Ajouter enfant' });
    await add.focus();
    await page.keyboard.press('Enter');
    await block(2).waitFor();
    expect(await block(2).getByLabel('Prénom').evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.type('Léa');
    await block(2).getByLabel('Date de naissance').fill('2015-03-02');
    await add.click();
    await block(3).getByLabel('Prénom').fill('Hugo');
    await block(3).getByLabel('Date de naissance').fill('2099-01-01');
    await page.getByRole('button', { name: 'Retirer enfant 1' }).focus();
    await page.keyboard.press('Enter');
    await block(3).waitFor({ state: 'detached' });
    expect(await add.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await block(1).getByLabel('Prénom').inputValue()).toBe('Léa');
    expect(await block(2).getByLabel('Prénom').inputValue()).toBe('Hugo');
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'long-group');
    await page.getByRole('button', { name: 'Continuer' }).click();

    await page.getByRole('heading', { level: 2, name: 'Étape 3 sur 4 : Engagement' }).waitFor();
    await page.getByRole('checkbox', { name: 'Je certifie l’exactitude de ces informations.' }).check();
    await page.getByRole('button', { name: 'Continuer' }).click();
    await page.getByRole('heading', { level: 2, name: 'Étape 4 sur 4 : Récapitulatif et envoi' }).waitFor();
    expect(await page.getByRole('main').textContent()).not.toContain('Zoé');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Envoyer ma demande' }).click();

    // The server refuses: the citizen is taken to the step of the first error, the summary focused.
    await page.getByRole('heading', { level: 2, name: 'Étape 1 sur 4 : Votre foyer' }).waitFor();
    await summary.getByRole('heading', { name: 'Le formulaire contient 2 erreurs' }).waitFor();
    expect(await isFocused(page, '.error-summary')).toBe(true);
    expect(await phone.getAttribute('aria-invalid')).toBe('true');
    const phoneError = page.locator('#champ-telephone-erreur');
    expect(await phone.getAttribute('aria-describedby')).toContain('champ-telephone-erreur');
    expect(await phoneError.textContent()).toContain('Numéro de téléphone invalide.');
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'long-server-errors');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    // The summary's link to the field inside the second block opens its step and focuses it.
    await summary.getByRole('link', { name: 'Enfant 2 – Date de naissance : La date ne peut pas être dans le futur.' }).click();
    await page.getByRole('heading', { level: 2, name: 'Étape 2 sur 4 : Vos enfants' }).waitFor();
    const hugoBirth = block(2).getByLabel('Date de naissance');
    await page.waitForFunction(() => document.activeElement?.id === 'champ-enfants-1-naissance');
    expect(await hugoBirth.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#champ-enfants-1-naissance-erreur').textContent()).toBe('La date ne peut pas être dans le futur.');
    expect(await block(1).getByLabel('Date de naissance').getAttribute('aria-invalid')).toBeNull();
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await requestsOf(cookie!)).toEqual([]);

    // Corrected, the request is filed once.
    await hugoBirth.fill('2019-11-20');
    await page.getByRole('button', { name: 'Précédent' }).click();
    await page.getByRole('heading', { level: 2, name: 'Étape 1 sur 4 : Votre foyer' }).waitFor();
    await phone.fill('06 12 34 56 78');
    expect(await summary.count()).toBe(0);
    for (const next of ['Étape 2 sur 4 : Vos enfants', 'Étape 3 sur 4 : Engagement', 'Étape 4 sur 4 : Récapitulatif et envoi']) {
      await page.getByRole('button', { name: 'Continuer' }).click();
      await page.getByRole('heading', { level: 2, name: next }).waitFor();
    }
    await page.getByRole('button', { name: 'Envoyer ma demande' }).click();
    await page.getByRole('heading', { level: 1, name: 'Votre demande est envoyée' }).waitFor();
    const requests = await requestsOf(cookie!);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.reference).toBe(await page.locator('.reference').textContent());
    await context.close();
  });

  it('finds an address with the address search, by keyboard, and keeps its point', async () => {
    const { page, context } = await openPage();
    await page.goto(`${portal('libercourt')}/demarches/test-envoi-justificatif/demande`);
    const address = page.getByRole('combobox', { name: 'Adresse du logement' });
    // Typed key by key, as a citizen does: the focus stays in the field while the answers change.
    await address.pressSequentially('8 rue pasteur lib');
    expect(await address.evaluate((element) => element === document.activeElement)).toBe(true);
    const suggestions = page.getByRole('listbox', { name: 'Adresses proposées : Adresse du logement' });
    await suggestions.getByRole('option', { name: '8 Rue Pasteur 62820 Libercourt' }).waitFor();
    await page.getByRole('status').getByText('1 adresse proposée : utilisez les flèches pour choisir.').waitFor();
    expect(await address.getAttribute('aria-expanded')).toBe('true');
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'address-suggestions');
    await address.press('ArrowDown');
    expect(await address.getAttribute('aria-activedescendant')).toBe(await suggestions.getByRole('option').first().getAttribute('id'));
    await address.press('Enter');
    expect(await address.inputValue()).toBe('8 Rue Pasteur 62820 Libercourt');
    expect(await address.getAttribute('aria-expanded')).toBe('false');
    await page.getByRole('status').getByText(/^Adresse choisie : 8 Rue Pasteur 62820 Libercourt\. Position enregistrée : latitude 50,48/).waitFor();
    expect(await page.getByRole('button', { name: 'Retirer la position' }).isVisible()).toBe(true);
    // Edited afterwards, the address no longer carries the chosen one's point.
    await address.press('End');
    await address.press('Backspace');
    await page.getByRole('status').getByText('L’adresse a changé : la position de l’adresse choisie est retirée.').waitFor();
    expect(await page.getByRole('button', { name: 'Retirer la position' }).count()).toBe(0);

    // An unknown street says so, and leaves the typed words as the answer.
    await address.fill('12 impasse inconnue');
    await page.getByRole('status').getByText('Aucune adresse ne correspond : vérifiez la saisie, ou utilisez votre position.').waitFor();
    expect(await address.inputValue()).toBe('12 impasse inconnue');
    await context.close();
  });

  it('uploads a file with a progress bar, shows a refused type in French, removes a file, and files anonymously', async () => {
    const { page, context } = await openPage({ at: { latitude: 50.49123, longitude: 2.99531 } });
    await page.goto(`${portal('libercourt')}/demarches/test-envoi-justificatif/demande`);
    await page.getByRole('heading', { level: 2, name: 'Étape 1 sur 2 : Votre demande' }).waitFor();
    await page.getByText('Vous pouvez faire cette demande sans compte').waitFor();
    await page.getByLabel('Objet de la demande').fill('Justificatif de domicile pour la cantine');

    // The address: typed, then pinned with the browser's position, confirmed in words.
    await page.getByLabel('Adresse du logement', { exact: true }).fill('12 rue de la Gare, Libercourt');
    await page.getByRole('button', { name: 'Utiliser ma position' }).click();
    await page.getByRole('status').getByText('Position enregistrée : latitude 50,49123, longitude 2,99531.').waitFor();
    // No tile server configured here: no map offered, none broken.
    expect(await page.getByRole('button', { name: 'Placer sur la carte' }).count()).toBe(0);
    expect(await page.getByLabel('Adresse du logement', { exact: true }).inputValue()).toBe('12 rue de la Gare, Libercourt');
    const fileInput = page.getByLabel('Justificatif');
    expect(await page.locator(`#${(await fileInput.getAttribute('aria-describedby'))!.split(' ')[0]}`).textContent()).toBe(
      'Formats acceptés : PDF. 10 Mo au plus par fichier.',
    );

    // The format is read in the bytes, and the server's refusal is said in French beside the field.
    await fileInput.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Mes notes, pas un justificatif.\n') });
    const refusal = page.locator('#champ-justificatif-erreur');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('« notes.txt » n’est pas joint. Ce format de fichier n\'est pas accepté. Formats acceptés : PDF.');
    expect(await fileInput.getAttribute('aria-invalid')).toBe('true');
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'file-refused');

    // On a slow line, the progress shows while the file goes up.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 50, downloadThroughput: -1, uploadThroughput: 100 * 1024 });
    await fileInput.setInputFiles({ name: 'premier.pdf', mimeType: 'application/pdf', buffer: samplePdf('x'.repeat(300_000)) });
    const progress = page.getByRole('progressbar', { name: 'Envoi de « premier.pdf »' });
    await progress.waitFor();
    await page.waitForFunction(() => {
      const bar = document.querySelector('progress');
      return bar !== null && bar.value > 0 && bar.value < 100;
    });
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'file-progress');
    await page.getByRole('list', { name: 'Fichiers joints : Justificatif' }).getByText('premier.pdf', { exact: true }).waitFor({ timeout: 20_000 });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    expect(await progress.count()).toBe(0);
    expect(await refusal.count()).toBe(0);

    // Removed before sending: the choice is offered again, with the focus.
    await page.getByRole('button', { name: 'Retirer « premier.pdf »' }).click();
    await page.getByRole('status').getByText('« premier.pdf » est retiré.').waitFor();
    expect(await fileInput.evaluate((element) => element === document.activeElement)).toBe(true);
    await fileInput.setInputFiles({ name: 'justificatif.pdf', mimeType: 'application/pdf', buffer: samplePdf() });
    await page.getByRole('list', { name: 'Fichiers joints : Justificatif' }).getByText('justificatif.pdf', { exact: true }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Continuer' }).click();

    // Anonymous: the e-mail is asked for on the review, where the file is listed by name.
    await page.getByRole('heading', { level: 2, name: 'Étape 2 sur 2 : Récapitulatif et envoi' }).waitFor();
    expect(await page.getByRole('main').textContent()).toContain('justificatif.pdf');
    expect(await page.getByRole('main').textContent()).not.toContain('premier.pdf');
    expect(await page.getByRole('main').textContent()).toContain('12 rue de la Gare, Libercourt (position : latitude 50,49123, longitude 2,99531)');
    await page.getByRole('button', { name: 'Envoyer ma demande' }).click();
    await page.locator('.error-summary').getByRole('link', { name: /^Votre adresse e-mail : / }).waitFor();
    await page.getByLabel('Votre adresse e-mail').fill('depot.anonyme@example.org');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Envoyer ma demande' }).click();

    await page.getByRole('heading', { level: 1, name: 'Votre demande est envoyée' }).waitFor();
    const reference = (await page.locator('.reference').textContent())!;
    expect(await page.getByRole('main').textContent()).toContain('à depot.anonyme@example.org');
    expect(await page.getByRole('link', { name: 'Suivre ma demande' }).count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'file-confirmation');
    // Filed: the acknowledgement carrying the reference reaches the address given.
    await server.mailbox.waitFor((mail) => mail.to.includes('depot.anonyme@example.org') && mail.text.includes(reference), 15_000);
    await context.close();
  });

  it('shows a procedure’s fee before filing, and says online payment is to come', async () => {
    const { page, context } = await openPage({ signedInAs: 'salle@example.org' });
    await page.goto(`${portal('libercourt')}/demarches/location-salle-des-fetes/demande`);
    await page.getByRole('heading', { level: 2, name: /^Étape 1 sur 2/ }).waitFor();
    const fee = page.locator('.notice--info').first();
    expect((await fee.textContent())!.replace(/\s/g, ' ')).toContain('Démarche payante. Tarif : 180,00 €.');
    expect(await fee.textContent()).toContain('Le paiement en ligne n’est pas encore proposé');
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'fee');
    await context.close();
  });
});
