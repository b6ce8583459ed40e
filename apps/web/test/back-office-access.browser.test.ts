import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, citizenSession, communeBySlug, httpClient, insertTestProcedure, readJson, startJourney, testProcedureDefinition, withCookie, type Journey } from '@guichet/testing';

let journey: Journey;
const restricted = 'test-guichet-aide-restreinte';

beforeAll(async () => {
  journey = await startJourney('back-office-access');
  await insertTestProcedure(journey.server.databases.ownerClient, 'libercourt', restricted, 'ccas', testProcedureDefinition({ title: 'Aide sociale (test)', routing: [], restricted: true }));
});
afterAll(() => journey?.close());

describe('who reaches which back office, in a real browser (journey 7)', () => {
  it('a Libercourt agent’s session is useless on Carvin’s host: sent there, it opens nothing and the page asks to sign in', async () => {
    const { context, cookie } = await journey.open({ agent: { email: 'acces.libercourt@libercourt.example.fr', role: 'commune_admin', services: [] } });
    const [name, value] = cookie!.split('=') as [string, string];
    // The same cookie, replayed on Carvin's host (as a stolen or shared cookie would be).
    await context.addCookies([{ name, value, domain: 'carvin.localhost', path: '/' }]);
    const page = await context.newPage();
    await page.goto(`${journey.portal('carvin')}/agent/demandes`);
    await page.getByRole('heading', { level: 1, name: 'Connexion à l’espace agents' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/agent/connexion');
    expect(await page.title()).toBe('Connexion à l’espace agents – Espace agents – Carvin');
    const answer = await page.evaluate(async () => (await fetch('/api/agent/demandes')).status);
    expect(answer).toBe(401);
    expect(await accessibilityViolations(page)).toEqual([]);
    await journey.screenshot(page, 'carvin-refused');
    // On its own host the same session works.
    const home = await context.newPage();
    await home.goto(`${journey.portal()}/agent/demandes`);
    await home.getByRole('heading', { level: 1, name: 'Demandes' }).waitFor();
  });

  it('a technical-services agent cannot open a restricted social-aid request, nor find it in the inbox', async () => {
    const libercourt = await communeBySlug(journey.server.databases.app, 'libercourt');
    const citizen = withCookie(httpClient(journey.server, 'libercourt'), (await citizenSession(journey.server.databases.app, libercourt, 'acces.aide@example.fr')).cookie);
    const filed = (await readJson(await citizen.api.demandes.$post({ json: { procedure: restricted, values: { objet: 'Aide au loyer', nature: 'voirie' } } }))) as { id: string; reference: string };
    const { page } = await journey.open({ agent: { email: 'acces.voirie@libercourt.example.fr', role: 'agent', services: ['services-techniques'] } });
    await page.goto(`${journey.portal()}/agent/demandes/${filed.id}`);
    await page.getByText('Cette demande n’existe pas, ou elle n’est pas traitée par vos services.').waitFor();
    expect(await page.getByText('Aide au loyer').count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await journey.screenshot(page, 'restricted-refused');
    await page.goto(`${journey.portal()}/agent/demandes?q=${encodeURIComponent(filed.reference)}`);
    await page.getByText('Aucune demande ne correspond à ces critères.').waitFor();

    // The CCAS's agent opens it.
    const social = await journey.open({ agent: { email: 'acces.ccas@libercourt.example.fr', role: 'agent', services: ['ccas'] } });
    await social.page.goto(`${journey.portal()}/agent/demandes/${filed.id}`);
    await social.page.getByRole('heading', { level: 1, name: new RegExp(`^${filed.reference}`) }).waitFor();
  });
});
