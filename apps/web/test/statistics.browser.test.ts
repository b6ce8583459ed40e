import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant, type Tenant } from '@guichet/db';
import { refreshRequestFacts } from '@guichet/statistics';
import {
  accessibilityViolations,
  agentSession,
  citizenSession,
  communeBySlug,
  httpClient,
  insertTestProcedure,
  readJson,
  seenBy,
  startJourney,
  startTilePeer,
  testProcedureDefinition,
  until,
  withCookie,
  type Journey,
} from '@guichet/testing';

// Quarters of last year: always among the ended periods the publication form offers.
const lastYear = new Date().getFullYear() - 1;
const third = { label: `3e trimestre ${lastYear}`, key: `${lastYear}-T3` };
const second = { label: `2e trimestre ${lastYear}`, key: `${lastYear}-T2` };

let tiles: Awaited<ReturnType<typeof startTilePeer>>;
let journey: Journey;
let libercourt: Tenant;

beforeAll(async () => {
  tiles = await startTilePeer();
  journey = await startJourney('statistics', { environment: { MAP_TILE_URL: tiles.template, MAP_TILE_ATTRIBUTION: '© Tuiles de test' } });
  const { server } = journey;
  await insertTestProcedure(server.databases.ownerClient, 'libercourt', 'test-tableau-de-bord', 'services-techniques', testProcedureDefinition({ title: 'Signalement (tableau de bord)', routing: [] }));
  libercourt = await communeBySlug(server.databases.app, 'libercourt');
  const portal = httpClient(server, 'libercourt');
  const citizen = withCookie(portal, (await citizenSession(server.databases.app, libercourt, 'tableau.de.bord@example.fr')).cookie);
  const agent = withCookie(portal, (await agentSession(server.databases.app, libercourt, { email: 'voirie.tableau@libercourt.example.fr', role: 'agent', services: ['services-techniques'] })).cookie);
  const filed: string[] = [];
  // The first near the station, in the sector "Nord – quartier de la gare".
  for (const [objet, lieu] of [['Nid-de-poule', { label: 'Rue de la Gare, Libercourt', lat: 50.4935, lon: 3.0141 }], ['Lampadaire éteint'], ['Tag sur un mur']] as const) {
    filed.push((await readJson(await citizen.api.demandes.$post({ json: { procedure: 'test-tableau-de-bord', values: { objet, nature: 'voirie', ...(lieu ? { lieu } : {}) } } }))).id);
  }
  // One answered at once, the others still in progress.
  const moved = await agent.api.agent.demandes[':id'].statut.$post({ header: await seenBy(agent, filed[0]!), param: { id: filed[0]! }, json: { status: 'done' } });
  expect(moved.status).toBe(200);
  expect((await citizen.api.demandes[':id'].avis.$post({ param: { id: filed[0]! }, json: { rating: 5 } })).status).toBe(200);
  while ((await withTenant(server.databases.app, libercourt.id, (tx) => refreshRequestFacts({ tx }))).more);
});
afterAll(async () => {
  await journey?.close();
  await tiles?.close();
});

describe('the commune’s dashboard in a real browser', () => {
  it('shows an administrator the month’s key figures, its charts, tables and their CSV, accessibly', async () => {
    const { page } = await journey.open({ agent: { email: 'admin.tableau@libercourt.example.fr', role: 'commune_admin', services: [] } });
    const scripts: string[] = [];
    page.on('request', (request) => request.resourceType() === 'script' && scripts.push(new URL(request.url()).pathname));
    const chartsLibrary = (path: string) => /\/charts-[\w-]+\.js$/.test(path);
    await page.goto(`${journey.portal()}/agent`);
    await page.getByRole('link', { name: 'Statistiques' }).waitFor();
    expect(scripts.filter(chartsLibrary), 'the charting library, on the back office’s home').toEqual([]);
    await page.getByRole('link', { name: 'Statistiques' }).click();
    await page.getByRole('heading', { level: 1, name: 'Statistiques' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Chiffres clés' }).waitFor();
    // Each chart is named after its table, which follows it; drawn by the library fetched for them.
    const byProcedureChart = page.getByRole('img', { name: /^Par démarche \(graphique/ });
    await byProcedureChart.waitFor();
    expect(await byProcedureChart.locator('rect').count()).toBeGreaterThan(0);
    await page.getByRole('img', { name: /^Par jour \(graphique/ }).waitFor();
    await page.getByRole('img', { name: /^Notes données à la clôture \(graphique/ }).waitFor();
    expect(scripts.filter(chartsLibrary)).toHaveLength(1);
    expect(await accessibilityViolations(page)).toEqual([]);
    await journey.screenshot(page, 'dashboard');

    // Other files of the run file in Libercourt too: the procedure's own row says what this one filed.
    const byProcedure = page.getByRole('table', { name: 'Par démarche' });
    expect(await byProcedure.getByRole('row', { name: /Signalement \(tableau de bord\)/ }).getByRole('cell').textContent()).toBe('3');
    const delays = page.getByRole('table', { name: /Temps écoulé depuis le dépôt/ });
    await delays.getByRole('rowheader', { name: 'Clôture' }).waitFor();
    expect(await page.getByRole('table', { name: 'Notes données à la clôture' }).getByRole('row', { name: /5 sur 5/ }).getByRole('cell').textContent()).not.toBe('0');

    // The citizens who filed, and how many did so online.
    const adoption = page.getByRole('region', { name: 'Les usagers et le portail' });
    expect(Number(await adoption.getByRole('definition').nth(1).textContent())).toBeGreaterThanOrEqual(1);

    // Where: the commune's map with its sectors, and the table by sector it pictures.
    await page.getByRole('heading', { level: 2, name: 'Par lieu' }).waitFor();
    await page.locator('figure', { hasText: 'Les secteurs sont d’autant plus foncés' }).locator('.leaflet-container path').first().waitFor();
    const bySector = page.getByRole('table', { name: 'Par secteur' });
    expect(Number(await bySector.getByRole('row', { name: /Nord – quartier de la gare/ }).getByRole('cell').first().textContent())).toBeGreaterThanOrEqual(1);
    await page.getByText('Les mailles de la carte').click();
    await page.getByRole('table', { name: /par maille/ }).getByRole('rowheader', { name: '50,49 ; 3,01' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await journey.screenshot(page, 'dashboard-places');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Télécharger les chiffres (CSV)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^statistiques-libercourt-\d{4}-\d{2}-01-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await text(await download.createReadStream());
    expect(csv).toContain('Indicateur;Détail;Valeur');
    expect(csv).toContain('Demandes déposées;démarche : Signalement (tableau de bord);3');
    expect(csv).toMatch(/Demandes déposées;secteur : Libercourt – Nord – quartier de la gare;\d+/);
  });

  it('takes a period, and says so when it is reversed', async () => {
    const { page } = await journey.open({ agent: { email: 'elu.tableau@libercourt.example.fr', role: 'elected_official', services: ['services-techniques'] } });
    await page.goto(`${journey.portal()}/agent/statistiques`);
    await page.getByLabel('Du').fill('2026-01-01');
    await page.getByLabel('au', { exact: true }).fill('2025-12-31');
    await page.getByRole('button', { name: 'Afficher' }).click();
    await page.getByRole('alert').filter({ hasText: 'Les chiffres n’ont pas pu être calculés' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await journey.screenshot(page, 'reversed-period');
    await page.getByLabel('au', { exact: true }).fill('2026-12-31');
    await page.getByRole('button', { name: 'Afficher' }).click();
    await page.getByText('Du 1 janvier 2026 au 31 décembre 2026.').waitFor();
  });

  it('is not in an agent’s menu, and the page refuses them', async () => {
    const { page } = await journey.open({ agent: { email: 'agent.tableau@libercourt.example.fr', role: 'agent', services: ['services-techniques'] } });
    await page.goto(`${journey.portal()}/agent`);
    await page.getByRole('link', { name: 'Demandes', exact: true }).first().waitFor();
    expect(await page.getByRole('link', { name: 'Statistiques' }).count()).toBe(0);
    await page.goto(`${journey.portal()}/agent/statistiques`);
    await page.getByRole('alert').filter({ hasText: 'Les statistiques sont réservées' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});

describe('the quality report, published by an administrator and read by anyone', () => {
  it('publishes an ended quarter from the dashboard; the portal’s Qualité du service page shows it with its open data, accessibly', async () => {
    const admin = await journey.open({ agent: { email: 'admin.qualite@libercourt.example.fr', role: 'commune_admin', services: [] } });
    await admin.page.goto(`${journey.portal()}/agent/statistiques`);
    await admin.page.getByRole('heading', { level: 2, name: 'Rapport qualité public' }).waitFor();
    await admin.page.getByLabel('Période terminée').selectOption({ label: third.label });
    await admin.page.getByRole('button', { name: 'Publier' }).click();
    await admin.page.getByRole('status').filter({ hasText: `${third.label} : période publiée sur le portail.` }).waitFor();
    await admin.page.getByRole('button', { name: `Retirer ${third.label}` }).waitFor();
    expect(await accessibilityViolations(admin.page)).toEqual([]);
    await journey.screenshot(admin.page, 'quality-publication');

    const { page } = await journey.open({});
    await page.goto(`${journey.portal()}/`);
    await page.getByRole('link', { name: 'Qualité du service' }).click();
    await page.getByRole('heading', { level: 1, name: 'Qualité du service' }).waitFor();
    const quarter = page.getByRole('region', { name: third.label });
    await quarter.waitFor();
    await quarter.getByText('Closes dans le délai annoncé').waitFor();
    await page.getByRole('heading', { name: 'Comment ces chiffres sont établis' }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Télécharger les données (CSV)' }).click()]);
    expect(download.suggestedFilename()).toBe('qualite-libercourt.csv');
    expect(await text(await download.createReadStream())).toContain(`${third.key};demandes_deposees;`);
    expect(await accessibilityViolations(page)).toEqual([]);
    await journey.screenshot(page, 'quality-report');
  });
});

describe('the EPCI’s dashboard on its console', () => {
  it('compares the member communes and consolidates them, none of another EPCI, accessibly', async () => {
    const { page } = await journey.open({ epciStaff: { email: 'stats.console@agglo-henin-carvin.example.fr' } });
    const requestedBefore = tiles.requested().length;
    await page.goto(`${journey.portal('agglo-henin-carvin')}/console`);
    await page.getByRole('link', { name: 'Statistiques' }).click();
    await page.getByRole('heading', { level: 1, name: 'Statistiques des communes membres' }).waitFor();
    const compared = page.getByRole('table', { name: 'Par commune, pour la période' });
    await compared.waitFor();
    const communes = await compared.getByRole('rowheader').allTextContents();
    expect(communes.sort()).toEqual(['Carvin', 'Libercourt', 'Oignies']);
    // Libercourt's three filings of this file are among the EPCI's.
    expect(Number(await compared.getByRole('row', { name: /^Libercourt/ }).getByRole('cell').first().textContent())).toBeGreaterThanOrEqual(3);
    const comparedChart = page.getByRole('img', { name: /^Demandes déposées par commune \(graphique/ });
    await comparedChart.waitFor();
    expect(await comparedChart.locator('rect').count()).toBe(3);
    // Narrowed to two of its communes: compared and consolidated without the third.
    await page.getByRole('group', { name: 'Communes' }).getByLabel('Oignies').uncheck();
    await page.getByRole('button', { name: 'Afficher' }).click();
    await page.waitForURL(/communes=carvin%2Clibercourt|communes=carvin,libercourt/);
    await until(async () => (await compared.getByRole('rowheader').allTextContents()).length === 2, 'the comparison narrowed to two communes');
    expect((await compared.getByRole('rowheader').allTextContents()).sort()).toEqual(['Carvin', 'Libercourt']);
    expect(await page.getByRole('group', { name: 'Communes' }).getByLabel('Oignies').isChecked()).toBe(false);
    await page.getByRole('heading', { level: 2, name: 'Toutes les communes ensemble' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Chiffres clés' }).waitFor();
    // Where, across the communes: their sectors on one map, on the platform's tiles (the console's policy allows them).
    await page.locator('figure', { hasText: 'Les secteurs sont d’autant plus foncés' }).locator('.leaflet-container path').first().waitFor();
    await until(() => tiles.requested().length > requestedBefore, 'tiles asked by the console’s map');
    await page.getByRole('table', { name: 'Par secteur' }).getByRole('row', { name: /Nord – quartier de la gare/ }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await journey.screenshot(page, 'console');
  });

  it('publishes the EPCI’s consolidated quality report from the console; the EPCI’s site shows it with its open data, accessibly', async () => {
    const staff = await journey.open({ epciStaff: { email: 'qualite.console@agglo-henin-carvin.example.fr' } });
    await staff.page.goto(`${journey.portal('agglo-henin-carvin')}/console/statistiques`);
    await staff.page.getByRole('heading', { level: 2, name: 'Rapport qualité public' }).waitFor();
    await staff.page.getByLabel('Période terminée').selectOption({ label: second.label });
    await staff.page.getByRole('button', { name: 'Publier' }).click();
    await staff.page.getByRole('status').filter({ hasText: `${second.label} : période publiée sur le site de l’intercommunalité.` }).waitFor();
    await staff.page.getByRole('button', { name: `Retirer ${second.label}` }).waitFor();

    const { page } = await journey.open({});
    await page.goto(`${journey.portal('agglo-henin-carvin')}/`);
    await page.getByRole('link', { name: 'Qualité du service' }).click();
    await page.getByRole('heading', { level: 1, name: 'Qualité du service' }).waitFor();
    await page.getByText('publie les résultats de l’ensemble de ses communes membres').waitFor();
    await page.getByRole('region', { name: second.label }).getByText('Closes dans le délai annoncé').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Télécharger les données (CSV)' }).click()]);
    expect(download.suggestedFilename()).toBe('qualite-agglo-henin-carvin.csv');
    expect(await text(await download.createReadStream())).toContain(`${second.key};demandes_deposees;`);
    expect(await accessibilityViolations(page)).toEqual([]);
    await journey.screenshot(page, 'epci-quality-report');
  });
});

async function text(stream: AsyncIterable<Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}
