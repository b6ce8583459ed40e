import { eq } from 'drizzle-orm';
import { procedures, procedureTemplates, services, themes, type Transaction } from '@guichet/db';
import type { FormDefinition } from '@guichet/forms';
import type { WorkflowOverrides } from '@guichet/workflow';
import { notFound } from './errors.ts';

/**
 * One procedure as the portal presents it before the citizen fills it in; an administrator
 * (`includeDrafts`) also reaches unpublished ones and gets what the portal keeps to itself.
 */
export async function procedureDetail(tx: Transaction, slug: string, options: { includeDrafts: boolean }) {
  const [row] = await tx
    .select({
      slug: procedures.slug,
      published: procedures.published,
      definition: procedures.definition,
      theme: { slug: themes.slug, title: themes.title },
      service: { slug: services.slug, name: services.name },
      template: procedureTemplates.slug,
    })
    .from(procedures)
    .innerJoin(themes, eq(themes.id, procedures.themeId))
    .innerJoin(services, eq(services.id, procedures.serviceId))
    .leftJoin(procedureTemplates, eq(procedureTemplates.id, procedures.templateId))
    .where(eq(procedures.slug, slug));
  if (!row || (!row.published && !options.includeDrafts)) throw notFound(`Aucune démarche « ${slug} » dans cette commune.`);
  const { definition } = row;
  return {
    slug: row.slug,
    published: row.published,
    theme: row.theme,
    service: row.service,
    adoptedFrom: row.template,
    title: definition.title,
    summary: definition.summary,
    description: definition.description,
    steps: definition.steps,
    requiredDocuments: definition.requiredDocuments,
    // Stored parsed (see procedure-definition.ts); the table only types it loosely.
    form: definition.form as FormDefinition,
    delayDays: definition.delayDays,
    feeCents: definition.feeCents,
    anonymousAllowed: definition.anonymousAllowed,
    decisionRequired: definition.decisionRequired,
    open311: definition.open311,
    administration: options.includeDrafts
      ? {
          routing: definition.routing,
          pauseMode: definition.pauseMode,
          restricted: definition.restricted,
          retentionDays: definition.retentionDays,
          workflow: definition.workflow as WorkflowOverrides,
        }
      : null,
  };
}

export type ProcedureDetail = Awaited<ReturnType<typeof procedureDetail>>;
