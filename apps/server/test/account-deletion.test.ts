import { existsSync } from 'node:fs';
import type { TransactionSql } from 'postgres';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '@guichet/identity';
import { withTenant, type Tenant } from '@guichet/db';
import { citizenSession, communeBySlug, httpClient, insertTestProcedure, readJson, samplePdf, startServer, testProcedureDefinition, type TestServer, withCookie } from '@guichet/testing';
import { eventually, pdfFile, upload } from './file-uploads.ts';

let server: TestServer;
let libercourt: Tenant;
let carvin: Tenant;
const values = { objet: 'Banc cassé', nature: 'voirie' };

beforeAll(async () => {
  server = await startServer();
  for (const slug of ['libercourt', 'carvin']) {
    await insertTestProcedure(server.databases.ownerClient, slug, 'test-suppression-compte', 'services-techniques', testProcedureDefinition());
  }
  libercourt = await communeBySlug(server.databases.app, 'libercourt');
  carvin = await communeBySlug(server.databases.app, 'carvin');
});
afterAll(() => server.close());


/** Reads as the owner within one commune and its EPCI (row-level security binds the owner too). */
function inCommune<T>(commune: Tenant, read: (sql: TransactionSql) => Promise<T>): Promise<T> {
  return server.databases.ownerClient.begin(async (sql) => {
    await sql`select set_config('app.tenant_id', ${commune.id}, true), set_config('app.epci_id', ${commune.epciId}, true)`;
    return read(sql);
  }) as Promise<T>;
}

/**
 * A citizen with a request in Libercourt and in Carvin, a draft, a vault document, and a session
 * on each portal; with a password when asked.
 */
async function citizenWithHistory(email: string, options: { password?: string } = {}) {
  const { accountId, cookie } = await citizenSession(server.databases.app, libercourt, email);
  const elsewhere = await withTenant(server.databases.app, carvin.id, (tx) =>
    createSession(tx, { epciId: carvin.epciId, tenantId: carvin.id, accountKind: 'citizen', accountId, authMethod: 'password', secondFactorVerified: true }),
  );
  const carvinCookie = `guichet_session=${elsewhere.token}`;
  const here = withCookie(httpClient(server, 'libercourt'), cookie);
  const there = withCookie(httpClient(server, 'carvin'), carvinCookie);
  if (options.password) {
    expect((await here.api.compte['mot-de-passe'].$put({ json: { newPassword: options.password } })).status).toBe(200);
  }
  const filed = [];
  for (const client of [here, there]) {
    const response = await client.api.demandes.$post({ json: { procedure: 'test-suppression-compte', values } });
    expect(response.status).toBe(201);
    filed.push((await readJson(response)).id as string);
  }
  expect((await here.api.brouillons[':procedure'].$put({ param: { procedure: 'test-suppression-compte' }, json: { values: { objet: 'Plus tard' } } })).status).toBe(200);
  const stored = await upload(httpClient(server, 'libercourt'), '/api/coffre-fort', pdfFile(samplePdf('Avis d’imposition')), { cookie, fields: { title: 'Avis d’imposition' } });
  expect(stored.status).toBe(201);
  const [document] = await inCommune(libercourt, (sql) => sql<{ storage_key: string }[]>`select storage_key from vault_documents where account_id = ${accountId}`);
  return { accountId, here, there, filed, storageKey: document!.storage_key };
}

describe('deleting a citizen account', () => {
  it('refuses a wrong password with a 401 and changes nothing', async () => {
    const citizen = await citizenWithHistory('suppression.refusee@example.fr', { password: 'un mot de passe très solide' });
    const refused = await citizen.here.api.compte.suppression.$post({ json: { method: 'password', password: 'pas le bon mot de passe' } });
    expect(refused.status).toBe(401);
    expect((await readJson(refused)).type).toMatch(/preuve-incorrecte$/);
    expect((await citizen.here.api.compte.$get()).status).toBe(200);
    for (const commune of [libercourt, carvin]) {
      expect(await inCommune(commune, (sql) => sql`select 1 from requests where tenant_id = ${commune.id} and citizen_account_id = ${citizen.accountId}`)).toHaveLength(1);
    }
    expect(await inCommune(libercourt, (sql) => sql`select 1 from vault_documents where account_id = ${citizen.accountId}`)).toHaveLength(1);
  });

  it('with the password: detaches the requests of every commune and keeps them, erases drafts and vault, ends every session, mails a confirmation', async () => {
    const citizen = await citizenWithHistory('suppression.complete@example.fr', { password: 'un mot de passe très solide' });
    const deleted = await citizen.here.api.compte.suppression.$post({ json: { method: 'password', password: 'un mot de passe très solide' } });
    expect(deleted.status).toBe(200);
    expect(await readJson(deleted)).toEqual({ detachedRequests: 2, redirect: '/' });
    expect(deleted.headers.get('set-cookie')).toMatch(/guichet_session=;/);

    // Both sessions are gone, on both portals.
    expect((await citizen.here.api.compte.$get()).status).toBe(401);
    expect((await citizen.there.api.compte.$get()).status).toBe(401);
    // The requests stay with their communes, without the account.
    for (const [commune, id] of [[libercourt, citizen.filed[0]], [carvin, citizen.filed[1]]] as const) {
      const kept = await inCommune(commune, (sql) => sql<{ citizen_account_id: string | null }[]>`select citizen_account_id from requests where id = ${id!}`);
      expect(kept).toEqual([{ citizen_account_id: null }]);
    }
    await inCommune(libercourt, async (sql) => {
      expect(await sql`select 1 from citizen_accounts where id = ${citizen.accountId}`).toHaveLength(0);
      expect(await sql`select 1 from request_drafts where account_id = ${citizen.accountId}`).toHaveLength(0);
      expect(await sql`select 1 from vault_documents where account_id = ${citizen.accountId}`).toHaveLength(0);
    });
    // The vault's bytes leave the storage once the job runs.
    expect(await eventually(async () => !existsSync(path.join(server.storageDir, citizen.storageKey)))).toBe(true);

    const mail = await server.mailbox.waitFor((candidate) => candidate.to.includes('suppression.complete@example.fr') && candidate.subject === 'Votre compte citoyen est supprimé', 15_000);
    expect(mail.text).toContain('Vos 2 demandes sont conservées');
    const [audit] = await inCommune(libercourt, (sql) => sql<{ details: Record<string, unknown>; row: string }[]>`
      select details, a::text as row from audit_events a where action = 'account_deleted' and subject_id = ${citizen.accountId}`);
    expect(audit!.details).toMatchObject({ proof: 'password', detachedRequests: 2, vaultDocuments: 1, sessionsEnded: 2 });
    expect(audit!.row).not.toContain('suppression.complete@example.fr');
  });

  it('without a password: by the code mailed to the account, the latest code only, a wrong one refused', async () => {
    const citizen = await citizenWithHistory('suppression.code@example.fr');
    const byPassword = await citizen.here.api.compte.suppression.$post({ json: { method: 'password', password: 'quelque chose' } });
    expect(byPassword.status).toBe(409);
    expect((await readJson(byPassword)).type).toMatch(/code-requis$/);

    const codeMails = () =>
      server.mailbox.messages().filter((mail) => mail.to.includes('suppression.code@example.fr') && mail.subject === 'Votre code pour supprimer votre compte citoyen');
    const codeOf = async () => {
      const before = codeMails().length;
      expect((await citizen.here.api.compte.suppression.code.$post()).status).toBe(202);
      expect(await eventually(async () => codeMails().length > before)).toBe(true);
      return /^\d{6}$/m.exec(codeMails().at(-1)!.text)![0];
    };
    const first = await codeOf();
    const second = await codeOf();
    const attempt = (code: string) => citizen.here.api.compte.suppression.$post({ json: { method: 'code', code } });
    if (first !== second) expect((await attempt(first)).status).toBe(401);
    expect((await attempt(second === '000000' ? '000001' : '000000')).status).toBe(401);
    expect((await citizen.here.api.compte.$get()).status).toBe(200);
    const deleted = await attempt(second);
    expect(deleted.status).toBe(200);
    expect((await citizen.there.api.compte.$get()).status).toBe(401);
  });

  it('takes no password as proof for an address never confirmed: the code is required', async () => {
    const citizen = await citizenWithHistory('suppression.non-confirmee@example.fr', { password: 'un mot de passe très solide' });
    await inCommune(libercourt, (sql) => sql`update citizen_accounts set email_verified_at = null where id = ${citizen.accountId}`);
    const refused = await citizen.here.api.compte.suppression.$post({ json: { method: 'password', password: 'un mot de passe très solide' } });
    expect(refused.status).toBe(409);
    expect((await readJson(refused)).type).toMatch(/code-requis$/);
    expect((await citizen.here.api.compte.$get()).status).toBe(200);
  });

  it('answers a malformed proof with a French 422 naming the field, and a signed-out caller with a 401', async () => {
    const citizen = await citizenWithHistory('suppression.invalide@example.fr');
    const malformed = await citizen.here.request('/api/compte/suppression', { method: 'POST', json: { method: 'code', code: '12' } });
    expect(malformed.status).toBe(422);
    expect((await readJson(malformed)).errors).toEqual([expect.objectContaining({ field: 'code', message: 'Le code comporte 6 chiffres.' })]);
    expect((await httpClient(server, 'libercourt').request('/api/compte/suppression', { method: 'POST', json: { method: 'password', password: 'x' } })).status).toBe(401);
  });
});
