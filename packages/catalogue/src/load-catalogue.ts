import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import {
  communeSettings,
  epcis,
  procedures,
  procedureTemplates,
  services,
  tenants,
  themes,
  type Database,
  type Transaction,
} from '@guichet/db';
import {
  readCatalogueFiles,
  type DeclaredCatalogue,
  type DeclaredProcedure,
  type DeclaredTemplate,
  type DeclaredTheme,
} from './read-catalogue-files.ts';
import { calendarSchema } from './calendar.ts';

export type CatalogueLoadSummary = { templates: number; themes: number; procedures: number; changed: number };

/**
 * Writes the declared EPCI templates and commune catalogues, as the owner, after `loadTenants`
 * (communes and services must exist). All or nothing; a second load of the same files changes
 * no row. Templates and sectors follow the files. A theme, a procedure or the calendar is
 * written when its declaration is new or has changed since the last load, so that an
 * administrator's edits survive restarts until the file itself changes.
 *
 * Every read names its `tenant_id` or `epci_id`: a superuser or BYPASSRLS owner is not bound by
 * row-level security, which stays the safety net for an ordinary owner, not the filter.
 */
export async function loadCatalogue(ownerDb: Database, root: string): Promise<CatalogueLoadSummary> {
  const declared = await readCatalogueFiles(root);
  return ownerDb.transaction(async (tx) => {
    const summary: CatalogueLoadSummary = { templates: 0, themes: 0, procedures: 0, changed: 0 };
    for (const epci of declared) {
      const epciId = await idOf(tx, epcis, epci.epciSlug);
      // procedure_templates is EPCI-isolated, and FORCE ROW LEVEL SECURITY binds an ordinary owner too.
      await setScope(tx, { epciId, tenantId: '' });
      const templateIds = new Map<string, string>();
      for (const template of epci.templates) templateIds.set(template.slug, await upsertTemplate(tx, epciId, template, summary));
      for (const catalogue of epci.communes) {
        const tenantId = await idOf(tx, tenants, catalogue.communeSlug);
        await setScope(tx, { epciId: '', tenantId });
        await applyCatalogue(tx, tenantId, catalogue, templateIds, summary);
      }
    }
    await setScope(tx, { epciId: '', tenantId: '' });
    return summary;
  });
}

async function setScope(tx: Transaction, scope: { epciId: string; tenantId: string }) {
  await tx.execute(sql`select set_config('app.epci_id', ${scope.epciId}, true), set_config('app.tenant_id', ${scope.tenantId}, true)`);
}

async function idOf(tx: Transaction, table: typeof epcis | typeof tenants, slug: string): Promise<string> {
  const [row] = await tx.select({ id: table.id }).from(table).where(eq(table.slug, slug));
  if (!row) throw new Error(`${slug} is declared in the catalogue files but not loaded: run loadTenants first`);
  return row.id;
}

async function upsertTemplate(tx: Transaction, epciId: string, template: DeclaredTemplate, summary: CatalogueLoadSummary) {
  const values = { epciId, slug: template.slug, themeTitle: template.themeTitle, definition: template.definition };
  const changed = await tx
    .insert(procedureTemplates)
    .values(values)
    .onConflictDoUpdate({
      target: [procedureTemplates.epciId, procedureTemplates.slug],
      set: { themeTitle: values.themeTitle, definition: values.definition, publishedAt: sql`now()` },
      setWhere: sql`(${procedureTemplates.themeTitle}, ${procedureTemplates.definition})
        IS DISTINCT FROM (excluded.theme_title, excluded.definition)`,
    })
    .returning({ id: procedureTemplates.id });
  summary.templates += 1;
  summary.changed += changed.length;
  const [row] = await tx
    .select({ id: procedureTemplates.id })
    .from(procedureTemplates)
    .where(and(eq(procedureTemplates.epciId, epciId), eq(procedureTemplates.slug, template.slug)));
  return row!.id;
}

async function applyCatalogue(
  tx: Transaction,
  tenantId: string,
  catalogue: DeclaredCatalogue,
  templateIds: ReadonlyMap<string, string>,
  summary: CatalogueLoadSummary,
) {
  const [settings] = await tx.select().from(communeSettings).where(eq(communeSettings.tenantId, tenantId));
  const applied = { ...settings?.appliedDeclarations };
  const existingThemes = await idsBySlug(tx, themes, tenantId);
  for (const theme of catalogue.themes) {
    summary.themes += 1;
    // A declared theme an administrator deleted comes back: procedures of the file may need it.
    if (applied[`theme:${theme.slug}`] === digest(theme) && existingThemes.has(theme.slug)) continue;
    summary.changed += await upsertTheme(tx, tenantId, theme);
    applied[`theme:${theme.slug}`] = digest(theme);
  }
  const themeIds = await idsBySlug(tx, themes, tenantId);
  const serviceIds = await idsBySlug(tx, services, tenantId);
  for (const procedure of catalogue.procedures) {
    summary.procedures += 1;
    if (applied[`procedure:${procedure.slug}`] === digest(procedure)) continue;
    summary.changed += await upsertProcedure(tx, tenantId, procedure, {
      themeId: themeIds.get(procedure.theme)!,
      serviceId: loaded(serviceIds, procedure.service, catalogue.file),
      templateId: procedure.template === null ? null : templateIds.get(procedure.template)!,
    });
    applied[`procedure:${procedure.slug}`] = digest(procedure);
  }
  // The calendar is the back office's too: the file's applies again only when it changes.
  const calendarChanged = applied.calendar !== digest(catalogue.calendar) || !settings;
  applied.calendar = digest(catalogue.calendar);
  summary.changed += await upsertSettings(tx, tenantId, { ...catalogue, calendar: calendarChanged ? catalogue.calendar : calendarSchema.parse(settings.calendar) }, applied);
}

async function upsertTheme(tx: Transaction, tenantId: string, theme: DeclaredTheme): Promise<number> {
  const values = { tenantId, ...theme };
  const changed = await tx
    .insert(themes)
    .values(values)
    .onConflictDoUpdate({
      target: [themes.tenantId, themes.slug],
      set: { title: theme.title, description: theme.description, position: theme.position },
      setWhere: sql`(${themes.title}, ${themes.description}, ${themes.position})
        IS DISTINCT FROM (excluded.title, excluded.description, excluded.position)`,
    })
    .returning({ id: themes.id });
  return changed.length;
}

async function upsertProcedure(
  tx: Transaction,
  tenantId: string,
  procedure: DeclaredProcedure,
  references: { themeId: string; serviceId: string; templateId: string | null },
): Promise<number> {
  // A copy its commune's file adopts follows the template through that file: it stands on its current version.
  const templateVersion = references.templateId === null ? null : sql`(select version from procedure_templates where id = ${references.templateId})`;
  const values = { tenantId, slug: procedure.slug, definition: procedure.definition, published: procedure.published, ...references, templateVersion };
  const changed = await tx
    .insert(procedures)
    .values(values)
    .onConflictDoUpdate({
      target: [procedures.tenantId, procedures.slug],
      set: { ...values, updatedAt: sql`now()` },
      setWhere: sql`(${procedures.definition}, ${procedures.published}, ${procedures.themeId}, ${procedures.serviceId}, ${procedures.templateId}, ${procedures.templateVersion})
        IS DISTINCT FROM (excluded.definition, excluded.published, excluded.theme_id, excluded.service_id, excluded.template_id, excluded.template_version)`,
    })
    .returning({ id: procedures.id });
  return changed.length;
}

async function upsertSettings(
  tx: Transaction,
  tenantId: string,
  catalogue: DeclaredCatalogue,
  appliedDeclarations: Record<string, string>,
): Promise<number> {
  const values = { tenantId, calendar: catalogue.calendar, sectors: catalogue.sectors, appliedDeclarations };
  const changed = await tx
    .insert(communeSettings)
    .values(values)
    .onConflictDoUpdate({
      target: communeSettings.tenantId,
      set: { ...values, updatedAt: sql`now()` },
      setWhere: sql`(${communeSettings.calendar}, ${communeSettings.sectors}, ${communeSettings.appliedDeclarations})
        IS DISTINCT FROM (excluded.calendar, excluded.sectors, excluded.applied_declarations)`,
    })
    .returning({ tenantId: communeSettings.tenantId });
  return changed.length;
}

async function idsBySlug(tx: Transaction, table: typeof themes | typeof services, tenantId: string): Promise<Map<string, string>> {
  const rows = await tx.select({ slug: table.slug, id: table.id }).from(table).where(eq(table.tenantId, tenantId));
  return new Map(rows.map((row) => [row.slug, row.id]));
}

/** Files were checked against commune.yaml; the database holds it only if loadTenants ran on the same tree. */
function loaded(serviceIds: ReadonlyMap<string, string>, slug: string, file: string): string {
  const id = serviceIds.get(slug);
  if (id === undefined) throw new Error(`${file}: service « ${slug} » absent from the database: run loadTenants on this tree first`);
  return id;
}

/** Declarations are parse outputs of the same files: their key order is stable between loads. */
function digest(declaration: DeclaredTheme | DeclaredProcedure | DeclaredCatalogue['calendar']): string {
  return createHash('sha256').update(JSON.stringify(declaration)).digest('base64url');
}
