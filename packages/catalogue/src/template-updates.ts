import { and, eq, gt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { procedures, procedureTemplates, procedureTemplateVersions, type ProcedureDefinition, type Transaction } from '@guichet/db';
import { recordCatalogueChange, type CommuneContext } from './catalogue-audit.ts';
import { notFound } from './errors.ts';
import { definitionKeys } from './procedure-definition.ts';
import { updateProcedure } from './update-procedure.ts';

const changeSchema = z.object({
  field: z.string().meta({ description: 'Le champ de la définition, tel que l’API le nomme.', example: 'delayDays' }),
  label: z.string().meta({ example: 'Délai annoncé' }),
  before: z.string().meta({ description: 'Sa valeur dans la version du modèle sur laquelle repose la démarche de la commune.' }),
  after: z.string().meta({ description: 'Sa valeur dans la version actuelle du modèle.' }),
});

export const templateUpdateSchema = z
  .object({
    procedure: z.string().meta({ description: 'La démarche de la commune (son identifiant).' }),
    title: z.string(),
    template: z.string().meta({ description: 'Le modèle de l’intercommunalité dont elle est adoptée.' }),
    fromVersion: z.int(),
    toVersion: z.int(),
    changes: z.array(changeSchema),
  })
  .meta({ id: 'MiseAJourDeModele' });
export type TemplateUpdate = z.infer<typeof templateUpdateSchema>;

/** What each field of a definition is called on screen. */
const labels: Partial<Record<(typeof definitionKeys)[number], string>> = {
  title: 'Titre',
  summary: 'Résumé',
  description: 'Description',
  steps: 'Étapes',
  requiredDocuments: 'Pièces à fournir',
  form: 'Formulaire',
  routing: 'Aiguillage',
  priorityRules: 'Priorités',
  delayDays: 'Délai annoncé (jours ouvrés)',
  pauseMode: 'Délai pendant l’attente de l’usager',
  waitingCitizen: 'Relance et classement',
  decisionRequired: 'Décision requise',
  anonymousAllowed: 'Dépôt sans compte',
  restricted: 'Réservée',
  workflow: 'Circuit de traitement',
  retentionDays: 'Durée de conservation (jours)',
  open311: 'Ouverte à Open311',
  feeCents: 'Tarif (centimes)',
  feedback: 'Réclamation ou suggestion',
};

/**
 * The commune's procedures adopted from a template that changed since the version they stand on,
 * each with what the EPCI changed (from that version to the current one), field by field.
 */
export async function listTemplateUpdates({ tx }: { tx: Transaction }): Promise<TemplateUpdate[]> {
  const rows = await tx
    .select({
      procedure: procedures.slug,
      definition: procedures.definition,
      template: procedureTemplates.slug,
      fromVersion: procedures.templateVersion,
      toVersion: procedureTemplates.version,
      before: procedureTemplateVersions.definition,
      after: procedureTemplates.definition,
    })
    .from(procedures)
    .innerJoin(procedureTemplates, eq(procedureTemplates.id, procedures.templateId))
    .innerJoin(
      procedureTemplateVersions,
      and(eq(procedureTemplateVersions.templateId, procedureTemplates.id), eq(procedureTemplateVersions.version, procedures.templateVersion)),
    )
    .where(gt(procedureTemplates.version, procedures.templateVersion))
    .orderBy(procedures.slug);
  // A template whose theme alone changed leaves nothing to take.
  return rows.filter((row) => changedFields(row.before, row.after).length > 0).map((row) => ({
    procedure: row.procedure,
    title: row.definition.title,
    template: row.template,
    fromVersion: row.fromVersion!,
    toVersion: row.toVersion,
    changes: changedFields(row.before, row.after).map((field) => ({ field, label: labels[field] ?? field, before: shown(row.before[field]), after: shown(row.after[field]) })),
  }));
}

/**
 * The commune takes the template's new version, or keeps its own: taken, each field the EPCI
 * changed replaces the procedure's whole (checked as any edit is), and every other field keeps the
 * commune's adaptation; kept, nothing changes but the version it stands on. Either way it is not
 * told of that version again.
 */
export async function answerTemplateUpdate(context: CommuneContext, input: { slug: string; take: boolean }): Promise<{ slug: string }> {
  const { tx, tenant } = context;
  const [update] = (await listTemplateUpdates({ tx })).filter((candidate) => candidate.procedure === input.slug);
  if (!update) throw notFound(`La démarche « ${input.slug} » n’a pas de mise à jour de modèle en attente.`);
  const [template] = await tx.select({ definition: procedureTemplates.definition }).from(procedureTemplates).where(eq(procedureTemplates.slug, update.template));
  if (input.take) {
    const changes = Object.fromEntries(update.changes.map(({ field }) => [field, withoutMirror(field, template!.definition)]));
    await updateProcedure(context, { slug: input.slug, changes });
  }
  const [procedure] = await tx
    .update(procedures)
    .set({ templateVersion: update.toVersion, updatedAt: sql`now()` })
    .where(eq(procedures.slug, input.slug))
    .returning({ id: procedures.id });
  await recordCatalogueChange(
    { ...context, epciId: tenant.epciId, tenantId: tenant.id },
    input.take ? 'template_update_taken' : 'template_update_declined',
    { kind: 'procedure', id: procedure!.id },
    { slug: input.slug, template: update.template, version: update.toVersion },
  );
  return { slug: input.slug };
}

function changedFields(before: ProcedureDefinition, after: ProcedureDefinition): (typeof definitionKeys)[number][] {
  return definitionKeys.filter((field) => JSON.stringify(before[field as keyof ProcedureDefinition]) !== JSON.stringify(after[field as keyof ProcedureDefinition]));
}

/** A field's value as an administrator reads it: text as is, a form by its fields' labels, the rest as JSON. */
function shown(value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'oui' : 'non';
  if (typeof value === 'object' && value !== null && 'fields' in value && Array.isArray(value.fields)) {
    return (value.fields as { label?: string; key?: string }[]).map((field) => field.label ?? field.key).join(' ; ');
  }
  return JSON.stringify(value);
}

/** The template's value of a field; its workflow without the decision flag the definition itself sets. */
function withoutMirror(field: string, definition: ProcedureDefinition): unknown {
  const value = definition[field as keyof ProcedureDefinition];
  if (field !== 'workflow') return value;
  const { decisionRequired: _mirrored, ...workflow } = value as Record<string, unknown>;
  return workflow;
}
