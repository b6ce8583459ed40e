import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { procedures, procedureTemplates, tenants, type Transaction } from '@guichet/db';
import { formSchema, type FormDefinition } from '@guichet/forms';
import { notFound } from './errors.ts';

/**
 * One of the EPCI's templates as its console edits it, with the member communes that adopted it
 * and the version each copy stands on (read through the EPCI's read-only view of its communes).
 */
export async function templateDetail({ tx }: { tx: Transaction }, input: { slug: string }) {
  const [template] = await tx.select().from(procedureTemplates).where(eq(procedureTemplates.slug, input.slug));
  if (!template) throw notFound(`Aucun modèle « ${input.slug} » publié par votre intercommunalité.`);
  const copies = await tx
    .select({ commune: tenants.name, slug: procedures.slug, version: procedures.templateVersion })
    .from(procedures)
    .innerJoin(tenants, eq(tenants.id, procedures.tenantId))
    .where(eq(procedures.templateId, template.id))
    .orderBy(asc(tenants.name));
  const { definition } = template;
  return {
    slug: template.slug,
    theme: template.themeTitle,
    version: template.version,
    publishedAt: template.publishedAt.toISOString(),
    title: definition.title,
    summary: definition.summary,
    description: definition.description,
    steps: definition.steps,
    requiredDocuments: definition.requiredDocuments,
    // Stored parsed (see procedure-definition.ts); the table only types it loosely.
    form: definition.form as FormDefinition,
    delayDays: definition.delayDays,
    retentionDays: definition.retentionDays,
    adoptions: copies.map((copy) => ({ ...copy, updatePending: copy.version !== template.version })),
  };
}

export const templateDetailSchema = z
  .object({
    slug: z.string().meta({ example: 'signalement-voirie' }),
    theme: z.string().meta({ description: 'Le titre du thème sous lequel le modèle est classé.' }),
    version: z.int().meta({ description: 'Augmente à chaque modification du modèle.' }),
    publishedAt: z.iso.datetime({ offset: true }),
    title: z.string(),
    summary: z.string(),
    description: z.string(),
    steps: z.array(z.string()),
    requiredDocuments: z.array(z.object({ label: z.string(), required: z.boolean() })),
    form: formSchema,
    delayDays: z.int().meta({ description: 'Le délai de réponse annoncé, en jours ouvrés.' }),
    retentionDays: z.int().meta({ description: 'Jours de conservation des données personnelles après la clôture.' }),
    adoptions: z
      .array(
        z.object({
          commune: z.string(),
          slug: z.string().meta({ description: 'L’identifiant de la démarche adoptée dans la commune.' }),
          version: z.int().nullable().meta({ description: 'La dernière version du modèle que la commune a adoptée, prise ou écartée.' }),
          updatePending: z.boolean().meta({ description: 'Une version plus récente attend que la commune la prenne ou l’écarte.' }),
        }),
      )
      .meta({ description: 'Les communes membres qui ont adopté le modèle, et la version sur laquelle repose leur copie.' }),
  })
  .meta({ id: 'ModeleDetail' });
