import { z } from 'zod';
import type { ProcedureDefinition } from '@guichet/db';
import { formSchema, type FieldDefinition, type FormDefinition } from '@guichet/forms';
import { workflowSchema } from '@guichet/workflow';

/**
 * A procedure as the tenant files, the EPCI templates and the administrator's API declare it.
 * Parsed once when declared; the stored definition is the parsed one, defaults filled in, so
 * readers (request filing, the rendered form) never re-interpret an author's shorthand.
 */

export const slugSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: 'Identifiant invalide : minuscules, chiffres et tirets (ex. « acte-de-naissance »).' });

const text = (min: number, max: number, what: string) =>
  z
    .string({ error: `${what} : un texte est attendu.` })
    .trim()
    .min(min, { error: `${what} : ${min} caractère${min > 1 ? 's' : ''} au moins.` })
    .max(max, { error: `${what} : ${max} caractères au plus.` });

const fieldKey = z.string().regex(/^[a-z][a-zA-Z0-9_]{0,63}$/, { error: 'Clé de champ invalide.' });

export const routingRuleSchema = z.union(
  [
    z.strictObject({
      when: z.strictObject({ field: fieldKey, equals: z.union([z.string(), z.number(), z.boolean()]) }),
      service: slugSchema,
    }),
    z.strictObject({ when: z.strictObject({ sector: slugSchema }), service: slugSchema }),
  ],
  { error: 'Règle d’aiguillage invalide : { when: { field, equals }, service } ou { when: { sector }, service }.' },
);

const priorityRuleSchema = z.strictObject({
  when: z.strictObject({ field: fieldKey, equals: z.union([z.string(), z.number(), z.boolean()]) }),
  priority: z.enum(['high', 'urgent'], { error: 'Priorité : « high » ou « urgent ».' }),
});

const documentSchema = z.strictObject({
  label: text(3, 300, 'Libellé de la pièce'),
  required: z.boolean().default(true),
});

/** Remind a citizen who does not answer after a week, close without action after a month. */
export const defaultWaitingCitizen = { remindAfterDays: 7, closeAfterDays: 30 };

/** The declared shape, field by field; cross-field rules come after, in `procedureDefinitionSchema`. */
export const procedureFieldsSchema = z.strictObject({
  title: text(3, 150, 'Titre'),
  summary: text(10, 300, 'Résumé'),
  description: text(10, 10_000, 'Description'),
  steps: z.array(text(3, 500, 'Étape')).min(1, { error: 'Indiquez au moins une étape.' }).max(20),
  requiredDocuments: z.array(documentSchema).max(30).default([]),
  form: formSchema,
  routing: z.array(routingRuleSchema).max(50).default([]),
  priorityRules: z.array(priorityRuleSchema).max(20).default([]),
  /** Announced delay, in working days (Marianne: answer within the announced delay). */
  delayDays: z.int({ error: 'Délai : un nombre entier de jours ouvrés est attendu.' }).min(0).max(365),
  pauseMode: z.enum(['continue', 'restart'], { error: 'pauseMode : « continue » ou « restart ».' }).default('continue'),
  waitingCitizen: z
    .strictObject({
      remindAfterDays: z.int({ error: 'Relance : un nombre entier de jours est attendu.' }).min(1).max(365).nullable().default(7),
      closeAfterDays: z.int({ error: 'Classement : un nombre entier de jours est attendu.' }).min(2).max(730).nullable().default(30),
    })
    .refine((rules) => rules.remindAfterDays === null || rules.closeAfterDays === null || rules.remindAfterDays < rules.closeAfterDays, {
      path: ['closeAfterDays'],
      message: 'Le classement sans suite vient après la relance.',
    })
    .default(defaultWaitingCitizen),
  decisionRequired: z.boolean().default(false),
  anonymousAllowed: z.boolean().default(false),
  restricted: z.boolean().default(false),
  /** `@guichet/workflow` overrides; its `decisionRequired` follows the procedure's own. */
  workflow: z.looseObject({}).default({}),
  retentionDays: z.int({ error: 'Durée de conservation : un nombre entier de jours est attendu.' }).min(30).max(3650),
  open311: z.boolean().default(false),
  feeCents: z.int({ error: 'Tarif : un nombre entier de centimes est attendu.' }).min(0).max(1_000_000).nullable().default(null),
  /** A complaint or a suggestion (Marianne): counted apart in statistics and the quality report. */
  feedback: z.enum(['complaint', 'suggestion'], { error: 'feedback : « complaint » ou « suggestion ».' }).nullable().default(null),
});

export const definitionKeys = procedureFieldsSchema.keyof().options;

/**
 * The definition's fields as a file entry or an API body carries them beside other keys: only
 * collected there, then parsed once as a whole (possibly over a template or the current
 * definition), so that every issue is reported once, at the path the author wrote.
 */
export const looseDefinitionFields = Object.fromEntries(definitionKeys.map((key) => [key, z.unknown().optional()])) as Record<
  (typeof definitionKeys)[number],
  z.ZodOptional<z.ZodUnknown>
>;

type Issues = z.core.$RefinementCtx;

/**
 * A complete procedure definition. Beyond each field: routing rules name an answer the form
 * can give, an Open311 service has a located address field, and the workflow is checked with
 * the procedure's own decision step.
 */
export const procedureDefinitionSchema = procedureFieldsSchema.transform((fields, ctx) => {
  const workflow = resolveOverrides(fields, ctx);
  checkRouting(fields.routing, fields.form, ctx);
  fields.priorityRules.forEach((rule, index) => {
    const problem = routingProblem(rule.when, fields.form.fields);
    if (problem) ctx.addIssue({ code: 'custom', path: ['priorityRules', index, 'when'], message: problem });
  });
  if (fields.open311 && !fields.form.fields.some((field) => field.kind === 'address' && field.requireCoordinates)) {
    ctx.addIssue({
      code: 'custom',
      path: ['open311'],
      message: 'Un service Open311 demande un champ adresse avec coordonnées (kind: address, requireCoordinates: true).',
    });
  }
  if (workflow === undefined) return z.NEVER;
  return { ...fields, workflow };
});

export type ProcedureDefinitionInput = z.input<typeof procedureDefinitionSchema>;
export type ParsedProcedureDefinition = z.output<typeof procedureDefinitionSchema>;

// What this schema produces is exactly what the `procedures` and `procedure_templates` tables store.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
true satisfies Same<keyof ParsedProcedureDefinition, keyof ProcedureDefinition>;
true satisfies (ParsedProcedureDefinition extends ProcedureDefinition ? true : false);

export type DefinitionIssue = { path: PropertyKey[]; message: string };

/** Parses with French messages throughout, zod's own included. */
export function parseProcedureDefinition(
  input: unknown,
): { ok: true; definition: ParsedProcedureDefinition } | { ok: false; errors: DefinitionIssue[] } {
  const parsed = procedureDefinitionSchema.safeParse(input);
  if (parsed.success) return { ok: true, definition: parsed.data };
  return { ok: false, errors: parsed.error.issues.map((issue) => ({ path: issue.path, message: issue.message })) };
}

/**
 * A definition with some fields replaced whole: a template with a commune's adaptations, or a
 * procedure with an administrator's edit. The base workflow drops the decision flag it
 * mirrored, so that a change of `decisionRequired` carries into the workflow.
 */
export function amendDefinition(base: ProcedureDefinition, changes: Readonly<Record<string, unknown>>) {
  const { decisionRequired: _mirrored, ...workflow } = base.workflow as Record<string, unknown>;
  const defined = Object.entries(changes).filter(([, value]) => value !== undefined);
  return parseProcedureDefinition({ ...base, workflow, ...Object.fromEntries(defined) });
}

function resolveOverrides(fields: z.output<typeof procedureFieldsSchema>, ctx: Issues) {
  const declared = fields.workflow.decisionRequired;
  if (declared !== undefined && declared !== fields.decisionRequired) {
    ctx.addIssue({
      code: 'custom',
      path: ['workflow', 'decisionRequired'],
      message: 'Contredit decisionRequired de la démarche : retirez-le du circuit, la démarche le fixe.',
    });
    return undefined;
  }
  const parsed = workflowSchema.safeParse({ ...fields.workflow, decisionRequired: fields.decisionRequired });
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: ['workflow', ...issue.path], message: issue.message });
  return undefined;
}

function checkRouting(rules: z.output<typeof routingRuleSchema>[], form: FormDefinition, ctx: Issues) {
  rules.forEach((rule, index) => {
    if (!('field' in rule.when)) return;
    const problem = routingProblem(rule.when, form.fields);
    if (problem) ctx.addIssue({ code: 'custom', path: ['routing', index, 'when'], message: problem });
  });
}

/** Routing reads top-level answers only: a group's blocks have no single value to compare. */
function routingProblem(when: { field: string; equals: string | number | boolean }, fields: readonly FieldDefinition[]) {
  const target = fields.find((field) => field.key === when.field);
  if (!target) return `Le formulaire n’a pas de champ « ${when.field} ».`;
  const value = when.equals;
  switch (target.kind) {
    case 'choice':
    case 'multichoice':
      return target.options.some((option) => option.value === value)
        ? undefined
        : `« ${String(value)} » n’est pas une option du champ « ${target.key} ».`;
    case 'yesno':
    case 'consent':
      return typeof value === 'boolean' ? undefined : `Le champ « ${target.key} » se compare à true ou false.`;
    case 'number':
      return typeof value === 'number' ? undefined : `Le champ « ${target.key} » se compare à un nombre.`;
    case 'text':
    case 'textarea':
    case 'email':
    case 'phone':
    case 'date':
      return typeof value === 'string' ? undefined : `Le champ « ${target.key} » se compare à un texte.`;
    default:
      return `Le champ « ${target.key} » (${target.kind}) ne peut pas aiguiller une demande.`;
  }
}
