import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, agentSession, citizenSession, communeBySlug, httpClient, insertTestProcedure, readJson, samplePng, seenBy, startJourney, testProcedureDefinition, withCookie, type Journey } from '@guichet/testing';

let journey: Journey;
// Every view names this suite's procedure: other suites file in Libercourt at the same time.
const procedure = 'test-guichet-agent';

beforeAll(async () => {
  journey = await startJourney('back-office');
  await insertTestProcedure(journey.server.databases.ownerClient, 'libercourt', procedure, 'services-techniques', testProcedureDefinition({ title: 'Signalement du guichet', routing: [] }));
});
afterAll(() => journey?.close());

async function fileAsCitizen(email: string, objet: string) {
  const libercourt = await communeBySlug(journey.server.databases.app, 'libercourt');
  const citizen = withCookie(httpClient(journey.server, 'libercourt'), (await citizenSession(journey.server.databases.app, libercourt, email)).cookie);
  const response = await citizen.api.demandes.$post({ json: { procedure, values: { objet, nature: 'voirie' } } });
  expect(response.status).toBe(201);
  return { ...((await readJson(response)) as { id: string; reference: string }), citizen };
}

describe('the back office in a real browser', () => {
  it('lists the service’s requests with their counts, moves through them by keyboard, and works one on its desk to its closing (journey 1)', async () => {
    const manager = withCookie(
      httpClient(journey.server, 'libercourt'),
      (await agentSession(journey.server.databases.app, await communeBySlug(journey.server.databases.app, 'libercourt'), { email: 'guichet.chef@libercourt.example.fr', role: 'service_manager', services: ['services-techniques'] })).cookie,
    );
    expect((await manager.api.agent['modeles-de-reponse'].$post({ json: { title: 'Intervention faite', body: 'Bonjour {nom}, votre demande {reference} est traitée.' } })).status).toBe(201);
    const first = await fileAsCitizen('guichet.un@example.fr', 'Lampadaire éteint rue Pasteur');
    const second = await fileAsCitizen('guichet.deux@example.fr', 'Trou devant la boulangerie');
    const { page } = await journey.open({ agent: { email: 'guichet.agent@libercourt.example.fr', role: 'agent', services: ['services-techniques'] } });
    await page.goto(`${journey.portal()}/agent/demandes?demarche=${procedure}`);
    const table = page.getByRole('table');
    await table.getByRole('link', { name: second.reference }).waitFor();
    await page.getByRole('button', { name: 'Déposée (2)' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await journey.screenshot(page, 'inbox');

    // The filters live in the URL.
    await page.getByLabel('Trier par').selectOption({ label: 'Échéance la plus proche' });
    await page.waitForURL(/tri=due/);
    await page.getByLabel('Rechercher').fill('boulangerie');
    await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
    await page.waitForURL(/q=boulangerie/);
    await expect.poll(() => table.getByRole('row').count()).toBe(2);
    await page.getByLabel('Rechercher').fill('');
    await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
    await expect.poll(() => table.getByRole('row').count()).toBe(3);

    // From one reference to the next with the arrows, then open it with Enter.
    const links = table.getByRole('link');
    await links.first().focus();
    await page.keyboard.press('ArrowDown');
    const focused = await page.evaluate(() => document.activeElement?.textContent);
    expect(focused).toBe(await links.nth(1).textContent());
    await page.keyboard.press('ArrowUp');
    await links.filter({ hasText: first.reference }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: new RegExp(`^${first.reference} – .*Lampadaire éteint rue Pasteur$`) }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    // Take it, acknowledge it, ask the citizen a question (the clock pauses), note something internal.
    await page.getByRole('button', { name: 'Prendre la demande' }).click();
    await page.getByText('Vous', { exact: true }).waitFor();
    await page.getByRole('radio', { name: 'Prise en compte' }).check();
    await page.getByRole('button', { name: 'Appliquer' }).click();
    await page.getByRole('region', { name: 'Situation' }).getByText('Prise en compte').waitFor();
    await page.getByRole('radio', { name: /Complément demandé/ }).check();
    await page.getByLabel(/Commentaire adressé à l’usager|Motif/).fill('Pouvez-vous préciser le numéro du lampadaire ?');
    await page.getByRole('button', { name: 'Appliquer' }).click();
    await page.getByText('Délai suspendu').waitFor();
    await page.getByLabel('Note interne (jamais montrée à l’usager)').fill('Vu avec l’équipe d’éclairage.');
    await page.getByRole('button', { name: 'Ajouter la note' }).click();
    const history = page.getByRole('region', { name: 'Historique' });
    await history.getByText('Vu avec l’équipe d’éclairage.').waitFor();
    expect(await history.getByText('interne', { exact: false }).count()).toBeGreaterThan(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await journey.screenshot(page, 'desk');

    // The citizen answers; the desk shows it at once, and the agent closes with a template's message and a file.
    await first.citizen.api.demandes[':id'].messages.$post({ param: { id: first.id }, json: { body: 'C’est le lampadaire n° 12.', attachmentIds: [] } });
    await history.getByText('C’est le lampadaire n° 12.').waitFor();
    await page.getByLabel('Partir d’un modèle de réponse').selectOption({ label: 'Intervention faite' });
    expect(await page.getByLabel('Message à l’usager').inputValue()).toBe(`Bonjour Camille Testeur, votre demande ${first.reference} est traitée.`);
    await page.getByLabel('Joindre des fichiers').setInputFiles({ name: 'compte-rendu.png', mimeType: 'image/png', buffer: samplePng() });
    await page.getByRole('list', { name: 'Fichiers joints au message' }).getByText('compte-rendu.png').waitFor();
    await page.getByRole('button', { name: 'Envoyer le message' }).click();
    await history.getByText(`votre demande ${first.reference} est traitée.`, { exact: false }).waitFor();
    await page.getByRole('radio', { name: 'Traitée' }).check();
    await page.getByRole('button', { name: 'Appliquer' }).click();
    await page.getByRole('region', { name: 'Situation' }).getByText(/^Close le /).waitFor();
    const seenByCitizen = await readJson(await first.citizen.api.demandes[':id'].$get({ param: { id: first.id } }));
    expect(seenByCitizen.status).toBe('done');
    expect(JSON.stringify(seenByCitizen.history)).toContain('est traitée');
    expect(JSON.stringify(seenByCitizen.history)).not.toContain('éclairage.');
  });

  it('refuses an act on a request a colleague changed meanwhile, says what changed, and shows it as it now is', async () => {
    const filed = await fileAsCitizen('guichet.trois@example.fr', 'Arbre tombé sur le trottoir');
    const { page } = await journey.open({ agent: { email: 'guichet.lent@libercourt.example.fr', role: 'agent', services: ['services-techniques'] } });
    // This desk's live feed is cut (a proxy that drops it): the version alone must protect it.
    await page.route('**/flux', (route) => route.abort());
    await page.goto(`${journey.portal()}/agent/demandes/${filed.id}`);
    await page.getByRole('radio', { name: 'Prise en compte' }).check();

    // Meanwhile a colleague acknowledges it.
    const libercourt = await communeBySlug(journey.server.databases.app, 'libercourt');
    const colleague = withCookie(
      httpClient(journey.server, 'libercourt'),
      (await agentSession(journey.server.databases.app, libercourt, { email: 'guichet.rapide@libercourt.example.fr', role: 'agent', services: ['services-techniques'] })).cookie,
    );
    expect((await colleague.api.agent.demandes[':id'].statut.$post({ param: { id: filed.id }, header: await seenBy(colleague, filed.id), json: { status: 'acknowledged' } })).status).toBe(200);

    await page.getByRole('button', { name: 'Appliquer' }).click();
    const refusal = page.getByText('La demande a été modifiée depuis que vous l’avez ouverte.');
    await refusal.waitFor();
    await page.getByText(/Statut passé à « Prise en compte » \(par Agent de test\)/).waitFor();
    await page.getByRole('region', { name: 'Situation' }).getByText('Prise en compte').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await journey.screenshot(page, 'stale');
  });

  it('shows each agent who else has the request open, and a colleague’s change as it happens', async () => {
    const filed = await fileAsCitizen('guichet.quatre@example.fr', 'Feu tricolore en panne');
    const first = await journey.open({ agent: { email: 'guichet.premier@libercourt.example.fr', role: 'agent', services: ['services-techniques'] } });
    const second = await journey.open({ agent: { email: 'guichet.second@libercourt.example.fr', role: 'agent', services: ['services-techniques'] } });
    await first.page.goto(`${journey.portal()}/agent/demandes/${filed.id}`);
    await first.page.getByRole('heading', { level: 2, name: 'Situation' }).waitFor();
    await second.page.goto(`${journey.portal()}/agent/demandes/${filed.id}`);
    for (const { page } of [first, second]) await page.getByText('Aussi sur cette demande en ce moment : Agent de test.').waitFor();
    expect(await accessibilityViolations(first.page)).toEqual([]);
    await journey.screenshot(first.page, 'presence');

    await second.page.getByRole('radio', { name: 'Prise en compte' }).check();
    await second.page.getByRole('button', { name: 'Appliquer' }).click();
    await first.page.getByRole('region', { name: 'Situation' }).getByText('Prise en compte').waitFor();

    await second.context.close();
    // At once when the server sees the connection close; at the latest by the next heartbeat.
    await expect.poll(() => first.page.getByText('Aussi sur cette demande en ce moment').count(), { timeout: 25_000 }).toBe(0);
  });

  it('records a pothole reported by phone for a new contact in a handful of interactions, then opens its desk (journey 2)', async () => {
    const { page } = await journey.open({ agent: { email: 'guichet.accueil@libercourt.example.fr', role: 'agent', services: ['services-techniques'] } });
    await page.goto(`${journey.portal()}/agent/demandes/nouvelle`);
    await page.getByRole('heading', { level: 1, name: 'Enregistrer une demande' }).waitFor();
    // What the agent does, counted: each click or choice, and each field typed in (its characters apart).
    let interactions = 0;
    let characters = 0;
    const click = async (target: ReturnType<typeof page.getByRole>) => {
      interactions += 1;
      await target.click();
    };
    const type = async (target: ReturnType<typeof page.getByLabel>, text: string) => {
      interactions += 1;
      characters += text.length;
      await target.pressSequentially(text);
    };
    expect(await page.getByRole('radio', { name: 'Téléphone' }).isChecked()).toBe(true);
    await type(page.getByLabel('Nom', { exact: true }), 'Dupuis');
    await type(page.getByLabel('N° de téléphone'), '06 12 34 56 78');
    interactions += 1;
    await page.getByLabel('Démarche').selectOption({ label: 'Signaler un problème de voirie' });
    await click(page.getByRole('radio', { name: 'Nid-de-poule ou chaussée dégradée' }));
    await click(page.getByRole('group', { name: /danger immédiat/ }).getByRole('radio', { name: 'Non' }));
    await type(page.getByLabel('Description'), 'Trou profond');
    await type(page.getByRole('combobox', { name: /Emplacement/ }), '3 rue de la gare lib');
    await click(page.getByRole('option', { name: '3 Rue de la Gare 62820 Libercourt' }));
    expect(await accessibilityViolations(page)).toEqual([]);
    await journey.screenshot(page, 'intake');
    await click(page.getByRole('button', { name: 'Enregistrer la demande' }));

    await page.getByRole('heading', { level: 1, name: /^LIB-\d{4}-\d{6} – / }).waitFor();
    const situation = page.getByRole('region', { name: 'Situation' });
    await situation.getByText('Téléphone', { exact: false }).waitFor();
    await page.getByRole('region', { name: 'Contact' }).getByText('Dupuis').waitFor();
    await page.getByRole('region', { name: 'Demande' }).getByText('3 Rue de la Gare 62820 Libercourt', { exact: false }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    console.info(`Phone intake of a pothole report: ${interactions} interactions, ${characters} characters typed.`);
    expect(interactions).toBeLessThan(30);
  });

  it('files for a contact the commune already knows, found by a piece of their number', async () => {
    const { page, cookie } = await journey.open({ agent: { email: 'guichet.accueil2@libercourt.example.fr', role: 'agent', services: ['services-techniques'] } });
    const known = withCookie(httpClient(journey.server, 'libercourt'), cookie!);
    expect((await known.api.agent.contacts.$post({ json: { familyName: 'Vasseur', givenName: 'Odile', phone: '03 21 12 34 56' } })).status).toBe(201);
    await page.goto(`${journey.portal()}/agent/demandes/nouvelle`);
    await page.getByRole('radio', { name: 'Accueil' }).check();
    await page.getByLabel('Rechercher un contact connu (nom, e-mail ou téléphone)').fill('12 34 56');
    await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
    await page.getByRole('list', { name: 'Contacts trouvés' }).getByRole('button', { name: /Odile Vasseur/ }).click();
    await page.getByText(/Demande de Odile Vasseur/).waitFor();
    await page.getByLabel('Démarche').selectOption({ label: 'Signalement du guichet' });
    await page.getByLabel('Objet').fill('Encombrant déposé');
    await page.getByRole('radio', { name: 'Voirie' }).check();
    await page.getByRole('button', { name: 'Enregistrer la demande' }).click();
    await page.getByRole('region', { name: 'Situation' }).getByText('(Accueil)').waitFor();
    await page.getByRole('region', { name: 'Contact' }).getByText('Odile Vasseur').waitFor();
  });

  it('shows a request filed while the inbox is open, marked and announced, without a reload', async () => {
    const { page } = await journey.open({ agent: { email: 'guichet.veille@libercourt.example.fr', role: 'agent', services: ['services-techniques'] } });
    await page.goto(`${journey.portal()}/agent/demandes?demarche=${procedure}&q=direct`);
    await page.getByText('Aucune demande ne correspond à ces critères.').waitFor();
    // The page's live stream is open before the filing.
    await page.waitForTimeout(500);
    const filed = await fileAsCitizen('guichet.direct@example.fr', 'Arrivée en direct');
    await page.getByText('1 nouvelle demande depuis l’ouverture de la page.').waitFor();
    const row = page.getByRole('row').filter({ hasText: filed.reference });
    await row.getByText('Nouvelle').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await journey.screenshot(page, 'live-inbox');
  });

  it('closes a selection without action with one reason, each request told apart', async () => {
    const picked = [await fileAsCitizen('guichet.lot1@example.fr', 'Sélection doublon un'), await fileAsCitizen('guichet.lot2@example.fr', 'Sélection doublon deux')];
    const { page } = await journey.open({ agent: { email: 'guichet.lot@libercourt.example.fr', role: 'agent', services: ['services-techniques'] } });
    await page.goto(`${journey.portal()}/agent/demandes?demarche=${procedure}&q=${encodeURIComponent('Sélection doublon')}`);
    for (const filed of picked) await page.getByRole('checkbox', { name: `Sélectionner ${filed.reference}` }).check();
    await page.getByText('2 demandes sélectionnées').waitFor();
    await page.getByLabel('Action', { exact: true }).selectOption({ label: 'Les classer sans suite' });
    await page.getByLabel('Motif, envoyé à chaque usager (obligatoire)').fill('Déjà signalé : intervention programmée.');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Appliquer à la sélection' }).click();
    await page.getByText('2 demandes traitées.').waitFor();
    await expect.poll(() => page.getByRole('table').getByText('Classée sans suite').count()).toBe(2);
    await journey.screenshot(page, 'bulk');
    for (const filed of picked) {
      const seen = await readJson(await filed.citizen.api.demandes[':id'].$get({ param: { id: filed.id } }));
      expect(seen.status).toBe('closed_without_action');
    }
  });

  it('shows the map page without a tile server as the list and a table per sector, never a broken map (journey 6)', async () => {
    const { page } = await journey.open({ agent: { email: 'guichet.carte@libercourt.example.fr', role: 'agent', services: ['services-techniques'] } });
    await page.goto(`${journey.portal()}/agent/demandes`);
    await page.getByRole('navigation', { name: 'Espace agents' }).getByRole('link', { name: 'Carte' }).click();
    await page.getByRole('heading', { level: 1, name: 'Carte des demandes' }).waitFor();
    await page.getByText('Aucun fond de carte n’est configuré pour la commune : les demandes sont présentées en liste et par secteur.').waitFor();
    expect(await page.getByRole('region', { name: /Carte des demandes/ }).count()).toBe(0);
    await page.getByRole('table', { name: 'Demandes par secteur de la commune et par statut' }).getByRole('rowheader', { name: 'Nord – quartier de la gare' }).waitFor();
    await page.getByLabel('Statut').selectOption({ label: 'Toutes, closes comprises' });
    expect(new URL(page.url()).searchParams.get('statut')).toBe('toutes');
    expect(await accessibilityViolations(page)).toEqual([]);
    await journey.screenshot(page, 'map-without-tiles');
  });
});
