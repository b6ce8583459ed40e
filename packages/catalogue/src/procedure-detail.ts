import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { procedures, procedureTemplates, services, themes, type Transaction } from '@guichet/db';
import { formSchema, type FormDefinition } from '@guichet/forms';
import { workflowSchema, type WorkflowOverrides } from '@guichet/workflow';
import { readCommuneSettings } from './commune-settings.ts';
import { notFound } from './errors.ts';
import { defaultWaitingCitizen, routingRuleSchema } from './procedure-definition.ts';

/**
 * One procedure as the portal presents it before the citizen fills it in; an administrator
 * (`includeDrafts`) also reaches unpublished ones and gets what the portal keeps to itself.
 */
export async function procedureDetail({ tx }: { tx: Transaction }, input: { slug: string; includeDrafts: boolean }) {
  const { slug, includeDrafts } = input;
  const [row] = await tx
    .select({
      slug: procedures.slug,
      published: procedures.published,
      formVersion: procedures.formVersion,
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
  if (!row || (!row.published && !includeDrafts)) throw notFound(`Aucune démarche « ${slug} » dans cette commune.`);
  const { definition } = row;
  const sectors = includeDrafts ? (await readCommuneSettings({ tx })).sectors.map(({ slug, name }) => ({ slug, name })) : [];
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
    administration: includeDrafts
      ? {
          routing: definition.routing,
          pauseMode: definition.pauseMode,
          restricted: definition.restricted,
          retentionDays: definition.retentionDays,
          workflow: definition.workflow as WorkflowOverrides,
          formVersion: row.formVersion,
          // Definitions stored before the setting existed have the default.
          waitingCitizen: definition.waitingCitizen ?? defaultWaitingCitizen,
          sectors,
        }
      : null,
  };
}

export type ProcedureDetail = Awaited<ReturnType<typeof procedureDetail>>;

/** One procedure as the API answers it (`procedureDetail`). */
export const procedureDetailSchema = z
  .object({
    slug: z.string().meta({ example: 'copie-acte-naissance' }),
    published: z.boolean().meta({ description: 'Faux pour un brouillon (visible des seuls administrateurs de la commune).' }),
    theme: z.object({ slug: z.string(), title: z.string() }),
    service: z.object({ slug: z.string(), name: z.string() }).meta({ description: 'Le service instructeur.' }),
    adoptedFrom: z.string().nullable().meta({ description: 'Le modèle de l’intercommunalité dont la démarche est adoptée, s’il y en a un.' }),
    title: z.string(),
    summary: z.string(),
    description: z.string(),
    steps: z.array(z.string()).meta({ description: 'Les étapes, dans l’ordre, telles que le portail les présente.' }),
    requiredDocuments: z.array(z.object({ label: z.string(), required: z.boolean() })).meta({ description: 'Les pièces à fournir.' }),
    form: formSchema.meta({ description: 'Le formulaire à remplir ; son schéma JSON des réponses est publié à `GET /api/catalogue/{slug}/schema.json`.' }),
    delayDays: z.int().meta({ description: 'Le délai de réponse annoncé, en jours ouvrés.' }),
    feeCents: z.int().nullable().meta({ description: 'Le tarif en centimes ; null pour une démarche gratuite.' }),
    anonymousAllowed: z.boolean().meta({ description: 'La démarche accepte-t-elle les demandes sans compte ?' }),
    decisionRequired: z.boolean().meta({ description: 'La demande passe-t-elle par une décision avant d’aboutir ?' }),
    open311: z.boolean().meta({ description: 'La démarche est-elle offerte comme service Open311 ?' }),
    administration: z
      .object({
        routing: z.array(routingRuleSchema).meta({ description: 'Les règles d’aiguillage vers un service, selon les réponses ou le secteur.' }),
        pauseMode: z.enum(['continue', 'restart']).meta({ description: 'Après une réponse de l’usager, le délai continue ou repart de zéro.' }),
        restricted: z.boolean().meta({ description: 'Seuls les agents du service aiguillé lisent les demandes.' }),
        retentionDays: z.int().meta({ description: 'Jours de conservation des données personnelles après la clôture.' }),
        workflow: workflowSchema.meta({ description: 'Le circuit de la démarche : les changements apportés au circuit par défaut.' }),
        waitingCitizen: z
          .object({ remindAfterDays: z.int().nullable(), closeAfterDays: z.int().nullable() })
          .meta({ description: 'Une demande en attente de l’usager est relancée après `remindAfterDays` jours, puis classée sans suite après `closeAfterDays` jours sans réponse (null : jamais).' }),
        sectors: z
          .array(z.object({ slug: z.string(), name: z.string() }))
          .meta({ description: 'Les secteurs de la commune, que les règles d’aiguillage peuvent nommer (`{ when: { sector } }`).' }),
        formVersion: z.int().meta({
          description: 'La version du formulaire : chaque changement du formulaire en crée une, et chaque demande garde celle de son dépôt.',
        }),
      })
      .nullable()
      .meta({ description: 'Ce que le portail ne montre pas : pour les administrateurs de la commune seulement, null sinon.' }),
  })
  .meta({ id: 'Demarche' });
