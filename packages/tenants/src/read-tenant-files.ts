import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import type { z } from 'zod';
import type { Branding } from '@guichet/db';
import { communeFileSchema, epciFileSchema, type CommuneFile, type EpciFile } from './tenant-file.ts';

export type Declared<T> = Omit<T, 'branding'> & { branding: Branding; file: string };
export type DeclaredCommune = Declared<CommuneFile> & { epciSlug: string };
export type DeclaredEpci = Declared<EpciFile> & { communes: DeclaredCommune[] };

/** One line per problem, each naming the file, the field and what is wrong. */
export class TenantFileError extends Error {
  override name = 'TenantFileError';
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid tenant configuration:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
    this.problems = problems;
  }
}

/**
 * Reads and validates the whole `tenants/` tree before anything is written, so that one bad
 * file leaves the database untouched. Layout: `<epci>/epci.yaml`, `<epci>/<commune>/commune.yaml`.
 */
export async function readTenantFiles(root: string): Promise<DeclaredEpci[]> {
  const problems: string[] = [];
  const epcis: DeclaredEpci[] = [];
  for (const epciDir of await subfolders(root)) {
    const epciPath = path.join(root, epciDir, 'epci.yaml');
    if (!existsSync(epciPath)) {
      problems.push(`${relative(root, epciPath)}: fichier manquant (chaque dossier d'EPCI déclare son epci.yaml)`);
      continue;
    }
    const epci = await readDeclaration(root, epciPath, epciFileSchema, problems);
    const communes: DeclaredCommune[] = [];
    for (const communeDir of await subfolders(path.join(root, epciDir))) {
      const communePath = path.join(root, epciDir, communeDir, 'commune.yaml');
      if (!existsSync(communePath)) continue;
      const commune = await readDeclaration(root, communePath, communeFileSchema, problems);
      if (commune && epci) communes.push({ ...commune, epciSlug: epci.slug });
    }
    if (epci) epcis.push({ ...epci, communes });
  }
  problems.push(...duplicates(epcis));
  if (problems.length > 0) throw new TenantFileError(problems);
  return epcis;
}

async function readDeclaration<T extends { branding: Branding }>(
  root: string,
  file: string,
  schema: z.ZodType<T>,
  problems: string[],
): Promise<(T & { file: string }) | undefined> {
  const name = relative(root, file);
  let raw: unknown;
  try {
    raw = parse(await readFile(file, 'utf8'));
  } catch (error) {
    problems.push(`${name}: YAML illisible: ${(error as Error).message.split('\n')[0]}`);
    return undefined;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push(`${name}: ${issue.path.join('.') || '(racine)'}: ${issue.message}`);
    }
    return undefined;
  }
  const logoPath = path.join(path.dirname(file), parsed.data.branding.logo);
  if (!existsSync(logoPath)) {
    problems.push(`${name}: branding.logo: le fichier ${parsed.data.branding.logo} n'existe pas à côté de ce fichier`);
    return undefined;
  }
  const svg = await readFile(logoPath);
  const logo = `data:image/svg+xml;base64,${svg.toString('base64')}`;
  return { ...parsed.data, branding: { ...parsed.data.branding, logo }, file: name };
}

function duplicates(epcis: DeclaredEpci[]): string[] {
  const problems: string[] = [];
  const owners = new Map<string, string>();
  const claim = (key: string, file: string, field: string) => {
    const previous = owners.get(key);
    if (previous) problems.push(`${file}: ${field}: déjà déclaré par ${previous}`);
    else owners.set(key, file);
  };
  for (const epci of epcis) {
    // Communes and EPCIs share the `<slug>.<PLATFORM_DOMAIN>` namespace.
    claim(`slug:${epci.slug}`, epci.file, 'slug');
    epci.hostnames.forEach((host, index) => claim(`host:${host}`, epci.file, `hostnames.${index}`));
    for (const commune of epci.communes) {
      claim(`slug:${commune.slug}`, commune.file, 'slug');
      claim(`insee:${commune.inseeCode}`, commune.file, 'inseeCode');
      commune.hostnames.forEach((host, index) => claim(`host:${host}`, commune.file, `hostnames.${index}`));
    }
  }
  return problems;
}

async function subfolders(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
}

function relative(root: string, file: string): string {
  return path.join(path.basename(root), path.relative(root, file));
}
