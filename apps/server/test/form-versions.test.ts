import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TransactionSql } from 'postgres';
import { sql } from 'drizzle-orm';
import { withTenant, type Tenant } from '@guichet/db';
import { agentSession, citizenSession, communeBySlug, httpClient, insertTestProcedure, readJson, startServer, testProcedureDefinition, type TestServer, withCookie } from '@guichet/testing';

let server: TestServer;
let lavaur: Tenant;
let citizen: ReturnType<typeof withCookie>;
let agent: ReturnType<typeof withCookie>;
let admin: ReturnType<typeof withCookie>;
const SLUG = 'test-versions-formulaire';
const firstForm = testProcedureDefinition().form;

beforeAll(async () => {
  server = await startServer();
  await insertTestProcedure(server.databases.ownerClient, 'lavaur', SLUG, 'services-techniques', testProcedureDefinition({ routing: [] }));
  lavaur = await communeBySlug(server.databases.app, 'lavaur');
  const portal = httpClient(server, 'lavaur');
  citizen = withCookie(portal, (await citizenSession(server.databases.app, lavaur, 'versions@example.fr')).cookie);
  agent = withCookie(portal, (await agentSession(server.databases.app, lavaur, { email: 'versions.agent@lavaur.example.fr', role: 'agent', services: ['services-techniques'] })).cookie);
  admin = withCookie(portal, (await agentSession(server.databases.app, lavaur, { email: 'versions.admin@lavaur.example.fr', role: 'commune_admin', services: [] })).cookie);
});
afterAll(() => server.close());

const file = (values: Record<string, unknown>) => citizen.api.demandes.$post({ json: { procedure: SLUG, values } });
const agentView = async (id: string) => readJson(await agent.api.agent.demandes[':id'].$get({ param: { id } }));
const citizenView = async (id: string) => readJson(await citizen.api.demandes[':id'].$get({ param: { id } }));
/** As the catalogue files' loader: the owner, in the commune's transaction (FORCE RLS binds it too). */
const asOwner = <T,>(work: (owner: TransactionSql) => Promise<T>) =>
  server.databases.ownerClient.begin(async (owner) => {
    await owner`select set_config('app.tenant_id', ${lavaur.id}, true)`;
    return work(owner);
  }) as Promise<T>;
const editForm = (form: unknown) => admin.api.catalogue[':slug'].$put({ param: { slug: SLUG }, json: { form } as never });

describe('the form a request was filed with', () => {
  it('stays the one its answers are read with after an administrator changes the form; new requests get the new one, validated by the server', async () => {
    const before = (await readJson(await file({ objet: 'Trottoir soulevé', nature: 'voirie' }))) as { id: string };
    const [objet, nature] = firstForm.fields;
    const secondForm = { fields: [{ ...objet, label: 'Objet du signalement' }, nature, { kind: 'text', key: 'lampadaire', label: 'Numéro du lampadaire', required: true }] };
    expect((await editForm(secondForm)).status).toBe(200);

    for (const view of [await agentView(before.id), await citizenView(before.id)]) {
      expect(view.formVersion).toBe(1);
      expect(view.form).toMatchObject(firstForm);
      expect(view.data).toEqual({ objet: 'Trottoir soulevé', nature: 'voirie' });
    }

    const refused = await file({ objet: 'Lampadaire éteint', nature: 'eclairage' });
    expect(refused.status).toBe(422);
    expect((await readJson(refused)).errors).toEqual([expect.objectContaining({ field: 'lampadaire', code: 'required' })]);

    const after = (await readJson(await file({ objet: 'Lampadaire éteint', nature: 'eclairage', lampadaire: 'L-12' }))) as { id: string };
    const read = await agentView(after.id);
    expect(read.formVersion).toBe(2);
    expect(read.form.fields.map((field: { label: string }) => field.label)).toEqual(['Objet du signalement', 'Nature', 'Numéro du lampadaire']);
    expect((await agentView(before.id)).form.fields.map((field: { label: string }) => field.label)).toEqual(['Objet', 'Nature', 'Lieu']);
  });

  it('gets a new version only when the form itself changes', async () => {
    const versionOf = async () => ((await agentView(((await readJson(await file({ objet: 'Banc cassé', nature: 'voirie', lampadaire: '-' }))) as { id: string }).id)).formVersion as number);
    const current = await versionOf();
    expect((await admin.api.catalogue[':slug'].$put({ param: { slug: SLUG }, json: { delayDays: 9, title: 'Signalement de test (versions)' } })).status).toBe(200);
    expect(await versionOf()).toBe(current);
  });

  it('is numbered by the database whoever writes the form (here the owner, as the catalogue files do), and read so once the démarche is unpublished', async () => {
    const filed = (await readJson(await file({ objet: 'Bouche d’égout bruyante', nature: 'voirie', lampadaire: '-' }))) as { id: string };
    const { formVersion } = await agentView(filed.id);
    const current = await asOwner(async (owner) => {
      await owner`update procedures set published = false,
        definition = jsonb_set(definition, '{form,fields,0,label}', '"Objet (fichier)"') where slug = ${SLUG}`;
      return owner`select form_version from procedures where slug = ${SLUG}`;
    });
    expect(current[0]!.form_version).toBe(formVersion + 1);
    const read = await agentView(filed.id);
    expect(read.formVersion).toBe(formVersion);
    expect(read.form.fields[0].label).toBe('Objet du signalement');
    expect((await citizenView(filed.id)).form.fields[0].label).toBe('Objet du signalement');
  });

  it('is never written, rewritten nor deleted by the application', async () => {
    const [procedure] = await asOwner((owner) => owner`select id from procedures where slug = ${SLUG}`);
    for (const statement of [
      sql`insert into procedure_forms (tenant_id, procedure_id, version, form) values (${lavaur.id}, ${procedure!.id}, 999, '{"fields":[]}'::jsonb)`,
      sql`update procedure_forms set form = '{"fields":[]}'::jsonb`,
      sql`delete from procedure_forms`,
    ]) {
      await expect(withTenant(server.databases.app, lavaur.id, (tx) => tx.execute(statement))).rejects.toMatchObject({ cause: { message: expect.stringMatching(/permission denied/) } });
    }
  });
});
