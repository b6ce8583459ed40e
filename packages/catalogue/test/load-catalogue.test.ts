import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { communeSettings, procedures, procedureTemplates, procedureTemplateVersions, themes, withEpci, withTenant, type Database } from '@guichet/db';
import { listTemplateUpdates, loadCatalogue, readCatalogueFiles } from '@guichet/catalogue';
import { TenantFileError } from '@guichet/tenants';
import { communeBySlug, demoTenantsDir, testDatabases } from '@guichet/testing';

// The global set-up has loaded the demo catalogue.
const databases = testDatabases();
afterAll(() => databases.close());

/** A writable copy of the demo tree, so that a test can change one file. */
async function copyOfDemoTenants(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'guichet-catalogue-'));
  await cp(demoTenantsDir, path.join(dir, 'tenants'), { recursive: true });
  return path.join(dir, 'tenants');
}

async function edit(root: string, file: string, change: (text: string) => string) {
  const target = path.join(root, file);
  const before = await readFile(target, 'utf8');
  const after = change(before);
  if (after === before) throw new Error(`the edit of ${file} changed nothing`);
  await writeFile(target, after);
}

async function problemsOf(root: string): Promise<string[]> {
  try {
    await readCatalogueFiles(root);
    return [];
  } catch (error) {
    if (error instanceof TenantFileError) return error.problems;
    throw error;
  }
}

/** Every catalogue row of a commune, as the application sees it. */
async function catalogueOf(db: Database, slug: string) {
  const commune = await communeBySlug(db, slug);
  return withTenant(db, commune.id, async (tx) => ({
    themes: await tx.select().from(themes).orderBy(themes.slug),
    procedures: await tx.select().from(procedures).orderBy(procedures.slug),
    settings: await tx.select().from(communeSettings),
  }));
}

const procedureTitle = async (db: Database, commune: string, slug: string) =>
  (await catalogueOf(db, commune)).procedures.find((row) => row.slug === slug)?.definition.title;

describe('catalogue files', () => {
  it('declares the demo catalogues: 27 procedures at Libercourt, all valid', async () => {
    const declared = await readCatalogueFiles(demoTenantsDir);
    const communes = Object.fromEntries(declared.flatMap((epci) => epci.communes.map((commune) => [commune.communeSlug, commune.procedures.length])));
    expect(communes).toEqual({ carvin: 17, libercourt: 27, oignies: 16, lavaur: 10 });
    expect(declared.find((epci) => epci.epciSlug === 'agglo-henin-carvin')?.templates).toHaveLength(18);
  });

  it('names the file, the field and what is wrong', async () => {
    const root = await copyOfDemoTenants();
    await edit(root, 'agglo-henin-carvin/carvin/catalogue.yaml', (text) => text.replace('delayDays: 3 }', 'delayDays: trois }'));
    await edit(root, 'tarn-agout/lavaur/catalogue.yaml', (text) => text.replace('service: ccas', 'service: police'));
    await edit(root, 'agglo-henin-carvin/templates.yaml', (text) => text.replace('slug: signalement-voirie\n    theme:', 'slug: signalement-voirie\n    couleur: rouge\n    theme:'));
    const problems = await problemsOf(root);
    expect(problems.slice(0, 3)).toEqual([
      'tenants/agglo-henin-carvin/templates.yaml: templates.5: Clé non reconnue : "couleur"',
      'tenants/agglo-henin-carvin/carvin/catalogue.yaml: procedures.0.delayDays: Délai : un nombre entier de jours ouvrés est attendu.',
      'tenants/agglo-henin-carvin/carvin/catalogue.yaml: procedures.5.adopt: aucun modèle « signalement-voirie » publié par l\'intercommunalité ' +
        '(modèles : copie-acte-naissance, copie-acte-mariage, copie-acte-deces, recensement-citoyen, attestation-accueil, signalement-eclairage, ' +
        'signalement-proprete, signalement-espaces-verts, signalement-mobilier-urbain, demande-intervention, occupation-domaine-public, reclamation, ' +
        'suggestion, subvention-associative, reservation-salle, pret-materiel, objets-trouves)',
    ]);
    // Libercourt and Oignies adopt the template refused above: only that adoption is reported.
    expect(problems.slice(3)).toEqual([
      expect.stringMatching(/^tenants\/agglo-henin-carvin\/libercourt\/catalogue\.yaml: procedures\.5\.adopt: aucun modèle « signalement-voirie »/),
      expect.stringMatching(/^tenants\/agglo-henin-carvin\/oignies\/catalogue\.yaml: procedures\.4\.adopt: aucun modèle « signalement-voirie »/),
      'tenants/tarn-agout/lavaur/catalogue.yaml: procedures.6.service: service « police » inconnu (services de la commune : etat-civil, services-techniques, cabinet-du-maire, ccas)',
    ]);
  });

  it('checks an adoption against the commune: its services, its sectors, its themes', async () => {
    const root = await copyOfDemoTenants();
    // Carvin has no urbanisme service: the complaint template's routing must be replaced.
    await edit(root, 'agglo-henin-carvin/carvin/catalogue.yaml', (text) =>
      text
        .replace('procedures:\n', 'procedures:\n  - { adopt: reclamation, slug: reclamation-police, theme: tranquillite, service: police-municipale }\n')
        .replace('{ sector: centre-ville }', '{ sector: gare }'),
    );
    const problems = await problemsOf(root);
    expect(problems).toContain(
      'tenants/agglo-henin-carvin/carvin/catalogue.yaml: procedures.0.routing.2.service: service « urbanisme » inconnu ' +
        '(services de la commune : etat-civil, services-techniques, police-municipale, education, accueil, ccas)',
    );
    expect(problems).toContain('tenants/agglo-henin-carvin/carvin/catalogue.yaml: procedures.14.routing.0.when.sector: secteur « gare » inconnu (secteurs de la commune : centre-ville)');
  });

  it('refuses unreadable YAML, duplicate slugs, unknown themes and a procedure without a slug', async () => {
    const root = await copyOfDemoTenants();
    await edit(root, 'agglo-henin-carvin/oignies/catalogue.yaml', () => 'themes: [');
    await edit(root, 'agglo-henin-carvin/carvin/catalogue.yaml', (text) =>
      text.replace('slug: derogation-scolaire\n    theme: education', 'slug: derogation-scolaire\n    theme: ecoles'),
    );
    await edit(root, 'agglo-henin-carvin/libercourt/catalogue.yaml', (text) => text.replace('slug: urbanisme\n    title', 'slug: etat-civil\n    title'));
    await edit(root, 'tarn-agout/lavaur/catalogue.yaml', (text) => text.replace('- slug: suggestion\n    theme', '- theme'));
    expect(await problemsOf(root)).toEqual([
      'tenants/agglo-henin-carvin/carvin/catalogue.yaml: procedures.15.theme: thème « ecoles » non déclaré dans themes',
      'tenants/agglo-henin-carvin/libercourt/catalogue.yaml: themes.3.slug: thème « etat-civil » déclaré deux fois',
      expect.stringMatching(/^tenants\/agglo-henin-carvin\/oignies\/catalogue\.yaml: YAML illisible/),
      'tenants/tarn-agout/lavaur/catalogue.yaml: procedures.9.slug: Indiquez le slug de la démarche (il ne peut être omis que pour une adoption de modèle).',
    ]);
  });
});

describe('loading the catalogue', () => {
  it('writes templates, themes, procedures and settings, with the adopted template recorded', async () => {
    const libercourt = await catalogueOf(databases.app, 'libercourt');
    const declared = libercourt.procedures.filter((row) => row.slug !== 'isolation');
    expect(declared.length).toBeGreaterThanOrEqual(27);
    const lighting = declared.find((row) => row.slug === 'signalement-eclairage')!;
    expect(lighting.definition).toMatchObject({ delayDays: 3, open311: true, anonymousAllowed: true });
    expect(lighting.templateId).not.toBeNull();
    expect(libercourt.settings[0]).toMatchObject({
      calendar: { zone: 'metropole', closures: ['2026-05-15', '2026-07-13'], acknowledgementDelayDays: 2 },
      sectors: [{ slug: 'nord-gare' }, { slug: 'centre' }, { slug: 'sud' }],
    });
    const epciId = (await communeBySlug(databases.app, 'libercourt')).epciId;
    const templates = await withEpci(databases.app, epciId, (tx) => tx.select().from(procedureTemplates).where(eq(procedureTemplates.slug, 'signalement-eclairage')));
    expect(templates[0]?.definition.delayDays).toBe(5);
  });

  it('changes nothing when the same files are loaded again', async () => {
    const before = await catalogueOf(databases.app, 'libercourt');
    const summary = await loadCatalogue(databases.owner, demoTenantsDir);
    expect(summary).toEqual({ templates: 18, themes: 24, procedures: 70, changed: 0 });
    expect(await catalogueOf(databases.app, 'libercourt')).toEqual(before);
  });

  it('writes nothing when one file is bad', async () => {
    const root = await copyOfDemoTenants();
    await edit(root, 'tarn-agout/lavaur/catalogue.yaml', (text) => text.replace('title: Suggestion', 'title: Vos idées'));
    await edit(root, 'agglo-henin-carvin/carvin/catalogue.yaml', (text) => text.replace('acknowledgementDelayDays: 3', 'acknowledgementDelayDays: -1'));
    await expect(loadCatalogue(databases.owner, root)).rejects.toBeInstanceOf(TenantFileError);
    expect(await procedureTitle(databases.app, 'lavaur', 'suggestion')).toBe('Suggestion');
  });

  it('rolls back every commune when writing one fails', async () => {
    const root = await copyOfDemoTenants();
    await edit(root, 'agglo-henin-carvin/libercourt/catalogue.yaml', (text) => text.replace('title: Demander un rendez-vous avec le maire', 'title: Rencontrer le maire'));
    // Valid files, but a service the database does not know: the commune files were not loaded.
    await edit(root, 'agglo-henin-carvin/oignies/commune.yaml', (text) => text.replace('services:\n', 'services:\n  - slug: sports\n    name: Sports\n'));
    await edit(root, 'agglo-henin-carvin/oignies/catalogue.yaml', (text) => text.replaceAll('service: culture', 'service: sports'));
    await expect(loadCatalogue(databases.owner, root)).rejects.toThrow('tenants/agglo-henin-carvin/oignies/catalogue.yaml: service « sports » absent');
    expect(await procedureTitle(databases.app, 'libercourt', 'rendez-vous-maire')).toBe('Demander un rendez-vous avec le maire ou un adjoint');
  });

  it('keeps the former version of a template its file changes; a copy a commune’s file adopts follows it, with no update to answer', async () => {
    const carvin = await communeBySlug(databases.app, 'carvin');
    const templateOf = () =>
      withEpci(databases.app, carvin.epciId, async (tx) => {
        const [template] = await tx.select().from(procedureTemplates).where(eq(procedureTemplates.slug, 'signalement-mobilier-urbain'));
        const versions = await tx.select().from(procedureTemplateVersions).where(eq(procedureTemplateVersions.templateId, template!.id));
        return { template: template!, versions };
      });
    const before = await templateOf();
    const root = await copyOfDemoTenants();
    const summary = 'Banc, abribus, potelet ou barrière endommagé (version de test).';
    await edit(root, 'agglo-henin-carvin/templates.yaml', (text) => text.replace('summary: Banc, abribus, potelet, barrière, fontaine ou panneau d’information endommagé.', `summary: ${summary}`));
    try {
      await loadCatalogue(databases.owner, root);
      const after = await templateOf();
      expect(after.template.version).toBe(before.template.version + 1);
      expect(after.versions.find((version) => version.version === before.template.version)?.definition.summary).toBe(before.template.definition.summary);
      const copy = (await catalogueOf(databases.app, 'carvin')).procedures.find((row) => row.slug === 'signalement-mobilier-urbain')!;
      expect(copy).toMatchObject({ templateVersion: after.template.version, definition: expect.objectContaining({ summary }) });
      expect((await withTenant(databases.app, carvin.id, (tx) => listTemplateUpdates({ tx }))).map((update) => update.procedure)).not.toContain('signalement-mobilier-urbain');
    } finally {
      await loadCatalogue(databases.owner, demoTenantsDir);
    }
  });

  it('keeps an administrator’s edit across loads, until the file itself changes', async () => {
    const lavaur = await communeBySlug(databases.app, 'lavaur');
    await withTenant(databases.app, lavaur.id, (tx) =>
      tx.execute(sql`update procedures set definition = jsonb_set(definition, '{title}', '"Une idée pour Lavaur"') where slug = 'suggestion'`),
    );
    await loadCatalogue(databases.owner, demoTenantsDir);
    expect(await procedureTitle(databases.app, 'lavaur', 'suggestion')).toBe('Une idée pour Lavaur');

    const root = await copyOfDemoTenants();
    await edit(root, 'tarn-agout/lavaur/catalogue.yaml', (text) => text.replace('title: Suggestion', 'title: Vos idées'));
    expect((await loadCatalogue(databases.owner, root)).changed).toBeGreaterThan(0);
    expect(await procedureTitle(databases.app, 'lavaur', 'suggestion')).toBe('Vos idées');

    await loadCatalogue(databases.owner, demoTenantsDir);
    expect(await procedureTitle(databases.app, 'lavaur', 'suggestion')).toBe('Suggestion');
  });
});
