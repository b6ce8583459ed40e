import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tenant } from '@guichet/db';
import { agentSession, communeBySlug, httpClient, readJson, startServer, type TestServer, withCookie } from '@guichet/testing';

let server: TestServer;
let lavaur: Tenant;
// A period no other file publishes (they run at the same time on one database).
const PERIOD = '2025-T1';

beforeAll(async () => {
  server = await startServer();
  lavaur = await communeBySlug(server.databases.app, 'lavaur');
});
afterAll(() => server.close());

async function staff(email: string, role: 'agent' | 'commune_admin') {
  const { cookie } = await agentSession(server.databases.app, lavaur, { email, role, services: ['cabinet-du-maire'] });
  return withCookie(httpClient(server, 'lavaur'), cookie);
}

describe('the quality report over HTTP', () => {
  it('is published by a commune administrator, audited, then public on the commune’s portal and as open data', async () => {
    const admin = await staff('admin.qualite@lavaur.example.fr', 'commune_admin');
    const published = await admin.api.agent.qualite.$post({ json: { periode: PERIOD } });
    expect(published.status).toBe(201);
    expect((await readJson(published)).figures.period.label).toBe('1er trimestre 2025');
    const journal = await readJson(await admin.get('/api/agent/administration/journal'));
    expect(journal.entries.find((entry: { action: string }) => entry.action === 'quality_report_published')).toMatchObject({ actor: { kind: 'agent' } });

    const visitor = httpClient(server, 'lavaur');
    const reports = await readJson(await visitor.get('/api/qualite'));
    expect(reports.reports.map((report: { figures: { period: { key: string } } }) => report.figures.period.key)).toContain(PERIOD);
    const csv = await visitor.get('/api/qualite/donnees.csv');
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="qualite-lavaur.csv"');
    expect(await csv.text()).toContain(`${PERIOD};demandes_deposees;`);

    // Another commune's portal shows its own report only.
    const carvin = await readJson(await httpClient(server, 'carvin').get('/api/qualite'));
    expect(carvin.reports.map((report: { figures: { period: { key: string } } }) => report.figures.period.key)).not.toContain(PERIOD);

    expect((await admin.api.agent.qualite[':periode'].$delete({ param: { periode: PERIOD } })).status).toBe(204);
    const again = await admin.api.agent.qualite[':periode'].$delete({ param: { periode: PERIOD } });
    expect(again.status).toBe(404);
    expect((await readJson(again)).title).toBe('Cette période n’est pas publiée.');
  });

  it('refuses a period still running or malformed, in French and per field, and publishes nothing', async () => {
    const admin = await staff('admin2.qualite@lavaur.example.fr', 'commune_admin');
    const running = new Date().getFullYear();
    for (const [periode, message] of [
      [`${running}`, 'La période n’est pas terminée : ses chiffres changeraient après la publication.'],
      ['2025-T5', 'Période : une année (2026) ou un trimestre (2026-T3).'],
    ] as const) {
      const refused = await admin.api.agent.qualite.$post({ json: { periode } });
      expect(refused.status).toBe(422);
      const body = await readJson(refused);
      expect(body.errors).toEqual([expect.objectContaining({ field: 'periode', message })]);
    }
    const reports = await readJson(await httpClient(server, 'lavaur').get('/api/qualite'));
    expect(reports.reports.map((report: { figures: { period: { key: string } } }) => report.figures.period.key)).not.toContain(String(running));
  });

  it('is published by administrators only', async () => {
    const agent = await staff('agent.qualite@lavaur.example.fr', 'agent');
    expect((await agent.api.agent.qualite.$post({ json: { periode: PERIOD } })).status).toBe(403);
    expect((await httpClient(server, 'lavaur').post('/api/agent/qualite', { periode: PERIOD })).status).toBe(401);
  });
});
