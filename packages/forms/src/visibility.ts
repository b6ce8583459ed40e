import { z } from 'zod';

export const fieldKeySchema = z
  .string()
  .regex(/^[a-z][a-zA-Z0-9_]{0,63}$/, {
    error: 'Clé invalide : une lettre minuscule, puis des lettres, chiffres ou « _ » (64 caractères au plus).',
  });

const conditionValue = z.union([z.string(), z.number(), z.boolean()], {
  error: 'Valeur de condition invalide : texte, nombre, true ou false.',
});

/**
 * When a field is shown. On a multiple-choice field, `equals` means "this option is ticked" and
 * `in` "one of these options is ticked".
 */
export const conditionSchema = z.union(
  [
    z.strictObject({ field: fieldKeySchema, equals: conditionValue }),
    z.strictObject({ field: fieldKeySchema, in: z.array(conditionValue).min(1) }),
    z.strictObject({ field: fieldKeySchema, notEmpty: z.literal(true) }),
  ],
  { error: 'Condition invalide : { field, equals }, { field, in: [...] } ou { field, notEmpty: true }.' },
);

export type Condition = z.infer<typeof conditionSchema>;

/**
 * Whether a field is shown, given the answers in its scope (for a field inside a group, the
 * answers of its occurrence over those of the form). Hidden fields are neither required nor kept,
 * and a field that depends on a hidden one is hidden too, as its answer is dropped first.
 */
export function isVisible(field: { visibleWhen?: Condition | undefined }, values: Readonly<Record<string, unknown>>): boolean {
  const condition = field.visibleWhen;
  if (!condition) return true;
  const value = Object.hasOwn(values, condition.field) ? values[condition.field] : undefined;
  if ('notEmpty' in condition) return !isEmptyAnswer(value);
  const accepted: readonly unknown[] = 'in' in condition ? condition.in : [condition.equals];
  return Array.isArray(value) ? value.some((item) => accepted.includes(item)) : accepted.includes(value);
}

/** Nothing typed, ticked or attached: blank text counts as no answer. */
export function isEmptyAnswer(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  return Array.isArray(value) && value.length === 0;
}
