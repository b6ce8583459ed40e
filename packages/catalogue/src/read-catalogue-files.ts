import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { readTenantFiles, readTenantYaml, TenantFileError, tenantFileName, type DeclaredCommune } from '@guichet/tenants';
import type { CommuneCalendar } from './calendar.ts';
import {
  catalogueFileSchema,
  duplicates,
  procedureEntrySchema,
  templateEntrySchema,
  templatesFileSchema,
  type TemplateEntry,
} from './catalogue-file.ts';
import { amendDefinition, parseProcedureDefinition, type DefinitionIssue, type ParsedProcedureDefinition } from './procedure-definition.ts';
import { referenceProblems, type CommuneReferences } from './references.ts';
import type { Sector } from './sectors.ts';

export type DeclaredTemplate = { slug: string; themeTitle: string; definition: ParsedProcedureDefinition };
export type DeclaredTheme = { slug: string; title: string; description: string | null; position: number };
export type DeclaredProcedure = {
  slug: string;
  theme: string;
  service: string;
  published: boolean;
  /** The EPCI template it adopts, if any. */
  template: string | null;
  definition: ParsedProcedureDefinition;
};
export type DeclaredCatalogue = {
  communeSlug: string;
  file: string;
  calendar: CommuneCalendar;
  sectors: Sector[];
  themes: DeclaredTheme[];
  procedures: DeclaredProcedure[];
};
export type DeclaredEpciCatalogue = { epciSlug: string; templates: DeclaredTemplate[]; communes: DeclaredCatalogue[] };


/**
 * Reads and validates every `templates.yaml` (beside an `epci.yaml`) and `catalogue.yaml`
 * (beside a `commune.yaml`) before anything is written. A commune's procedures are checked
 * against its EPCI's templates and the services its `commune.yaml` declares.
 */
export async function readCatalogueFiles(root: string): Promise<DeclaredEpciCatalogue[]> {
  const problems: string[] = [];
  const declared: DeclaredEpciCatalogue[] = [];
  for (const epci of await readTenantFiles(root)) {
    // Tenant files name themselves `<basename of root>/<path inside root>`.
    const epciFolder = path.dirname(path.join(path.dirname(root), epci.file));
    const templates = await readTemplates(root, path.join(epciFolder, 'templates.yaml'), problems);
    const communes: DeclaredCatalogue[] = [];
    for (const commune of epci.communes) {
      const file = path.join(path.dirname(path.join(path.dirname(root), commune.file)), 'catalogue.yaml');
      if (!existsSync(file)) continue;
      const catalogue = await readCommuneCatalogue(root, file, commune, templates, problems);
      if (catalogue) communes.push(catalogue);
    }
    declared.push({ epciSlug: epci.slug, templates: [...templates.values()], communes });
  }
  if (problems.length > 0) throw new TenantFileError(problems);
  return declared;
}

async function readTemplates(root: string, file: string, problems: string[]): Promise<Map<string, DeclaredTemplate>> {
  const templates = new Map<string, DeclaredTemplate>();
  if (!existsSync(file)) return templates;
  const name = tenantFileName(root, file);
  const parsed = await readTenantYaml(root, file, templatesFileSchema, problems);
  const entries = (parsed?.templates ?? []).map((raw, index) => {
    const where = { file: name, at: ['templates', index] };
    const entry = parseEntry(raw, templateEntrySchema, where, problems);
    return entry && readTemplate(entry, where, problems);
  });
  const repeated = duplicates(entries.map((template, index) => template?.slug ?? `#${index}`), 'modèle');
  problems.push(...repeated.flatMap(({ index, message }) => describe({ file: name, at: ['templates', index] }, [{ path: ['slug'], message }])));
  for (const template of entries) if (template) templates.set(template.slug, template);
  return templates;
}

function readTemplate(entry: TemplateEntry, where: Where, problems: string[]): DeclaredTemplate | undefined {
  const { slug, theme, ...fields } = entry;
  const parsed = parseProcedureDefinition(fields);
  if (!parsed.ok) {
    problems.push(...describe(where, parsed.errors));
    return undefined;
  }
  return { slug, themeTitle: theme, definition: parsed.definition };
}

async function readCommuneCatalogue(
  root: string,
  file: string,
  commune: DeclaredCommune,
  templates: ReadonlyMap<string, DeclaredTemplate>,
  problems: string[],
): Promise<DeclaredCatalogue | undefined> {
  const name = tenantFileName(root, file);
  const parsed = await readTenantYaml(root, file, catalogueFileSchema, problems);
  if (!parsed) return undefined;
  const context = {
    templates,
    themes: new Set(parsed.themes.map((theme) => theme.slug)),
    references: {
      services: new Set(commune.services.map((service) => service.slug)),
      sectors: new Set(parsed.sectors.map((sector) => sector.slug)),
    },
  };
  const before = problems.length;
  const procedures = parsed.procedures.map((raw, index) => readProcedure(raw, context, { file: name, at: ['procedures', index] }, problems));
  const repeated = duplicates(procedures.map((procedure, index) => procedure?.slug ?? `#${index}`), 'démarche');
  problems.push(...repeated.flatMap(({ index, message }) => describe({ file: name, at: ['procedures', index] }, [{ path: ['slug'], message }])));
  if (problems.length > before) return undefined;
  return {
    communeSlug: commune.slug,
    file: name,
    calendar: parsed.calendar,
    sectors: parsed.sectors,
    themes: parsed.themes.map((theme, position) => ({ ...theme, description: theme.description ?? null, position })),
    procedures: procedures.filter((procedure) => procedure !== undefined),
  };
}

type CommuneContext = {
  templates: ReadonlyMap<string, DeclaredTemplate>;
  themes: ReadonlySet<string>;
  references: CommuneReferences;
};

/** One procedure entry: its shape, its template, its definition, then what it names in the commune. */
function readProcedure(raw: unknown, commune: CommuneContext, where: Where, problems: string[]): DeclaredProcedure | undefined {
  const entry = parseEntry(raw, procedureEntrySchema, where, problems);
  if (!entry) return undefined;
  const { slug, adopt, theme, service, published, ...fields } = entry;
  const template = adopt === undefined ? undefined : commune.templates.get(adopt);
  if (adopt !== undefined && !template) {
    const known = [...commune.templates.keys()].join(', ') || 'aucun';
    problems.push(...describe(where, [{ path: ['adopt'], message: `aucun modèle « ${adopt} » publié par l'intercommunalité (modèles : ${known})` }]));
    return undefined;
  }
  const parsed = template ? amendDefinition(template.definition, fields) : parseProcedureDefinition(fields);
  if (!parsed.ok) {
    problems.push(...describe(where, parsed.errors));
    return undefined;
  }
  const unknown = referenceProblems(service, parsed.definition, commune.references);
  if (!commune.themes.has(theme)) unknown.push({ path: ['theme'], message: `thème « ${theme} » non déclaré dans themes` });
  if (unknown.length > 0) {
    problems.push(...describe(where, unknown));
    return undefined;
  }
  return { slug: slug ?? adopt!, theme, service, published, template: adopt ?? null, definition: parsed.definition };
}

function parseEntry<T extends z.ZodType>(raw: unknown, schema: T, where: Where, problems: string[]): z.output<T> | undefined {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  problems.push(...describe(where, parsed.error.issues));
  return undefined;
}

/** Where: the file, and the path inside it of the entry the issues are about. */
type Where = { file: string; at: PropertyKey[] };

function describe(where: Where, issues: readonly DefinitionIssue[]): string[] {
  return issues.map((issue) => `${where.file}: ${[...where.at, ...issue.path].map(String).join('.') || '(racine)'}: ${issue.message}`);
}

