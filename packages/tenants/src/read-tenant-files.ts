import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import type { Branding } from '@guichet/db';
import { communeFileSchema, epciFileSchema, type CommuneFile, type EpciFile } from './tenant-file.ts';
import { readTenantYaml, TenantFileError, tenantFileName } from './tenant-yaml.ts';

type Declared<T> = Omit<T, 'branding'> & { branding: Branding; file: string };
export type DeclaredCommune = Declared<CommuneFile> & { epciSlug: string };
export type DeclaredEpci = Declared<EpciFile> & { communes: DeclaredCommune[] };


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
      problems.push(`${tenantFileName(root, epciPath)}: fichier manquant (chaque dossier d'EPCI déclare son epci.yaml)`);
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
  const name = tenantFileName(root, file);
  const parsed = await readTenantYaml(root, file, schema, problems);
  if (!parsed) return undefined;
  const logoPath = path.join(path.dirname(file), parsed.branding.logo);
  if (!existsSync(logoPath)) {
    problems.push(`${name}: branding.logo: le fichier ${parsed.branding.logo} n'existe pas à côté de ce fichier`);
    return undefined;
  }
  const svg = await readFile(logoPath);
  const logo = `data:image/svg+xml;base64,${svg.toString('base64')}`;
  return { ...parsed, branding: { ...parsed.branding, logo }, file: name };
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

