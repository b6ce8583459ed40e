import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { tenants } from '@guichet/db';
import { loadTenants, readTenantFiles, TenantFileError } from '@guichet/tenants';
import { demoTenantsDir, samplePng, testDatabases } from '@guichet/testing';

const databases = testDatabases();
afterAll(() => databases.close());

/** A writable copy of the demo tree, so that a test can break one file. */
async function copyOfDemoTenants(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'guichet-tenants-'));
  await cp(demoTenantsDir, path.join(dir, 'tenants'), { recursive: true });
  return path.join(dir, 'tenants');
}

async function problemsOf(root: string): Promise<string[]> {
  try {
    await readTenantFiles(root);
    return [];
  } catch (error) {
    if (error instanceof TenantFileError) return error.problems;
    throw error;
  }
}

describe('tenant files', () => {
  it('declares two EPCIs and four communes in the demo tree', async () => {
    const epcis = await readTenantFiles(demoTenantsDir);
    expect(epcis.map((epci) => [epci.slug, epci.communes.map((commune) => commune.slug)])).toEqual([
      ['agglo-henin-carvin', ['carvin', 'libercourt', 'oignies']],
      ['tarn-agout', ['lavaur']],
    ]);
  });

  it('names the file, the field and what is wrong for a bad value', async () => {
    const root = await copyOfDemoTenants();
    const file = path.join(root, 'agglo-henin-carvin', 'carvin', 'commune.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('"#a3132b"', 'rouge'));
    expect(await problemsOf(root)).toEqual([
      'tenants/agglo-henin-carvin/carvin/commune.yaml: branding.primaryColor: une couleur hexadécimale comme #1a5fb4',
    ]);
  });

  it('refuses colours that would make the portal unreadable, with the ratio', async () => {
    const root = await copyOfDemoTenants();
    const file = path.join(root, 'agglo-henin-carvin', 'oignies', 'commune.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('textOnPrimary: "#f5a623"', 'textOnPrimary: "#333333"'));
    expect(await problemsOf(root)).toEqual([
      'tenants/agglo-henin-carvin/oignies/commune.yaml: branding.textOnPrimary: Le texte de l’en-tête sur la couleur principale n’est pas assez contrasté (1,3:1 ; il faut au moins 4,5:1).',
    ]);
  });

  it('refuses unknown fields, unreadable YAML, duplicate slugs and missing logos', async () => {
    const root = await copyOfDemoTenants();
    const oignies = path.join(root, 'agglo-henin-carvin', 'oignies', 'commune.yaml');
    await writeFile(oignies, `${await readFile(oignies, 'utf8')}\ncouleur: bleu\n`);
    const lavaur = path.join(root, 'tarn-agout', 'lavaur', 'commune.yaml');
    await writeFile(lavaur, (await readFile(lavaur, 'utf8')).replace('slug: lavaur', 'slug: carvin').replace('"81140"', '"62215"'));
    const libercourt = path.join(root, 'agglo-henin-carvin', 'libercourt', 'commune.yaml');
    await writeFile(libercourt, (await readFile(libercourt, 'utf8')).replace('logo: logo.svg', 'logo: absent.svg'));
    const epci = path.join(root, 'tarn-agout', 'epci.yaml');
    await writeFile(epci, 'slug: [tarn');
    const problems = await problemsOf(root);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^tenants\/agglo-henin-carvin\/oignies\/commune\.yaml: \(racine\): .*couleur/),
        'tenants/agglo-henin-carvin/libercourt/commune.yaml: branding.logo: le fichier absent.svg n\'existe pas à côté de ce fichier',
        expect.stringMatching(/^tenants\/tarn-agout\/epci\.yaml: YAML illisible/),
      ]),
    );
  });

  it('refuses a slug or INSEE code declared twice', async () => {
    const root = await copyOfDemoTenants();
    const oignies = path.join(root, 'agglo-henin-carvin', 'oignies', 'commune.yaml');
    await writeFile(oignies, (await readFile(oignies, 'utf8')).replace('slug: oignies', 'slug: carvin').replace('"62637"', '"62215"'));
    expect(await problemsOf(root)).toEqual([
      'tenants/agglo-henin-carvin/oignies/commune.yaml: slug: déjà déclaré par tenants/agglo-henin-carvin/carvin/commune.yaml',
      'tenants/agglo-henin-carvin/oignies/commune.yaml: inseeCode: déjà déclaré par tenants/agglo-henin-carvin/carvin/commune.yaml',
    ]);
  });

  it('writes nothing when one file is bad', async () => {
    const root = await copyOfDemoTenants();
    const carvin = path.join(root, 'agglo-henin-carvin', 'carvin', 'commune.yaml');
    await writeFile(carvin, (await readFile(carvin, 'utf8')).replace('name: Carvin', 'name: Carvin-la-Neuve').replace('postalCode: "62220"', 'postalCode: "6222"'));
    await expect(loadTenants(databases.owner, root)).rejects.toBeInstanceOf(TenantFileError);
    const [carvinRow] = await databases.owner.select().from(tenants).where(eq(tenants.slug, 'carvin'));
    expect(carvinRow?.name).toBe('Carvin');
  });

  it('never moves a commune to another EPCI: a file naming one of another EPCI is refused, and nothing is written', async () => {
    const root = await copyOfDemoTenants();
    await cp(path.join(root, 'agglo-henin-carvin', 'oignies'), path.join(root, 'tarn-agout', 'oignies'), { recursive: true });
    await rm(path.join(root, 'agglo-henin-carvin', 'oignies'), { recursive: true });
    await expect(loadTenants(databases.owner, root)).rejects.toThrow('La commune « oignies » existe déjà dans une autre intercommunalité');
    const [oignies] = await databases.owner.select().from(tenants).where(eq(tenants.slug, 'oignies'));
    const [carvin] = await databases.owner.select().from(tenants).where(eq(tenants.slug, 'carvin'));
    expect(oignies?.epciId).toBe(carvin?.epciId);
  });

  it('changes nothing when the same files are loaded again', async () => {
    const before = await databases.owner.select().from(tenants);
    const summary = await loadTenants(databases.owner, demoTenantsDir);
    expect(summary).toEqual({ epcis: 2, communes: 4, services: 20, agents: 16, staff: 2, changed: 0 });
    expect(await databases.owner.select().from(tenants)).toEqual(before);
  });

  it('refuses an agent in an undeclared service, a secret written in the file and an Entra tenant that is not a directory id', async () => {
    const root = await copyOfDemoTenants();
    const libercourt = path.join(root, 'agglo-henin-carvin', 'libercourt', 'commune.yaml');
    await writeFile(libercourt, (await readFile(libercourt, 'utf8')).replace('services: [etat-civil, ccas]', 'services: [etat-civil, piscine]'));
    const carvin = path.join(root, 'agglo-henin-carvin', 'carvin', 'commune.yaml');
    await writeFile(carvin, (await readFile(carvin, 'utf8')).replace('clientSecretEnv: CARVIN_PROCONNECT_CLIENT_SECRET', 'clientSecretEnv: s3cr3t-value'));
    const lavaur = path.join(root, 'tarn-agout', 'lavaur', 'commune.yaml');
    await writeFile(lavaur, `${await readFile(lavaur, 'utf8')}agentSignIn:\n  provider: entra\n  tenant: common\n  clientId: guichet\n  clientSecretEnv: LAVAUR_ENTRA_SECRET\n`);
    expect(await problemsOf(root)).toEqual([
      'tenants/agglo-henin-carvin/carvin/commune.yaml: agentSignIn.clientSecretEnv: le nom d\'une variable d\'environnement (ex. CARVIN_PROCONNECT_CLIENT_SECRET), jamais le secret lui-même',
      'tenants/agglo-henin-carvin/libercourt/commune.yaml: agents.2.services.1: service "piscine" absent de la liste services',
      "tenants/tarn-agout/lavaur/commune.yaml: agentSignIn.tenant: l'identifiant (GUID) de l'annuaire Entra ID de la commune",
    ]);
  });

  it("stores the agent provider's settings but never a secret, and the declared agents with their services", async () => {
    const [carvin] = await databases.owner.select().from(tenants).where(eq(tenants.slug, 'carvin'));
    expect(carvin?.agentSignIn).toEqual({
      provider: 'proconnect',
      issuer: 'https://auth.proconnect.gouv.fr/api/v2',
      clientId: 'guichet-carvin',
      clientSecretEnv: 'CARVIN_PROCONNECT_CLIENT_SECRET',
    });
    const rows = await databases.ownerClient.begin(async (sql) => {
      await sql`select set_config('app.tenant_id', ${carvin!.id}, true)`;
      return sql`select a.email, a.role, a.declared_in_file, a.password_hash, array_agg(s.slug order by s.slug) filter (where s.slug is not null) as services
        from agents a left join agent_services x on x.agent_id = a.id left join services s on s.id = x.service_id
        where a.email like '%@carvin.example.fr' and a.declared_in_file group by a.tenant_id, a.id order by a.email`;
    });
    expect(rows.map((row) => ({ ...row }))).toEqual([
      { email: 'claire.vasseur@carvin.example.fr', role: 'agent', declared_in_file: true, password_hash: null, services: ['education', 'etat-civil'] },
      { email: 'martine.dupont@carvin.example.fr', role: 'elected_official', declared_in_file: true, password_hash: null, services: ['accueil', 'ccas'] },
      { email: 'sophie.marchand@carvin.example.fr', role: 'commune_admin', declared_in_file: true, password_hash: null, services: null },
      { email: 'thomas.delattre@carvin.example.fr', role: 'service_manager', declared_in_file: true, password_hash: null, services: ['services-techniques'] },
    ]);
  });

  it('leaves an existing agent to the back office: a new load does not undo a role change', async () => {
    const [oignies] = await databases.owner.select().from(tenants).where(eq(tenants.slug, 'oignies'));
    const asOignies = <T>(work: (sql: typeof databases.ownerClient) => Promise<T>) =>
      databases.ownerClient.begin(async (sql) => {
        await sql`select set_config('app.tenant_id', ${oignies!.id}, true)`;
        return work(sql as unknown as typeof databases.ownerClient);
      });
    await asOignies((sql) => sql`update agents set role = 'commune_admin' where email = 'sarah.benali@oignies.example.fr'`);
    await loadTenants(databases.owner, demoTenantsDir);
    const [row] = await asOignies((sql) => sql`select role from agents where email = 'sarah.benali@oignies.example.fr'`);
    expect(row?.role).toBe('commune_admin');
    await asOignies((sql) => sql`update agents set role = 'agent' where email = 'sarah.benali@oignies.example.fr'`);
  });

  it('keeps what the back office edited (presentation, a service) across loads, until the file’s own entry changes', async () => {
    const [oignies] = await databases.owner.select().from(tenants).where(eq(tenants.slug, 'oignies'));
    const asOignies = <T>(work: (sql: typeof databases.ownerClient) => Promise<T>) =>
      databases.ownerClient.begin(async (sql) => {
        await sql`select set_config('app.tenant_id', ${oignies!.id}, true)`;
        return work(sql as unknown as typeof databases.ownerClient);
      });
    const state = () =>
      asOignies(async (sql) => {
        const [commune] = await sql`select branding->>'tagline' as tagline, contact->>'openingHours' as hours from tenants where slug = 'oignies'`;
        const [service] = await sql`select name from services where slug = 'culture'`;
        return { tagline: commune!.tagline, hours: commune!.hours, service: service!.name };
      });
    try {
      // As the back office would: the presentation and a service renamed.
      await asOignies(async (sql) => {
        await sql`update tenants set branding = jsonb_set(branding, '{tagline}', '"Bienvenue à Oignies"'), contact = contact || '{"openingHours": "Lundi à vendredi, 9 h – 17 h"}' where slug = 'oignies'`;
        await sql`update services set name = 'Culture, sports et fêtes' where slug = 'culture'`;
      });
      await loadTenants(databases.owner, demoTenantsDir);
      expect(await state()).toEqual({ tagline: 'Bienvenue à Oignies', hours: 'Lundi à vendredi, 9 h – 17 h', service: 'Culture, sports et fêtes' });

      // A new logo in the file is shown, and changes nothing the back office edited.
      const root = await copyOfDemoTenants();
      const logo = path.join(root, 'agglo-henin-carvin', 'oignies', 'logo.svg');
      await writeFile(logo, (await readFile(logo, 'utf8')).replace('</svg>', '<circle cx="1" cy="1" r="1"/></svg>'));
      await loadTenants(databases.owner, root);
      expect(await state()).toEqual({ tagline: 'Bienvenue à Oignies', hours: 'Lundi à vendredi, 9 h – 17 h', service: 'Culture, sports et fêtes' });
      const [withLogo] = await databases.owner.select().from(tenants).where(eq(tenants.slug, 'oignies'));
      expect(withLogo!.branding.logo).not.toBe(oignies!.branding.logo);

      // The file's own entries change: they are applied again.
      const file = path.join(root, 'agglo-henin-carvin', 'oignies', 'commune.yaml');
      await writeFile(file, (await readFile(file, 'utf8')).replace("tagline: Portail citoyen d'Oignies", 'tagline: Oignies en ligne').replace('name: Culture et sports', 'name: Culture'));
      await loadTenants(databases.owner, root);
      expect(await state()).toEqual({ tagline: 'Oignies en ligne', hours: null, service: 'Culture' });
    } finally {
      await loadTenants(databases.owner, demoTenantsDir);
    }
    expect(await state()).toEqual({ tagline: "Portail citoyen d'Oignies", hours: null, service: 'Culture et sports' });
  });

  it('keeps a logo uploaded in the back office across loads of the same files, and takes the file’s logo again once it changes', async () => {
    const logoOf = async () => (await databases.owner.select().from(tenants).where(eq(tenants.slug, 'oignies')))[0]!.branding.logo;
    const fileLogo = await logoOf();
    const uploaded = `data:image/png;base64,${samplePng().toString('base64')}`;
    const [oignies] = await databases.owner.select().from(tenants).where(eq(tenants.slug, 'oignies'));
    const setLogo = (logo: string) =>
      databases.ownerClient.begin(async (sql) => {
        await sql`select set_config('app.tenant_id', ${oignies!.id}, true)`;
        await sql`update tenants set branding = jsonb_set(branding, '{logo}', to_jsonb(${logo}::text)) where slug = 'oignies'`;
      });
    try {
      // As the back office would, then a restart.
      await setLogo(uploaded);
      expect((await loadTenants(databases.owner, demoTenantsDir)).changed).toBe(0);
      expect(await logoOf()).toBe(uploaded);

      // The colours change in the file: applied, with the uploaded logo kept.
      const root = await copyOfDemoTenants();
      const file = path.join(root, 'agglo-henin-carvin', 'oignies', 'commune.yaml');
      await writeFile(file, (await readFile(file, 'utf8')).replace("tagline: Portail citoyen d'Oignies", 'tagline: Oignies en ligne'));
      await loadTenants(databases.owner, root);
      const [withTagline] = await databases.owner.select().from(tenants).where(eq(tenants.slug, 'oignies'));
      expect(withTagline!.branding).toMatchObject({ tagline: 'Oignies en ligne', logo: uploaded });

      // The file's logo itself changes: it replaces the uploaded one.
      const logo = path.join(root, 'agglo-henin-carvin', 'oignies', 'logo.svg');
      await writeFile(logo, (await readFile(logo, 'utf8')).replace('</svg>', '<circle cx="1" cy="1" r="1"/></svg>'));
      await loadTenants(databases.owner, root);
      expect(Buffer.from((await logoOf()).split(',')[1]!, 'base64').toString()).toContain('<circle cx="1" cy="1" r="1"/></svg>');
    } finally {
      await loadTenants(databases.owner, demoTenantsDir);
      await setLogo(fileLogo);
    }
    expect(await logoOf()).toBe(fileLogo);
  });
});
