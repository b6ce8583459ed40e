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
