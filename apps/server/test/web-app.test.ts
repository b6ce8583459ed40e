import { readFileSync } from 'node:fs';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  citizenSession,
  communeBySlug,
  httpClient,
  insertTestProcedure,
  onHost,
  openEventStream,
  readJson,
  repositoryRoot,
  samplePdf,
  startServer,
  testProcedureDefinition,
  type TestServer,
  withCookie,
} from '@guichet/testing';
import { pdfFile, upload } from './file-uploads.ts';

// The web app as `npm start` serves it: run `npx turbo run build --filter=@guichet/web` first.
const webDistDir = path.join(repositoryRoot, 'apps/web/dist');
let server: TestServer;
let libercourt: ReturnType<typeof onHost>;
/** The entry script the shell names (Vite's hashed file under /assets). */
let entryScript = '';

beforeAll(async () => {
  server = await startServer({ webDistDir });
  libercourt = onHost(server, 'libercourt');
  entryScript = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"/.exec(readFileSync(path.join(webDistDir, 'index.html'), 'utf8'))![1]!;
});
afterAll(() => server?.close());

async function expectShell(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  expect(response.headers.get('cache-control')).toBe('no-cache');
  expect(await response.text()).toContain('<div id="app"></div>');
}

describe('the web app’s pages and the others', () => {
  it('answers an unknown path with 404 and the shell, which shows "Page introuvable"', async () => {
    await expectShell(await libercourt('/nulle-part'), 404);
    await expectShell(await libercourt('/mon-compte/inexistant'), 404);
    await expectShell(await libercourt('/connexion//'), 404);
  });

  it('answers every page of the web app with 200 and the shell', async () => {
    for (const page of ['/', '/connexion', '/mon-compte', '/demarches', '/demarches/', '/Demarches', '/agent/administration/journal']) {
      await expectShell(await libercourt(page), 200);
    }
    await expectShell(await onHost(server, 'agglo-henin-carvin')('/console/connexion'), 200);
  });

  it('answers 404 for a démarche the commune does not publish, 200 for one it does', async () => {
    await expectShell(await libercourt('/demarches/copie-acte-naissance'), 200);
    await expectShell(await libercourt('/demarches/copie-acte-naissance/demande'), 200);
    await expectShell(await libercourt('/demarches/inconnue'), 404);
    await expectShell(await libercourt('/demarches/inconnue/demande'), 404);
    // A slug Postgres cannot hold (U+0000) names no démarche either, rather than failing the page.
    await expectShell(await libercourt('/demarches/copie-acte-naissance%00'), 404);
    // A console has no démarches.
    await expectShell(await onHost(server, 'agglo-henin-carvin')('/demarches/copie-acte-naissance'), 404);
  });

  it('answers each page on the host it belongs to only: a portal’s pages on the console, the console on a portal, 404', async () => {
    const epciConsole = onHost(server, 'agglo-henin-carvin');
    for (const page of ['/demarches', '/mes-demandes', '/mon-compte', '/coffre-fort', '/accessibilite', '/agent']) {
      await expectShell(await epciConsole(page), 404);
    }
    for (const page of ['/', '/console', '/console/connexion']) await expectShell(await epciConsole(page), 200);
    await expectShell(await libercourt('/console'), 404);
    await expectShell(await libercourt('/'), 200);
  });

  it('keeps problem details for unknown API and Open311 addresses', async () => {
    for (const address of ['/api/nulle-part', '/open311/nulle-part']) {
      const response = await libercourt(address);
      expect(response.status, address).toBe(404);
      expect(response.headers.get('content-type'), address).toContain('application/problem+json');
    }
    // Under /open311/v2, the protocol's own error format.
    const open311 = await libercourt('/open311/v2/nulle-part.json');
    expect(open311.status).toBe(404);
    expect(open311.headers.get('content-type')).toMatch(/^application\/json/);
    const missingAsset = await libercourt('/assets/disparu-0123abcd.js');
    expect(missingAsset.status).toBe(404);
    expect(missingAsset.headers.get('content-type')).not.toMatch(/^text\/html/);
  });
});

describe('compression and caching', () => {
  it('serves the build’s brotli and gzip assets to browsers that accept them, cached for a year', async () => {
    const plain = Buffer.from(await (await libercourt(entryScript)).arrayBuffer());
    expect(plain.length).toBeGreaterThan(10_000);

    const br = await libercourt(entryScript, { headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } });
    expect(br.status).toBe(200);
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(br.headers.get('vary')).toMatch(/accept-encoding/i);
    const brBytes = Buffer.from(await br.arrayBuffer());
    expect(brBytes.length).toBeLessThan(plain.length / 2);
    expect(brotliDecompressSync(brBytes).equals(plain)).toBe(true);

    const gzip = await libercourt(entryScript, { headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gzip.arrayBuffer())).equals(plain)).toBe(true);

    for (const response of [br, gzip]) expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('never lets the HTML shell be kept without asking again', async () => {
    expect((await libercourt('/demarches', { headers: { 'accept-encoding': 'gzip' } })).headers.get('cache-control')).toBe('no-cache');
    expect((await libercourt('/page-disparue')).headers.get('cache-control')).toBe('no-cache');
  });

  it('compresses a JSON answer with gzip when the client asks for it', async () => {
    const response = await libercourt('/api/catalogue', { headers: { 'accept-encoding': 'gzip' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBe('gzip');
    const body = JSON.parse(gunzipSync(Buffer.from(await response.arrayBuffer())).toString('utf8'));
    expect(body.themes.length).toBeGreaterThan(0);
    const identity = await libercourt('/api/catalogue');
    expect(identity.headers.get('content-encoding')).toBeNull();
    // Both say they vary with it, for a cache between the server and its clients.
    for (const answer of [response, identity]) expect(answer.headers.get('vary')).toMatch(/accept-encoding/i);
  });

  it('leaves the event stream uncompressed, so that each event arrives as it is sent', async () => {
    await insertTestProcedure(server.databases.ownerClient, 'libercourt', 'test-compression', 'services-techniques', testProcedureDefinition());
    const commune = await communeBySlug(server.databases.app, 'libercourt');
    const { cookie } = await citizenSession(server.databases.app, commune, 'camille.compression@example.fr');
    const citizen = withCookie(httpClient(server, 'libercourt'), cookie);
    const filed = await readJson(
      await citizen.api.demandes.$post({ json: { procedure: 'test-compression', values: { objet: 'Lampadaire éteint', nature: 'voirie' } } }),
    );
    const stream = await openEventStream(server, 'libercourt', `/api/demandes/${filed.id}/flux`, cookie, { 'accept-encoding': 'gzip, deflate, br' });
    try {
      expect(stream.status).toBe(200);
      expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);
      expect(stream.headers['content-encoding']).toBeUndefined();
      expect(JSON.parse((await stream.next()).data).status).toBe('submitted');
    } finally {
      stream.close();
    }
  });

  it('sends a stored file as it is, with its length, even to a client that accepts gzip', async () => {
    const commune = await communeBySlug(server.databases.app, 'libercourt');
    const { cookie } = await citizenSession(server.databases.app, commune, 'claude.compression@example.fr');
    // Over the compressor's 1 KB threshold.
    const pdf = samplePdf('Attestation '.repeat(200));
    const added = await readJson(await upload(httpClient(server, 'libercourt'), '/api/coffre-fort', pdfFile(pdf), { cookie, fields: { title: 'Attestation', expiresOn: '' } }));
    const download = await libercourt(`/api/coffre-fort/${added.id}`, { headers: { cookie, 'accept-encoding': 'gzip' } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-encoding')).toBeNull();
    expect(download.headers.get('content-length')).toBe(String(pdf.length));
    expect(Buffer.from(await download.arrayBuffer()).equals(pdf)).toBe(true);
  });
});
