import { z } from 'zod';
import { conditionSchema, fieldKeySchema } from './condition-schema.ts';
import { compilePattern } from './pattern.ts';

/**
 * One schema per field kind. The same parsed definition validates submissions on the server and
 * drives the rendered form, so every default (maximum length, accepted files) is explicit here.
 */

const label = z.string().trim().min(1, { error: 'Le libellé est obligatoire.' }).max(300);

const shared = {
  key: fieldKeySchema,
  label,
  help: z.string().trim().min(1).max(2000).optional(),
  visibleWhen: conditionSchema.optional(),
};

const answered = { ...shared, required: z.boolean().default(false) };

const count = z.int().min(0);

type Issues = z.core.$RefinementCtx;

function requireOrder(ctx: Issues, min: number | undefined, max: number | undefined, path: string) {
  if (min !== undefined && max !== undefined && min > max) {
    ctx.addIssue({ code: 'custom', path: [path], message: 'Le minimum dépasse le maximum.' });
  }
}

const textFieldSchema = z
  .strictObject({
    kind: z.literal('text'),
    ...answered,
    minLength: count.optional(),
    maxLength: z.int().min(1).max(1000).default(255),
    pattern: z.string().min(1).optional(),
    /** The administrator's own words, shown when the answer does not match `pattern`. */
    patternMessage: z.string().trim().min(1).max(300).optional(),
  })
  .superRefine((field, ctx) => {
    requireOrder(ctx, field.minLength, field.maxLength, 'minLength');
    if (field.pattern === undefined) return;
    if (field.patternMessage === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['patternMessage'],
        message: 'Indiquez le message affiché quand la saisie ne respecte pas le format attendu.',
      });
    }
    try {
      compilePattern(field.pattern);
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        path: ['pattern'],
        message: `Expression régulière invalide : ${(error as Error).message}`,
      });
    }
  });

const textareaFieldSchema = z
  .strictObject({
    kind: z.literal('textarea'),
    ...answered,
    minLength: count.optional(),
    maxLength: z.int().min(1).max(20_000).default(5000),
  })
  .superRefine((field, ctx) => requireOrder(ctx, field.minLength, field.maxLength, 'minLength'));

const emailFieldSchema = z.strictObject({ kind: z.literal('email'), ...answered });

const phoneFieldSchema = z.strictObject({ kind: z.literal('phone'), ...answered });

const numberFieldSchema = z
  .strictObject({
    kind: z.literal('number'),
    ...answered,
    min: z.number().optional(),
    max: z.number().optional(),
    integer: z.boolean().default(false),
  })
  .superRefine((field, ctx) => requireOrder(ctx, field.min, field.max, 'min'));

/** A fixed day, or a day relative to the day of the submission: `{ daysFromToday: 0 }` is today. */
const dateBound = z.union(
  [z.iso.date(), z.strictObject({ daysFromToday: z.int() })],
  { error: 'Borne de date invalide : AAAA-MM-JJ ou { daysFromToday: n }.' },
);

export type DateBound = z.infer<typeof dateBound>;

const dateFieldSchema = z
  .strictObject({ kind: z.literal('date'), ...answered, min: dateBound.optional(), max: dateBound.optional() })
  .superRefine((field, ctx) => {
    const { min, max } = field;
    if (typeof min === 'string' && typeof max === 'string') requireOrder(ctx, Date.parse(min), Date.parse(max), 'min');
    if (typeof min === 'object' && typeof max === 'object') requireOrder(ctx, min.daysFromToday, max.daysFromToday, 'min');
  });

const optionsSchema = z
  .array(z.strictObject({ value: z.string().trim().min(1).max(100), label }))
  .min(1, { error: 'Indiquez au moins une option.' })
  .superRefine((options, ctx) => {
    const seen = new Set<string>();
    options.forEach((option, index) => {
      if (seen.has(option.value)) {
        ctx.addIssue({ code: 'custom', path: [index, 'value'], message: `Valeur d’option en double : « ${option.value} ».` });
      }
      seen.add(option.value);
    });
  });

const choiceFieldSchema = z.strictObject({ kind: z.literal('choice'), ...answered, options: optionsSchema });

const multichoiceFieldSchema = z
  .strictObject({
    kind: z.literal('multichoice'),
    ...answered,
    options: optionsSchema,
    minSelected: count.default(0),
    maxSelected: z.int().min(1).optional(),
  })
  .superRefine((field, ctx) => {
    requireOrder(ctx, field.minSelected, field.maxSelected, 'minSelected');
    requireOrder(ctx, field.minSelected, field.options.length, 'minSelected');
  });

const yesnoFieldSchema = z.strictObject({ kind: z.literal('yesno'), ...answered });

const addressFieldSchema = z.strictObject({
  kind: z.literal('address'),
  ...answered,
  /** Incident reports need a point on the map, not only a street name. */
  requireCoordinates: z.boolean().default(false),
});

const mimeType = z
  .string()
  .regex(/^[a-z]+\/(?:\*|[a-z0-9][a-z0-9.+-]*)$/, { error: 'Type de fichier invalide (exemple : application/pdf, image/*).' });

/** Type and size are enforced when the file is uploaded; a submission only refers to uploads. */
const fileFieldSchema = z.strictObject({
  kind: z.literal('file'),
  ...answered,
  accept: z.array(mimeType).min(1).default(['application/pdf', 'image/jpeg', 'image/png']),
  maxSizeBytes: z
    .int()
    .min(1)
    .max(50 * 1024 * 1024)
    .default(10 * 1024 * 1024),
  maxFiles: z.int().min(1).max(20).default(1),
});

const consentFieldSchema = z.strictObject({
  kind: z.literal('consent'),
  ...answered,
  /** The statement the citizen agrees to, kept with the form version the request was filed with. */
  text: z.string().trim().min(1, { error: 'Le texte du consentement est obligatoire.' }).max(5000),
});

const headingFieldSchema = z.strictObject({ kind: z.literal('heading'), ...shared });

const groupableSchemas = [
  textFieldSchema,
  textareaFieldSchema,
  emailFieldSchema,
  phoneFieldSchema,
  numberFieldSchema,
  dateFieldSchema,
  choiceFieldSchema,
  multichoiceFieldSchema,
  yesnoFieldSchema,
  addressFieldSchema,
  fileFieldSchema,
  consentFieldSchema,
  headingFieldSchema,
] as const;

const groupableKinds = groupableSchemas.map((schema) => schema.shape.kind.value);

function unknownKind(kinds: readonly string[], insideGroup: boolean) {
  return (issue: z.core.$ZodRawIssue): string | undefined => {
    if (issue.code !== 'invalid_union') return 'Chaque champ doit être un objet.';
    const kind = (issue.input as { kind?: unknown }).kind;
    if (kind === undefined) return 'Le type du champ (kind) est obligatoire.';
    if (insideGroup && kind === 'group') return 'Un groupe ne peut pas contenir un autre groupe.';
    return `Type de champ inconnu : « ${String(kind)} ». Types possibles : ${kinds.join(', ')}.`;
  };
}

const groupChildSchema = z.discriminatedUnion('kind', groupableSchemas, {
  error: unknownKind(groupableKinds, true),
});

/** A block of fields the citizen repeats, one per child, per vehicle…, adding and removing blocks. */
const groupFieldSchema = z
  .strictObject({
    kind: z.literal('group'),
    ...answered,
    fields: z.array(groupChildSchema).min(1, { error: 'Un groupe contient au moins un champ.' }),
    /** Applies whenever the group is shown; `required` alone means at least one occurrence. */
    minItems: count.default(0),
    maxItems: z.int().min(1).max(100).default(20),
    /** Names one occurrence in the rendered form: "Enfant" gives "Enfant 1", "Ajouter un enfant". */
    itemLabel: z.string().trim().min(1).max(100).optional(),
  })
  .superRefine((field, ctx) => requireOrder(ctx, field.minItems, field.maxItems, 'minItems'));

export const fieldSchema = z.discriminatedUnion('kind', [...groupableSchemas, groupFieldSchema], {
  error: unknownKind([...groupableKinds, 'group'], false),
});

export type FieldDefinition = z.output<typeof fieldSchema>;
export type GroupChildDefinition = z.output<typeof groupChildSchema>;
export type GroupFieldDefinition = z.output<typeof groupFieldSchema>;
/** A field that takes a single answer (everything but headings and groups). */
export type AnswerFieldDefinition = Exclude<GroupChildDefinition, { kind: 'heading' }>;
export type FieldKind = FieldDefinition['kind'];
