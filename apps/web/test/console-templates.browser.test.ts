import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, agentSession, communeBySlug, httpClient, readJson, startJourney, withCookie, type Journey } from '@guichet/testing';

let journey: Journey;
const slug = 'test-modele-console';
const title = 'Prêt de salles intercommunales (console)';

beforeAll(async () => {
  journey = await startJourney('console-templates');
});
afterAll(() => journey?.close());

describe('the EPCI’s procedure templates on its console', () => {
  it('publishes a template, composes its form, changes its delay, and shows which communes stand on which version, accessibly', async () => {
    const { page } = await journey.open({ epciStaff: { email: 'modeles.console@agglo-henin-carvin.example.fr', epci: 'agglo-henin-carvin' } });
    await page.goto(`${journey.portal('agglo-henin-carvin')}/console`);
    await page.getByRole('link', { name: 'Modèles de démarches' }).click();
    await page.getByRole('heading', { level: 1, name: 'Modèles de démarches' }).waitFor();
    const publish = page.getByRole('region', { name: 'Publier un modèle' });
    await publish.getByLabel('Identifiant').fill(slug);
    await publish.getByLabel('Thème').fill('Vie associative');
    await publish.getByLabel('Titre').fill(title);
    await publish.getByLabel('Résumé (une phrase)').fill('Salles');
    await publish.getByLabel('Description').fill('Les salles de l’agglomération se prêtent aux associations de ses communes.');
    await publish.getByLabel('Étapes (une par ligne)').fill('Choisissez la salle et la date\nRecevez la convention de prêt');
    await publish.getByLabel('Pièces à fournir (une par ligne)').fill('Statuts de l’association\n(facultatif) Attestation d’assurance');
    await publish.getByRole('button', { name: 'Publier le modèle' }).click();
    // Said at the top of the form and beside the field.
    await publish.getByText('Résumé : 10 caractères au moins.').nth(1).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await journey.screenshot(page, 'refused');

    await publish.getByLabel('Résumé (une phrase)').fill('Réserver une salle de l’agglomération pour une association.');
    await publish.getByRole('button', { name: 'Publier le modèle' }).click();
    await page.getByRole('status').getByText(`Le modèle « ${title} » est publié.`).waitFor();
    const list = page.getByRole('table', { name: 'Les modèles de l’intercommunalité, par thème' });
    const row = list.getByRole('row').filter({ has: page.getByRole('rowheader', { name: title }) });
    await row.waitFor();
    expect(await row.getByRole('cell').allTextContents()).toEqual(['Vie associative', '10 jours ouvrés', '1', expect.stringMatching(/^\d+ \S+ 20\d\d$/)]);
    expect(await accessibilityViolations(page)).toEqual([]);
    await journey.screenshot(page, 'published');

    // Its form: the one free answer it was published with, and a date added in the builder.
    await page.getByRole('link', { name: 'Composer son formulaire' }).click();
    await page.getByRole('heading', { level: 1, name: `Formulaire : ${title}` }).waitFor();
    await page.getByLabel('Type du nouveau champ').selectOption({ label: 'Date' });
    await page.getByRole('button', { name: 'Ajouter le champ' }).click();
    await page.getByRole('region', { name: /Réglages du champ/ }).getByLabel('Libellé').fill('Date souhaitée');
    await page.getByRole('region', { name: 'Aperçu' }).getByLabel(/Date souhaitée/).waitFor();
    await page.getByRole('button', { name: 'Enregistrer le formulaire' }).click();
    await page.getByText('Formulaire du modèle enregistré (version 2).').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await journey.screenshot(page, 'form');

    // Carvin adopts it; then the EPCI changes its delay: Carvin's copy stays, and is shown behind.
    const carvin = await communeBySlug(journey.server.databases.app, 'carvin');
    const admin = withCookie(httpClient(journey.server, 'carvin'), (await agentSession(journey.server.databases.app, carvin, { email: 'modeles.console@carvin.example.fr', role: 'commune_admin', services: [] })).cookie);
    expect((await admin.api.catalogue.adopter.$post({ json: { template: slug, theme: 'cadre-de-vie', service: 'services-techniques' } })).status).toBe(201);
    await page.getByRole('link', { name: 'Retour au modèle' }).click();
    await page.getByRole('region', { name: 'Communes qui l’ont adopté' }).getByText('Carvin : elle a vu la dernière version (prise ou écartée)').waitFor();
    await page.getByText('2 champs.').waitFor();
    const texts = page.getByRole('region', { name: 'Textes et délais' });
    await texts.getByLabel('Délai de réponse annoncé (jours ouvrés)').fill('5');
    await texts.getByRole('button', { name: 'Enregistrer le modèle' }).click();
    await page.getByRole('status').getByText('Modèle enregistré (version 3).', { exact: false }).waitFor();
    await page.getByText('Carvin : la version 2 est la dernière qu’elle a vue ; une mise à jour l’attend').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await journey.screenshot(page, 'changed');

    const copy = await readJson(await httpClient(journey.server, 'carvin').api.catalogue[':slug'].$get({ param: { slug } }));
    expect(copy.delayDays).toBe(10);
    expect(copy.form.fields.map((field: { label: string }) => field.label)).toEqual(['Votre demande', 'Date souhaitée']);
    // Carvin keeps its version: no update of this file's is left waiting for other files' Carvin.
    expect((await admin.api.catalogue[':slug'].modele.$post({ param: { slug }, json: { choix: 'garder' } })).status).toBe(200);
  });
});
