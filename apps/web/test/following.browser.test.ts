import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accessibilityViolations,
  agentSession,
  communeBySlug,
  httpClient,
  insertTestProcedure,
  multipartBody,
  readJson,
  samplePdf,
  samplePng,
  startJourney,
  testProcedureDefinition,
  withCookie,
  type SignedInClient,
  type Journey,
  type TestServer,
  seenBy,
} from '@guichet/testing';

const procedure = 'test-suivi-navigateur';
const values = { objet: 'Lampadaire éteint rue Jean-Jaurès', nature: 'voirie' };
let server: TestServer;
let journey: Journey;
let agent: SignedInClient;
let agentCookie: string;

beforeAll(async () => {
  journey = await startJourney('following');
  server = journey.server;
  await insertTestProcedure(server.databases.ownerClient, 'libercourt', procedure, 'services-techniques', testProcedureDefinition({ title: 'Signalement suivi' }));
  const libercourt = await communeBySlug(server.databases.app, 'libercourt');
  ({ cookie: agentCookie } = await agentSession(server.databases.app, libercourt, { email: 'suivi.navigateur@libercourt.example.fr', role: 'agent', services: ['services-techniques'] }));
  agent = withCookie(httpClient(server, 'libercourt'), agentCookie);
});
afterAll(() => journey?.close());

/** The panel that says where the request stands (the timeline repeats each change). */
const statusOf = (page: Page) => page.getByRole('region', { name: 'Où en est ma demande' });

async function expectAccessible(page: Page) {
  expect(await accessibilityViolations(page)).toEqual([]);
}

/** Moves the request through the agent's side of the workflow, as the back office would. */
async function setStatus(id: string, ...statuses: ('acknowledged' | 'in_progress' | 'waiting_citizen' | 'done')[]) {
  for (const status of statuses) {
    expect((await agent.api.agent.demandes[':id'].statut.$post({ header: await seenBy(agent, id), param: { id }, json: { status } })).status, status).toBe(200);
  }
}

async function fileAs(cookie: string | undefined, contact?: { email: string }) {
  const client = httpClient(server, 'libercourt');
  const api = cookie ? withCookie(client, cookie).api : client.api;
  const response = await api.demandes.$post({ json: { procedure, values, ...(contact ? { contact } : {}) } });
  expect(response.status).toBe(201);
  return readJson(response) as Promise<{ id: string; reference: string }>;
}

async function agentUpload(name: string) {
  const { body, contentType } = await multipartBody({}, { name, type: 'application/pdf', bytes: samplePdf('Plan des travaux') });
  const response = await httpClient(server, 'libercourt').request('/api/agent/pieces-jointes', { method: 'POST', body, headers: { 'content-type': contentType, cookie: agentCookie } });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

describe('following a request in a real browser', () => {
  it('lists the citizen’s requests with unread news first, and the header leads there', async () => {
    const { page, cookie } = await journey.open({ signedInAs: 'liste.suivi@example.fr' });
    await page.goto(`${journey.portal()}/mes-demandes`);
    await page.getByText(/aucune demande en ligne/).waitFor();
    await expectAccessible(page);
    await journey.screenshot(page, 'empty-list');

    const older = await fileAs(cookie);
    const newer = await fileAs(cookie);
    await agent.api.agent.demandes[':id'].messages.$post({ header: await seenBy(agent, older.id), param: { id: older.id }, json: { body: 'Nous passons jeudi.', attachmentIds: [] } });
    await page.getByRole('navigation', { name: 'Mon espace' }).getByRole('link', { name: 'Mes demandes' }).click();
    await page.reload();
    const cards = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Signalement suivi' }) });
    await expect.poll(() => cards.count(), { timeout: 10_000 }).toBe(2);
    expect(await cards.first().textContent()).toContain(older.reference);
    expect(await cards.first().textContent()).toContain('1 nouvelle non lue');
    expect(await cards.nth(1).textContent()).toContain(newer.reference);
    expect(await cards.nth(1).textContent()).toContain('Déposée');
    await expectAccessible(page);
    await journey.screenshot(page, 'list');

    // Reading the request marks its news read.
    await cards.first().getByRole('link', { name: 'Signalement suivi' }).click();
    await page.getByText('Nous passons jeudi.').waitFor();
    await page.goBack();
    await expect.poll(() => page.getByText('nouvelle non lue').count(), { timeout: 10_000 }).toBe(0);
  });

  it('shows the agent’s acts live, takes an answer with a file, a rating, then a reopening the agent sees', async () => {
    const { page, cookie } = await journey.open({ signedInAs: 'dialogue.suivi@example.fr' });
    const filed = await fileAs(cookie);
    await page.goto(`${journey.portal()}/mes-demandes/${filed.id}`);
    await page.getByRole('heading', { level: 1, name: `Signalement suivi – ${filed.reference}` }).waitFor();
    expect(await statusOf(page).getByText('Statut : Déposée').isVisible()).toBe(true);
    await expectAccessible(page);
    await journey.screenshot(page, 'request-filed');

    // The agent acts through the API; the open page follows without a reload.
    await setStatus(filed.id, 'acknowledged', 'in_progress');
    const plan = await agentUpload('plan.pdf');
    const question = 'Pouvez-vous nous envoyer une photo du lampadaire ?';
    expect((await agent.api.agent.demandes[':id'].messages.$post({ header: await seenBy(agent, filed.id), param: { id: filed.id }, json: { body: question, attachmentIds: [plan] } })).status).toBe(201);
    await setStatus(filed.id, 'waiting_citizen');
    await statusOf(page).getByText('Statut : En attente de votre réponse').waitFor({ timeout: 15_000 });
    await page.getByText(question).waitFor();
    expect(await page.getByRole('link', { name: 'plan.pdf' }).getAttribute('href')).toBe(`/api/demandes/${filed.id}/pieces-jointes/${plan}`);
    expect(await page.getByText('La mairie attend votre réponse.').isVisible()).toBe(true);
    await expectAccessible(page);
    await journey.screenshot(page, 'question');

    // The question reached the citizen by e-mail, with a link to this page.
    const mail = await server.mailbox.waitFor((candidate) => candidate.to.includes('dialogue.suivi@example.fr') && candidate.subject.startsWith('Nouveau message'), 15_000);
    expect(mail.text).toContain(question);
    expect(mail.text).toContain(`${journey.portal()}/mes-demandes/${filed.id}`);

    // An empty answer is refused next to its field; then the answer goes with a photo.
    await page.getByRole('button', { name: 'Envoyer le message' }).click();
    await page.getByText('Le message est vide.').first().waitFor();
    await page.getByLabel('Votre message').fill('Voici la photo demandée.');
    await page.getByLabel('Joindre des fichiers (facultatif)').setInputFiles({ name: 'lampadaire.png', mimeType: 'image/png', buffer: samplePng() });
    await page.getByRole('list', { name: 'Fichiers joints au message' }).getByText('lampadaire.png', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Envoyer le message' }).click();
    await page.getByText('Votre message est envoyé à la mairie.').waitFor();
    await statusOf(page).getByText('Statut : En cours de traitement').waitFor();
    const seen = await readJson(await agent.api.agent.demandes[':id'].$get({ param: { id: filed.id } }));
    const answer = seen.history.find((event: { kind: string; actorKind: string }) => event.kind === 'message' && event.actorKind === 'citizen');
    expect(answer.payload.body).toBe('Voici la photo demandée.');
    const files = await readJson(await agent.api.agent.demandes[':id']['pieces-jointes'].$get({ param: { id: filed.id } }));
    expect(files.attachments.map((file: { filename: string }) => file.filename)).toContain('lampadaire.png');
    await journey.screenshot(page, 'answered');

    // Closed: the citizen rates, once.
    await setStatus(filed.id, 'done');
    await page.getByRole('heading', { name: 'Votre avis sur le traitement de votre demande' }).waitFor({ timeout: 15_000 });
    await expectAccessible(page);
    await page.getByLabel('4 – Satisfait').check();
    await page.getByLabel('Un commentaire (facultatif)').fill('Rapide.');
    await page.getByRole('button', { name: 'Donner mon avis' }).click();
    await page.getByText('Votre avis : 4 sur 5').waitFor();
    expect(await page.getByRole('heading', { name: 'Votre avis sur le traitement de votre demande' }).count()).toBe(0);
    await journey.screenshot(page, 'rated');

    // Not solved: reopened with a comment, the agent sees it.
    await page.getByText('Mon problème n’est pas résolu').click();
    await expectAccessible(page);
    await page.getByLabel('Qu’est-ce qui n’est pas résolu ?').fill('Le lampadaire s’est de nouveau éteint.');
    await page.getByRole('button', { name: 'Rouvrir la demande' }).click();
    await statusOf(page).getByText('Statut : En cours de traitement').waitFor();
    await page.getByText('Vous avez rouvert la demande').waitFor();
    const reopened = await readJson(await agent.api.agent.demandes[':id'].$get({ param: { id: filed.id } }));
    expect(reopened.status).toBe('in_progress');
    // The worker may append its own lines (a notification sent) after the reopening: look for the act itself.
    expect(reopened.history.findLast((event: { kind: string }) => event.kind === 'reopened')).toMatchObject({
      payload: { comment: 'Le lampadaire s’est de nouveau éteint.' },
    });
    await journey.screenshot(page, 'reopened');
  });

  it('withdraws a request the service has not started, with a reason', async () => {
    const { page, cookie } = await journey.open({ signedInAs: 'retrait.suivi@example.fr', width: 360 });
    const filed = await fileAs(cookie);
    await page.goto(`${journey.portal()}/mes-demandes/${filed.id}`);
    await page.getByText('Retirer ma demande').click();
    await page.getByRole('button', { name: 'Retirer la demande' }).click();
    await page.getByRole('link', { name: 'Indiquez pourquoi vous retirez votre demande.' }).waitFor();
    await expectAccessible(page);
    await page.getByLabel('Pourquoi retirez-vous votre demande ?').fill('Le voisin a réparé.');
    await page.getByRole('button', { name: 'Retirer la demande' }).click();
    await statusOf(page).getByText('Statut : Classée sans suite').waitFor();
    expect(await page.getByText('Le voisin a réparé.').isVisible()).toBe(true);
    expect(await page.getByText('Retirer ma demande').count()).toBe(0);
    await journey.screenshot(page, 'withdrawn-narrow');
  });

  it('follows and answers a request filed without an account through the e-mailed link, in a fresh browser', async () => {
    const filed = await fileAs(undefined, { email: 'sans.compte.navigateur@example.fr' });
    const mail = await server.mailbox.waitFor(
      (candidate) => candidate.to.includes('sans.compte.navigateur@example.fr') && candidate.subject.includes(filed.reference),
      15_000,
    );
    const link = mail.text.match(/https?:\/\/[^\s<>"]+\/suivi\/[A-Za-z0-9_-]{43}/)![0];
    const plan = await agentUpload('itineraire.pdf');
    await agent.api.agent.demandes[':id'].messages.$post({ header: await seenBy(agent, filed.id), param: { id: filed.id }, json: { body: 'Quel est le numéro le plus proche ?', attachmentIds: [plan] } });

    const { page } = await journey.open();
    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: `Signalement suivi – ${filed.reference}` }).waitFor();
    await page.getByText('Quel est le numéro le plus proche ?').waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'itineraire.pdf' }).click();
    expect((await download).suggestedFilename()).toBe('itineraire.pdf');
    expect(await page.getByLabel('Joindre des fichiers (facultatif)').count()).toBe(0);
    await expectAccessible(page);
    await journey.screenshot(page, 'follow-up-link');

    await page.getByLabel('Votre message').fill('Devant le 14.');
    await page.getByRole('button', { name: 'Envoyer le message' }).click();
    await page.getByText('Votre message est envoyé à la mairie.').waitFor();
    await page.getByText('Devant le 14.').waitFor();
    const seen = await readJson(await agent.api.agent.demandes[':id'].$get({ param: { id: filed.id } }));
    // The last message (a notification of the agent's question may be recorded after it).
    expect(seen.history.filter((event: { kind: string }) => event.kind === 'message').at(-1)).toMatchObject({
      kind: 'message',
      actorKind: 'citizen',
      payload: { body: 'Devant le 14.' },
    });

    // A mangled link says so and offers the links again, which the form sends.
    await page.goto(`${journey.portal()}/suivi/${'A'.repeat(43)}`);
    await page.getByText(/ne mène à aucune demande/).waitFor();
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Recevoir à nouveau mes liens de suivi' }).click();
    await page.getByLabel('Adresse e-mail utilisée pour la demande').fill('sans.compte.navigateur@example.fr');
    await page.getByRole('button', { name: 'Recevoir mes liens de suivi' }).click();
    await page.getByText(/un e-mail vient d’y partir/).waitFor();
    await expectAccessible(page);
    await journey.screenshot(page, 'links-again');
    const again = await server.mailbox.waitFor((candidate) => candidate.to.includes('sans.compte.navigateur@example.fr') && candidate.subject.startsWith('Le lien de suivi'), 15_000);
    expect(again.text).toMatch(/\/suivi\/[A-Za-z0-9_-]{43}/);
  });

  it('sends a signed-out visitor of « Mes demandes » to sign in, and back', async () => {
    const { page } = await journey.open();
    await page.goto(`${journey.portal()}/mes-demandes`);
    await page.waitForURL(/\/connexion\?retour=%2Fmes-demandes$/);
    await page.goto(`${journey.portal()}/demarches`);
    const signIn = page.getByRole('navigation', { name: 'Mon espace' }).getByRole('link', { name: 'Se connecter' });
    expect(await signIn.getAttribute('href')).toBe('/connexion?retour=%2Fdemarches');
  });
});
