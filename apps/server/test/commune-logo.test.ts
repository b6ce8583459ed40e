import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import { withTenant, type Tenant } from '@guichet/db';
import { agentSession, communeBySlug, httpClient, onHost, readJson, restoreCommuneLogo, samplePdf, samplePng, startServer, type HttpClient, type MultipartFile, type TestServer } from '@guichet/testing';
import { pngFile, upload } from './file-uploads.ts';

let server: TestServer;
let oignies: Tenant;
let portal: HttpClient;
let adminCookie: string;
let agentCookie: string;

const LOGO_PATH = '/api/agent/administration/commune/logo';
const sendLogo = (file: MultipartFile, cookie = adminCookie) => upload(portal, LOGO_PATH, file, { cookie, method: 'PUT' });
const servedLogo = async (slug = 'oignies', path = '/api/commune/logo') => {
  const response = await onHost(server, slug)(path);
  return { type: response.headers.get('content-type'), headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
};
const svgFile = (text: string, name = 'logo.svg'): MultipartFile => ({ name, type: 'image/svg+xml', bytes: Buffer.from(text) });

// Oignies, whose logo site.test.ts reads: the file's logo is put back at the end.
beforeAll(async () => {
  server = await startServer();
  oignies = await communeBySlug(server.databases.app, 'oignies');
  portal = httpClient(server, 'oignies');
  adminCookie = (await agentSession(server.databases.app, oignies, { email: 'logo.admin@oignies.example.fr', role: 'commune_admin', services: [] })).cookie;
  agentCookie = (await agentSession(server.databases.app, oignies, { email: 'logo.agent@oignies.example.fr', role: 'service_manager', services: ['culture'] })).cookie;
});
afterAll(async () => {
  await restoreCommuneLogo(server.databases.app, oignies);
  await server.close();
});

/**
 * Runs `branding = <change>` in a transaction that holds the commune's row until the request
 * `send` starts is seen waiting for it, then commits: the request meets a change made meanwhile.
 */
async function whileRowHeld(change: SQL, send: () => Promise<{ sent: Promise<Response>; check: (response: Response) => Promise<void> }>) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let held!: () => void;
  const holding = new Promise<void>((resolve) => (held = resolve));
  const holder = withTenant(server.databases.app, oignies.id, async (tx) => {
    await tx.execute(sql`update tenants set branding = ${change} where id = ${oignies.id}`);
    held();
    await released;
  });
  await holding;
  try {
    const { sent, check } = await send();
    // A lock not granted: the request is waiting for the row (pg_locks is readable by any role).
    await expect.poll(async () => (await server.databases.ownerClient`select count(*)::int as n from pg_locks where not granted`)[0]!.n, { timeout: 10_000 }).toBeGreaterThan(0);
    release();
    await holder;
    await check(await sent);
  } finally {
    release();
  }
}

describe('the commune’s logo, uploaded by its administrator', () => {
  it('accepts a PNG, serves it as a PNG at once under a new address, keeps the old address working, and writes it to the audit log', async () => {
    const before = await readJson(await portal.api.commune.$get());
    const png = samplePng([0xf5, 0xa6, 0x23]);
    const response = await sendLogo(pngFile(png, 'logo.png'));
    expect(response.status).toBe(200);
    const { logoUrl } = await readJson(response);
    expect(logoUrl).toMatch(/^\/api\/commune\/logo\?v=[\w-]{12}$/);
    expect(logoUrl).not.toBe(before.branding.logoUrl);
    expect((await readJson(await portal.api.commune.$get())).branding.logoUrl).toBe(logoUrl);

    for (const path of [logoUrl, '/api/commune/logo.svg']) {
      const served = await servedLogo('oignies', path);
      expect(served.type).toBe('image/png');
      expect(served.bytes.equals(png)).toBe(true);
      expect(served.headers.get('x-content-type-options')).toBe('nosniff');
      expect(served.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'; sandbox");
    }
    const journal = await readJson(await portal.request('/api/agent/administration/journal', { headers: { cookie: adminCookie } }));
    expect(journal.entries[0]).toMatchObject({ action: 'logo_changed', actor: { name: 'Agent de test' } });
  });

  it('keeps of an SVG what draws, without script, event handlers, external references or foreignObject', async () => {
    const hostile = `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 120 120" onload="alert('onload')">
  <script>alert('script')</script>
  <style>@import url(https://pisteur.example.net/style.css);</style>
  <style>@\\69mport "https://pisteur.example.net/b.css"; rect { fill: u\\72l(https://pisteur.example.net/c) }</style>
  <linearGradient id="degrade"><stop offset="0" stop-color="#1b6b45"/></linearGradient>
  <circle id="rond" fill="url(#degrade)" cx="60" cy="60" r="50" onclick="alert('click')"/>
  <rect width="5" height="5" fill="u\\72l(https://pisteur.example.net/d)" style="background-image: image-set('https://pisteur.example.net/e' 1x)"/>
  <a href="javascript:alert('lien')"><text>lien</text></a>
  <set attributeName="href" to="https://pisteur.example.net/f"/>
  <animate attributeName="href" values="javascript:alert('anime')"/>
  <image href="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=" width="1" height="1"/>
  <use href="#rond" x="10"/>
  <a href="https://pisteur.example.net/"><rect width="10" height="10" style="fill: url(https://pisteur.example.net/motif.svg#m)"/></a>
  <image xlink:href="https://pisteur.example.net/pixel.png" width="1" height="1"/>
  <use href="autre-fichier.svg#forme"/>
  <foreignObject width="100" height="100"><div xmlns="http://www.w3.org/1999/xhtml">HTML caché</div></foreignObject>
  <text x="60" y="110">Oignies&#160;!</text>
</svg>`;
    const response = await sendLogo(svgFile(hostile));
    expect(response.status).toBe(200);
    const served = await servedLogo();
    expect(served.type).toBe('image/svg+xml');
    expect(served.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'; sandbox");
    const svg = served.bytes.toString('utf8');
    for (const gone of ['<script', 'alert', 'onload', 'onclick', 'pisteur.example.net', 'autre-fichier.svg', 'foreignObject', 'HTML caché', '@import', '<style', 'style=', 'javascript:', '<set', '<animate', 'data:image/svg+xml']) {
      expect(svg, gone).not.toContain(gone);
    }
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    for (const kept of ['viewBox="0 0 120 120"', '<linearGradient id="degrade">', '<circle id="rond" fill="url(#degrade)" cx="60" cy="60" r="50"/>', '<use href="#rond" x="10"/>', 'Oignies\u00a0!']) {
      expect(svg, kept).toContain(kept);
    }
  });

  it('refuses what is not a readable SVG or PNG of 200 ko at most, in French on the file field, and keeps the logo it had', async () => {
    const kept = await servedLogo();
    const hugePng = samplePng();
    hugePng.writeUInt32BE(5000, 16);
    hugePng.writeUInt32BE(5000, 20);
    hugePng.writeUInt32BE(crc32(hugePng.subarray(12, 29)), 29);
    const refusals: [MultipartFile, string][] = [
      [{ name: 'arrete.pdf', type: 'application/pdf', bytes: samplePdf() }, 'Le logo doit être une image SVG ou PNG.'],
      [svgFile(`<svg xmlns="http://www.w3.org/2000/svg"><!-- ${'x'.repeat(210 * 1024)} --><circle r="1"/></svg>`), 'Ce fichier pèse plus de 200 ko : le logo doit peser 200 ko au plus.'],
      // Under the limit as sent, four times heavier once written back (each `>` escaped).
      [svgFile(`<svg xmlns="http://www.w3.org/2000/svg"><text>${'>'.repeat(150 * 1024)}</text></svg>`), 'Ce fichier pèse plus de 200 ko : le logo doit peser 200 ko au plus.'],
      [pngFile(Buffer.concat([samplePng().subarray(0, 8), Buffer.from('pas vraiment une image')]), 'logo.png'), 'Ce fichier commence comme une image PNG mais son contenu est illisible : enregistrez-le de nouveau depuis votre logiciel de dessin.'],
      [pngFile(Buffer.from('<html><script>alert(1)</script></html>'), 'logo.png'), 'Le logo doit être une image SVG ou PNG.'],
      [pngFile(hugePng, 'logo.png'), 'Cette image mesure 5000 × 5000 pixels : 4096 pixels au plus de côté.'],
      [svgFile('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'Ce fichier SVG ne dessine rien une fois retirés les scripts et les références externes.'],
    ];
    for (const [file, message] of refusals) {
      const response = await sendLogo(file);
      expect(response.status, file.name).toBe(422);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(await readJson(response)).toMatchObject({ title: 'Certaines informations sont invalides.', errors: [{ field: 'file', message }] });
    }
    const after = await servedLogo();
    expect(after.type).toBe(kept.type);
    expect(after.bytes.equals(kept.bytes)).toBe(true);
  });

  it('and the presentation, saved at the same moment, do not undo each other', async () => {
    const presentation = await readJson(await portal.request('/api/agent/administration/commune', { headers: { cookie: adminCookie } }));
    const putPresentation = (body: unknown) =>
      portal.request('/api/agent/administration/commune', { method: 'PUT', headers: { cookie: adminCookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    try {
      // A presentation saved meanwhile holds the row while the logo is sent: the logo waits, then keeps the new tagline.
      await whileRowHeld(sql`jsonb_set(branding, '{tagline}', '"Pendant l’envoi du logo"')`, async () => {
        const png = samplePng([0x12, 0x34, 0x56]);
        return { sent: sendLogo(pngFile(png, 'logo.png')), check: async (response: Response) => expect(response.status).toBe(200) };
      });
      expect((await readJson(await portal.api.commune.$get())).branding.tagline).toBe('Pendant l’envoi du logo');
      expect((await servedLogo()).type).toBe('image/png');

      // And the other way: a logo sent meanwhile stays when the presentation is saved.
      const logo = `data:image/svg+xml;base64,${Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><circle r="3"/></svg>').toString('base64')}`;
      await whileRowHeld(sql`jsonb_set(branding, '{logo}', to_jsonb(${logo}::text))`, async () => ({
        sent: putPresentation(presentation),
        check: async (response: Response) => expect(response.status).toBe(200),
      }));
      expect((await servedLogo()).bytes.toString('utf8')).toBe('<svg xmlns="http://www.w3.org/2000/svg"><circle r="3"/></svg>');
    } finally {
      await putPresentation(presentation);
    }
  });

  it('is for administrators only', async () => {
    const kept = await servedLogo();
    expect((await sendLogo(pngFile(samplePng([0, 0, 0]), 'logo.png'), agentCookie)).status).toBe(403);
    expect((await servedLogo()).bytes.equals(kept.bytes)).toBe(true);
  });

  it('changes the logo of the commune of the address called, never another’s', async () => {
    const carvin = await servedLogo('carvin');
    const lavaur = await servedLogo('lavaur');
    expect((await sendLogo(pngFile(samplePng([1, 2, 3]), 'logo.png'))).status).toBe(200);
    for (const [slug, before] of [['carvin', carvin], ['lavaur', lavaur]] as const) {
      const after = await servedLogo(slug);
      expect(after.type).toBe('image/svg+xml');
      expect(after.bytes.equals(before.bytes), slug).toBe(true);
    }
  });
});
