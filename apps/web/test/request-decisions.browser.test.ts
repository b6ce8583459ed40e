import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tenant } from '@guichet/db';
import { accessibilityViolations, agentSession, citizenSession, communeBySlug, httpClient, insertTestProcedure, readJson, seenBy, startJourney, testProcedureDefinition, withCookie, type Journey } from '@guichet/testing';

let journey: Journey;
let libercourt: Tenant;
let citizen: ReturnType<typeof withCookie>;
// This suite's own procedures: other suites file in Libercourt at the same time.
const decided = 'test-guichet-decision';
const routed = 'test-guichet-orientation';

beforeAll(async () => {
  journey = await startJourney('request-decisions');
  const owner = journey.server.databases.ownerClient;
  await insertTestProcedure(owner, 'libercourt', decided, 'ccas', testProcedureDefinition({ title: 'Aide exceptionnelle (test)', routing: [], decisionRequired: true, restricted: true }));
  await insertTestProcedure(owner, 'libercourt', routed, 'services-techniques', testProcedureDefinition({ title: 'Signalement à orienter', routing: [] }));
  libercourt = await communeBySlug(journey.server.databases.app, 'libercourt');
  citizen = withCookie(httpClient(journey.server, 'libercourt'), (await citizenSession(journey.server.databases.app, libercourt, 'decisions.navigateur@example.fr')).cookie);
});
afterAll(() => journey?.close());

async function file(procedure: string, objet: string) {
  const response = await citizen.api.demandes.$post({ json: { procedure, values: { objet, nature: 'voirie' } } });
  expect(response.status).toBe(201);
  return (await readJson(response)) as { id: string; reference: string };
}

/** A request of the CCAS brought to the decision step by one of its agents, through the API. */
async function awaitingDecision(objet: string) {
  const filed = await file(decided, objet);
  const ccas = withCookie(
    httpClient(journey.server, 'libercourt'),
    (await agentSession(journey.server.databases.app, libercourt, { email: `ccas.${filed.reference.toLowerCase()}@libercourt.example.fr`, role: 'agent', services: ['ccas'] })).cookie,
  );
  for (const status of ['in_progress', 'awaiting_decision'] as const) {
    expect((await ccas.api.agent.demandes[':id'].statut.$post({ param: { id: filed.id }, header: await seenBy(ccas, filed.id), json: { status } })).status).toBe(200);
  }
  return filed;
}

describe('decisions and orientation on the desk, in a real browser', () => {
  it('an elected official finds the requests awaiting their decision, decides one, and cannot otherwise process it (journey 5)', async () => {
    const filed = await awaitingDecision('Aide pour une facture d’énergie');
    const { page } = await journey.open({ agent: { email: 'elue.navigateur@libercourt.example.fr', role: 'elected_official', services: ['ccas'], name: 'Odile Élue' } });
    await page.goto(`${journey.portal()}/agent`);
    await page.getByRole('heading', { level: 1, name: 'Bonjour Odile Élue' }).waitFor();
    expect(await page.title()).toBe('Bonjour Odile Élue – Espace agents – Libercourt');
    // Nothing to record: an elected official does not take calls into the system.
    expect(await page.getByRole('navigation', { name: 'Espace agents' }).getByRole('link', { name: 'Enregistrer une demande' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Les demandes à valider' }).click();
    await page.getByRole('table').getByRole('link', { name: filed.reference }).click();
    await page.getByRole('heading', { level: 2, name: 'Décider' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await journey.screenshot(page, 'elu-desk');
    for (const absent of ['Prendre la demande', 'Envoyer le message', 'Ajouter la note', 'Transmettre']) expect(await page.getByRole('button', { name: absent }).count()).toBe(0);

    await page.getByRole('radio', { name: /Refusée/ }).check();
    await page.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await page.getByText('Un motif est obligatoire', { exact: false }).or(page.getByText('motif', { exact: false }).first()).waitFor();
    await page.getByLabel('Motif, adressé à l’usager (obligatoire)').fill('Le foyer a déjà reçu cette aide cette année.');
    await page.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await page.getByRole('status').getByText('Statut : Refusée.').waitFor();
    await page.getByRole('region', { name: 'Situation' }).getByText('Refusée').waitFor();
    await page.getByRole('region', { name: 'Historique' }).getByText(/Odile Élue/).first().waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await journey.screenshot(page, 'elu-decided');
    const seenByCitizen = await readJson(await citizen.api.demandes[':id'].$get({ param: { id: filed.id } }));
    expect(seenByCitizen.status).toBe('rejected');
  });

  it('a service manager decides too, sending the request back for more work (journey 5)', async () => {
    const filed = await awaitingDecision('Aide pour des lunettes');
    const { page } = await journey.open({ agent: { email: 'cheffe.ccas.navigateur@libercourt.example.fr', role: 'service_manager', services: ['ccas'], name: 'Cheffe du CCAS' } });
    await page.goto(`${journey.portal()}/agent/demandes/${filed.id}`);
    await page.getByRole('heading', { level: 2, name: 'Décider' }).waitFor();
    await page.getByRole('radio', { name: /Acceptée/ }).check();
    await page.getByLabel(/Commentaire adressé à l’usager/).fill('Accordée : 150 € versés sous quinze jours.');
    await page.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await page.getByRole('region', { name: 'Situation' }).getByText('Acceptée').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await journey.screenshot(page, 'manager-decided');
  });

  it('assigns a request to a colleague, raises its priority, transfers it, and merges a duplicate into another', async () => {
    const original = await file(routed, 'Poubelle renversée place de la mairie');
    const duplicate = await file(routed, 'Poubelle renversée (doublon)');
    const colleague = await agentSession(journey.server.databases.app, libercourt, { email: 'collegue.orientation@libercourt.example.fr', role: 'agent', services: ['services-techniques'], name: 'Bruno Collègue' });
    expect(colleague.agentId).toBeTruthy();
    const { page } = await journey.open({ agent: { email: 'orientation.navigateur@libercourt.example.fr', role: 'agent', services: ['services-techniques'], name: 'Agathe Orientation' } });
    await page.goto(`${journey.portal()}/agent/demandes/${duplicate.id}`);
    const routing = page.getByRole('region', { name: 'Orienter la demande' });
    await routing.getByLabel('Attribuer à').selectOption({ label: 'Bruno Collègue' });
    await routing.getByRole('button', { name: 'Attribuer' }).click();
    await page.getByRole('status').getByText('Demande attribuée à Bruno Collègue.').waitFor();
    await page.getByRole('region', { name: 'Situation' }).getByText('Bruno Collègue').waitFor();
    await page.getByRole('region', { name: 'Historique' }).getByText('Demande attribuée à Bruno Collègue').waitFor();

    await routing.getByLabel('Priorité').selectOption({ label: 'Haute' });
    await routing.getByRole('button', { name: 'Changer la priorité' }).click();
    await page.getByRole('status').getByText('Priorité : Haute.').waitFor();
    await page.getByRole('region', { name: 'Situation' }).getByText('Haute').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await journey.screenshot(page, 'routing');

    await routing.getByLabel(/Fusionner ce doublon/).fill(original.reference);
    await routing.getByRole('button', { name: 'Chercher' }).click();
    await routing.getByRole('radio', { name: new RegExp(original.reference) }).check();
    await routing.getByRole('button', { name: 'Fusionner' }).click();
    await page.getByRole('status').getByText(`Demande fusionnée dans ${original.reference}.`).waitFor();
    const seenByCitizen = await readJson(await citizen.api.demandes[':id'].$get({ param: { id: duplicate.id } }));
    expect(seenByCitizen.status).toBe('closed_without_action');

    await page.goto(`${journey.portal()}/agent/demandes/${original.id}`);
    await page.getByRole('region', { name: 'Historique' }).getByText(`Doublon ${duplicate.reference} fusionné dans cette demande`).waitFor();
    await routing.getByLabel('Transmettre à un autre service').selectOption({ label: 'Urbanisme' });
    await routing.getByLabel('Mot pour le service (interne, facultatif)').fill('Dépôt sauvage sur un terrain privé.');
    await routing.getByRole('button', { name: 'Transmettre' }).click();
    await page.getByRole('status').getByText('Demande transmise au service Urbanisme.').waitFor();
    await page.getByRole('region', { name: 'Situation' }).getByText('Urbanisme').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await journey.screenshot(page, 'transferred');
  });
});
