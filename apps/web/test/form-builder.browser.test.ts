import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accessibilityViolations,
  agentSession,
  citizenSession,
  communeBySlug,
  epciStaffSession,
  httpClient,
  insertTestProcedure,
  readJson,
  startJourney,
  testProcedureDefinition,
  withCookie,
  type Journey,
} from '@guichet/testing';

let journey: Journey;
const slug = 'test-constructeur-formulaire';
const title = 'Signalement (constructeur de formulaire)';

beforeAll(async () => {
  journey = await startJourney('form-builder');
  await insertTestProcedure(journey.server.databases.ownerClient, 'carvin', slug, 'services-techniques', testProcedureDefinition({ title, routing: [], priorityRules: [] }));
});
afterAll(() => journey?.close());

describe('the form builder in a real browser (journey 4)', () => {
  it('an administrator adds a conditional field; the citizen’s form shows it, the server requires it, and a request filed before keeps its own form', async () => {
    const carvin = await communeBySlug(journey.server.databases.app, 'carvin');
    const api = withCookie(httpClient(journey.server, 'carvin'), (await citizenSession(journey.server.databases.app, carvin, 'avant.constructeur@example.fr')).cookie);
    const before = (await readJson(await api.api.demandes.$post({ json: { procedure: slug, values: { objet: 'Lampadaire éteint rue Jean-Jaurès', nature: 'eclairage' } } }))) as { id: string };

    const { page } = await journey.open({ commune: 'carvin', agent: { email: 'constructeur.navigateur@carvin.example.fr', role: 'commune_admin', services: [], name: 'Claire Vasseur' } });
    await page.goto(`${journey.portal('carvin')}/agent/administration`);
    await page.getByRole('link', { name: 'Démarches' }).click();
    await page.getByRole('heading', { level: 1, name: 'Démarches' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('link', { name: title }).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await page.getByText('3 champs, version 1.').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Modifier le formulaire' }).click();
    await page.getByRole('heading', { level: 1, name: `Formulaire : ${title}` }).waitFor();
    expect(await page.title()).toBe(`Formulaire : ${title} – Administration – Carvin`);
    expect(await accessibilityViolations(page)).toEqual([]);

    // The new field: a short text after "Nature", shown only for street lighting, required.
    await page.getByLabel('Type du nouveau champ').selectOption({ label: 'Texte court' });
    await page.getByRole('button', { name: 'Ajouter le champ' }).click();
    const settings = page.getByRole('region', { name: /Réglages du champ/ });
    await settings.getByLabel('Libellé').fill('');
    await page.getByRole('region', { name: 'À corriger avant d’enregistrer' }).getByText('Le libellé est obligatoire.').first().waitFor();
    await settings.getByText('Le libellé est obligatoire.').waitFor();
    await settings.getByLabel('Libellé').fill('Numéro du lampadaire');
    expect(await settings.getByLabel('Clé').inputValue()).toBe('numero_du_lampadaire');
    await settings.getByLabel('Réponse obligatoire').check();
    await settings.getByLabel('Afficher ce champ').selectOption({ label: 'Selon la réponse à « Nature »' });
    await settings.getByLabel('Réponse', { exact: true }).selectOption({ label: 'Éclairage public' });
    // Placed before the address, by keyboard-reachable buttons.
    await page.getByRole('button', { name: 'Monter « Numéro du lampadaire »' }).click();
    await page.getByRole('list').filter({ hasText: 'Numéro du lampadaire' }).first().waitFor();
    // Each field shows the settings of its own kind.
    await page.getByRole('button', { name: 'Nature', exact: true }).click();
    await page.getByRole('group', { name: 'Options' }).getByLabel('Option 2 : libellé').waitFor();
    await page.getByRole('button', { name: 'Lieu', exact: true }).click();
    await page.getByLabel('Demander un point sur la carte').waitFor();
    expect(await page.getByRole('group', { name: 'Options' }).count()).toBe(0);
    // The label of an existing field changes too: older requests keep theirs.
    await page.getByRole('button', { name: 'Objet', exact: true }).click();
    await page.getByRole('region', { name: /Réglages du champ/ }).getByLabel('Libellé').fill('Objet du signalement');

    // The preview is the citizen's form: the new field appears once "Éclairage public" is chosen.
    const preview = page.getByRole('region', { name: 'Aperçu' });
    await preview.getByLabel('Objet du signalement').waitFor();
    expect(await preview.getByLabel(/Numéro du lampadaire/).count()).toBe(0);
    await preview.getByLabel('Éclairage public').check();
    await preview.getByLabel(/Numéro du lampadaire/).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await journey.screenshot(page, 'builder');

    await page.getByRole('button', { name: 'Enregistrer le formulaire' }).click();
    await page.getByRole('status').getByText('Formulaire enregistré (version 2). Les demandes déjà déposées gardent le formulaire de leur dépôt.').waitFor();

    // The server requires the new answer.
    const refused = await api.api.demandes.$post({ json: { procedure: slug, values: { objet: 'Autre lampadaire', nature: 'eclairage' } } });
    expect(refused.status).toBe(422);
    expect((await readJson(refused)).errors).toEqual([expect.objectContaining({ field: 'numero_du_lampadaire', message: 'Ce champ est obligatoire.' })]);

    // The citizen's form shows it, in its place, when street lighting is chosen.
    const citizen = await journey.open({ commune: 'carvin', signedInAs: 'apres.constructeur@example.fr' });
    await citizen.page.goto(`${journey.portal('carvin')}/demarches/${slug}/demande`);
    await citizen.page.getByLabel('Objet du signalement').fill('Lampadaire clignotant place de la mairie');
    await citizen.page.getByLabel('Éclairage public').check();
    await citizen.page.getByLabel(/Numéro du lampadaire/).fill('L-214');
    expect(await accessibilityViolations(citizen.page)).toEqual([]);
    await journey.screenshot(citizen.page, 'citizen-form');
    // Sent with its own Idempotency-Key: a retry after a lost answer would not file twice.
    const filing = citizen.page.waitForRequest((request) => request.method() === 'POST' && new URL(request.url()).pathname === '/api/demandes');
    await citizen.page.getByRole('button', { name: 'Continuer' }).click();
    await citizen.page.getByRole('button', { name: 'Envoyer ma demande' }).click();
    expect((await filing).headers()['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    await citizen.page.getByRole('heading', { level: 1, name: 'Votre demande est envoyée' }).waitFor();

    // The request filed before still reads with its own form: the old label, no new row.
    await page.goto(`${journey.portal('carvin')}/agent/demandes/${before.id}`);
    const answers = page.getByRole('region', { name: 'Demande' });
    await answers.getByText('Lampadaire éteint rue Jean-Jaurès').waitFor();
    await answers.getByText('Objet', { exact: true }).waitFor();
    expect(await answers.getByText('Objet du signalement').count()).toBe(0);
    expect(await answers.getByText('Numéro du lampadaire').count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await journey.screenshot(page, 'older-request');

    // Street lighting goes to the municipal police from now on: a routing rule on the new form's answer.
    await page.goto(`${journey.portal('carvin')}/agent/administration/demarches/${slug}`);
    const routing = page.getByRole('region', { name: 'Aiguillage' });
    await routing.getByRole('button', { name: 'Ajouter une règle' }).click();
    await routing.getByLabel('Champ').selectOption({ label: 'Nature' });
    await routing.getByLabel('Vaut').selectOption({ label: 'Éclairage public' });
    await routing.getByLabel('Alors le service').selectOption({ label: 'Police municipale' });
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Enregistrer la démarche' }).click();
    await page.getByRole('status').getByText(`Démarche « ${title} » enregistrée.`).waitFor();
    const routed = (await readJson(await api.api.demandes.$post({ json: { procedure: slug, values: { objet: 'Candélabre penché', nature: 'eclairage', numero_du_lampadaire: 'L-3' } } }))) as { id: string };
    const detail = await page.evaluate(async (id) => (await fetch(`/api/agent/demandes/${id}`)).json(), routed.id);
    expect(detail.service).toBe('Police municipale');
  });
});

describe('the catalogue in the back office, in a real browser', () => {
  it('an administrator creates a theme and a démarche of the commune’s own, publishes it, orders the themes, and adopts an EPCI template as a draft', async () => {
    const { page } = await journey.open({ commune: 'carvin', agent: { email: 'catalogue.navigateur@carvin.example.fr', role: 'commune_admin', services: [] } });
    await page.goto(`${journey.portal('carvin')}/agent/administration/demarches`);
    await page.getByRole('heading', { level: 1, name: 'Démarches' }).waitFor();
    const themes = page.getByRole('region', { name: 'Thèmes' });
    await themes.getByLabel('Nouveau thème').fill('Vie associative (navigateur)');
    await themes.getByRole('button', { name: 'Créer le thème' }).click();
    await page.getByRole('status').getByText('Thème « Vie associative (navigateur) » créé.').waitFor();
    await themes.getByRole('button', { name: 'Monter le thème Vie associative (navigateur)' }).click();
    await page.getByRole('status').getByText('Thème « Vie associative (navigateur) » déplacé.').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    const creation = page.getByRole('region', { name: 'Nouvelle démarche' });
    await creation.getByLabel('Titre de la démarche').fill('Prêt de barnums (navigateur)');
    await creation.getByLabel('Thème').selectOption({ label: 'Vie associative (navigateur)' });
    await creation.getByLabel('Service instructeur').selectOption({ label: 'Services techniques' });
    await creation.getByRole('button', { name: 'Créer la démarche' }).click();
    await page.getByRole('heading', { level: 1, name: 'Prêt de barnums (navigateur)' }).waitFor();
    await page.getByLabel('Résumé (une phrase)').fill('Emprunter les barnums de la ville pour une manifestation associative.');
    await page.getByLabel('Délai de réponse annoncé (jours ouvrés)').fill('15');
    await page.getByLabel('Publiée sur le portail').check();
    await page.getByRole('button', { name: 'Enregistrer la démarche' }).click();
    await page.getByRole('status').getByText('Démarche « Prêt de barnums (navigateur) » enregistrée.').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await journey.screenshot(page, 'procedure-settings');

    await page.goto(`${journey.portal('carvin')}/demarches`);
    await page.getByRole('link', { name: 'Prêt de barnums (navigateur)' }).waitFor();

    await page.goto(`${journey.portal('carvin')}/agent/administration/demarches`);
    const adoption = page.getByRole('region', { name: 'Adopter un modèle de l’intercommunalité' });
    await adoption.getByLabel('Modèle').selectOption({ value: 'pret-materiel' });
    await adoption.getByLabel('Dans le thème').selectOption({ label: 'Vie associative (navigateur)' });
    await adoption.getByLabel('Instruit par').selectOption({ label: 'Services techniques' });
    await adoption.getByRole('button', { name: 'Adopter le modèle' }).click();
    await page.getByRole('link', { name: 'Modifier le formulaire' }).waitFor();
    expect(await page.getByLabel('Publiée sur le portail').isChecked()).toBe(false);
  });

  it('tells an administrator that the EPCI changed a template the commune adopted, shows what changed, and takes it on their choice', async () => {
    const db = journey.server.databases.app;
    const carvin = await communeBySlug(db, 'carvin');
    const staff = withCookie(httpClient(journey.server, 'agglo-henin-carvin'), await epciStaffSession(db, carvin.epciId, 'modeles.navigateur@agglo-henin-carvin.example.fr'));
    const admin = withCookie(httpClient(journey.server, 'carvin'), (await agentSession(db, carvin, { email: 'modeles.api@carvin.example.fr', role: 'commune_admin', services: [] })).cookie);
    const template = {
      slug: 'test-modele-navigateur',
      theme: 'Cadre de vie',
      title: 'Prêt de composteurs (navigateur)',
      summary: 'Emprunter un composteur de jardin prêté par l’agglomération.',
      description: 'L’agglomération prête des composteurs aux habitants de ses communes.',
      steps: ['Demandez un composteur', 'Retirez-le aux services techniques'],
      form: { fields: [{ kind: 'text', key: 'adresse', label: 'Adresse du jardin', required: true }] },
      delayDays: 10,
      retentionDays: 365,
    };
    expect((await staff.api.console.modeles.$post({ json: template })).status).toBe(201);
    expect((await admin.api.catalogue.adopter.$post({ json: { template: template.slug, theme: 'cadre-de-vie', service: 'services-techniques' } })).status).toBe(201);
    expect((await staff.api.console.modeles[':slug'].$put({ param: { slug: template.slug }, json: { delayDays: 7 } })).status).toBe(200);

    const { page } = await journey.open({ commune: 'carvin', agent: { email: 'modeles.navigateur@carvin.example.fr', role: 'commune_admin', services: [] } });
    await page.goto(`${journey.portal('carvin')}/agent/administration/demarches`);
    const updates = page.getByRole('region', { name: 'Mises à jour des modèles de l’intercommunalité' });
    const changes = updates.getByRole('table', { name: `Ce qui a changé dans le modèle « ${template.slug} » (version 1 → 2)` });
    const delay = changes.getByRole('row', { name: /Délai annoncé/ });
    await delay.waitFor();
    expect(await delay.getByRole('cell').allTextContents()).toEqual(['10', '7']);
    expect(await accessibilityViolations(page)).toEqual([]);
    await journey.screenshot(page, 'template-update');
    await updates.getByRole('button', { name: `Prendre la mise à jour de « ${template.title} »` }).click();
    await page.getByRole('status').getByText(`« ${template.title} » suit la nouvelle version de son modèle.`).waitFor();
    // Its update is answered (other files may leave Carvin others).
    await changes.waitFor({ state: 'detached' });
    await page.getByRole('link', { name: template.title }).locator('..').getByText('7 jours ouvrés').waitFor();
  });
});
