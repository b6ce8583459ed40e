import { and, asc, eq, max, sql } from 'drizzle-orm';
import { procedures, themes, type Transaction } from '@guichet/db';
import { formSchema, type FormDefinition } from '@guichet/forms';
import type { Service, ServiceDefinition } from './documents.ts';
import { Open311Error } from './open311-error.ts';
import { toService, toServiceDefinition, type OfferedProcedure } from './services.ts';

/** A procedure is an Open311 service when it is published and its definition says so. */
const offered = and(eq(procedures.published, true), sql`${procedures.definition}->>'open311' = 'true'`);

async function offeredProcedures(tx: Transaction, slug?: string): Promise<(OfferedProcedure & { delayDays: number })[]> {
  const rows = await tx
    .select({ slug: procedures.slug, definition: procedures.definition, themeTitle: themes.title })
    .from(procedures)
    .innerJoin(themes, and(eq(themes.tenantId, procedures.tenantId), eq(themes.id, procedures.themeId)))
    .where(slug === undefined ? offered : and(offered, eq(procedures.slug, slug)))
    .orderBy(asc(themes.position), asc(themes.title), asc(procedures.slug));
  return rows.map(({ slug, definition, themeTitle }) => ({
    slug,
    title: definition.title,
    summary: definition.summary,
    delayDays: definition.delayDays,
    themeTitle,
    form: formSchema.parse(definition.form) as FormDefinition,
  }));
}

export async function listServices(tx: Transaction): Promise<Service[]> {
  return (await offeredProcedures(tx)).map(toService);
}

/** One offered procedure by its service code, or the specification's 404. */
export async function offeredProcedure(tx: Transaction, code: string) {
  const [procedure] = await offeredProcedures(tx, code);
  if (!procedure) throw new Open311Error(404, `service_code : aucun service « ${code} » dans cette commune.`);
  return procedure;
}

export async function serviceDefinition(tx: Transaction, code: string): Promise<ServiceDefinition> {
  return toServiceDefinition(await offeredProcedure(tx, code));
}

/** When the list of services last changed, for the discovery document's changeset. */
export async function servicesChangedAt(tx: Transaction): Promise<Date | null> {
  const [row] = await tx.select({ at: max(procedures.updatedAt) }).from(procedures).where(offered);
  return row?.at ?? null;
}
