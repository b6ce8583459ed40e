import { z } from 'zod';
import { fieldSchema, type FieldDefinition, type GroupChildDefinition } from './field-definitions.ts';
import type { Condition } from './condition-schema.ts';

type ScopeField = FieldDefinition | GroupChildDefinition;
type Issues = z.core.$RefinementCtx;
type Path = Array<string | number>;

/**
 * A procedure's form, as an administrator or a tenant file declares it. Beyond the shape of each
 * field: keys are unique within their scope (the form, or one group), and a condition only refers
 * to a field shown before it (an earlier sibling, or for a field inside a group, a field before
 * the group), so the form reads top-down and conditions cannot loop.
 */
export const formSchema = z
  .strictObject({
    fields: z.array(fieldSchema).min(1, { error: 'Le formulaire contient au moins un champ.' }).max(300),
  })
  .superRefine((form, ctx) => checkScope(form.fields, new Map(), ['fields'], ctx));

export type FormDefinition = z.output<typeof formSchema>;
/** What an author writes: defaults (`required: false`, maximum lengths…) may be left out. */
export type FormDefinitionInput = z.input<typeof formSchema>;

export interface DefinitionError {
  /** Slash-separated path in the definition, e.g. `fields/2/options/0/value`. */
  path: string;
  message: string;
}

/**
 * Parses a definition with French messages throughout, zod's own included, for an
 * administrator's screen or a tenant file's loading report.
 */
export function parseFormDefinition(
  input: unknown,
): { ok: true; form: FormDefinition } | { ok: false; errors: DefinitionError[] } {
  const parsed = formSchema.safeParse(input);
  if (parsed.success) return { ok: true, form: parsed.data };
  const errors = parsed.error.issues.map((issue) => ({ path: issue.path.join('/'), message: issue.message }));
  return { ok: false, errors };
}

function checkScope(fields: readonly ScopeField[], outer: ReadonlyMap<string, ScopeField>, path: Path, ctx: Issues) {
  const keys = new Set(fields.map((field) => field.key));
  const earlier = new Map<string, ScopeField>();
  fields.forEach((field, index) => {
    const fieldPath = [...path, index];
    if (earlier.has(field.key)) {
      ctx.addIssue({ code: 'custom', path: [...fieldPath, 'key'], message: `Clé en double : « ${field.key} ».` });
    }
    if (field.visibleWhen) {
      const target = earlier.get(field.visibleWhen.field) ?? outer.get(field.visibleWhen.field);
      const problem = target
        ? conditionProblem(field.visibleWhen, target)
        : missingTargetProblem(field.visibleWhen.field, field.key, keys);
      if (problem) ctx.addIssue({ code: 'custom', path: [...fieldPath, 'visibleWhen'], message: problem });
    }
    earlier.set(field.key, field);
    if (field.kind === 'group') checkScope(field.fields, new Map([...outer, ...earlier]), [...fieldPath, 'fields'], ctx);
  });
}

function missingTargetProblem(target: string, key: string, scopeKeys: ReadonlySet<string>): string {
  if (target === key) return `Le champ « ${key} » ne peut pas dépendre de lui-même.`;
  if (scopeKeys.has(target)) return `Le champ « ${target} » doit être placé avant « ${key} » pour conditionner son affichage.`;
  return `La condition porte sur un champ inconnu : « ${target} ».`;
}

/** Refuses conditions that can never hold, which would hide a field for good without a word. */
function conditionProblem(condition: Condition, target: ScopeField): string | undefined {
  if (target.kind === 'heading' || target.kind === 'group') {
    return `Le champ « ${target.key} » ne porte pas de réponse : il ne peut pas conditionner l’affichage.`;
  }
  if ('notEmpty' in condition) return undefined;
  const values = 'in' in condition ? condition.in : [condition.equals];
  for (const value of values) {
    const problem = valueProblem(value, target);
    if (problem) return problem;
  }
  return undefined;
}

function valueProblem(value: string | number | boolean, target: Exclude<ScopeField, { kind: 'heading' | 'group' }>) {
  switch (target.kind) {
    case 'choice':
    case 'multichoice':
      return target.options.some((option) => option.value === value)
        ? undefined
        : `La valeur « ${String(value)} » n’est pas une option du champ « ${target.key} ».`;
    case 'yesno':
    case 'consent':
      return typeof value === 'boolean' ? undefined : `Le champ « ${target.key} » se compare à true ou false.`;
    case 'number':
      return typeof value === 'number' ? undefined : `Le champ « ${target.key} » se compare à un nombre.`;
    case 'address':
    case 'file':
      return `Seule la condition notEmpty s’applique au champ « ${target.key} ».`;
    default:
      return typeof value === 'string' ? undefined : `Le champ « ${target.key} » se compare à un texte.`;
  }
}
