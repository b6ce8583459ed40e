import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

/** One line per problem, each naming the file, the field and what is wrong. */
export class TenantFileError extends Error {
  override name = 'TenantFileError';
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid tenant configuration:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
    this.problems = problems;
  }
}

/** How a file is named in problems: `tenants/<epci>/<commune>/commune.yaml`. */
export function tenantFileName(root: string, file: string): string {
  return path.join(path.basename(root), path.relative(root, file));
}

/**
 * Reads one YAML file of the tenants tree and validates it, adding a line to `problems` per
 * issue (zod's generic messages in French) instead of stopping at the first: a person fixing
 * the files sees everything that is wrong at once.
 */
export async function readTenantYaml<T extends z.ZodType>(root: string, file: string, schema: T, problems: string[]): Promise<z.output<T> | undefined> {
  const name = tenantFileName(root, file);
  let raw: unknown;
  try {
    raw = parse(await readFile(file, 'utf8'));
  } catch (error) {
    problems.push(`${name}: YAML illisible: ${(error as Error).message.split('\n')[0]}`);
    return undefined;
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) problems.push(`${name}: ${issue.path.map(String).join('.') || '(racine)'}: ${issue.message}`);
  return undefined;
}
