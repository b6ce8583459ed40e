import { z } from 'zod';
import { looseDefinitionFields, slugSchema } from './procedure-definition.ts';

/**
 * What the API accepts, in the shape of a catalogue file's entries: the definition's fields sit
 * beside where the procedure belongs (theme, service), and are parsed as a whole by the verb.
 */
/** `/api/catalogue/themes` is the themes' address: no démarche may take that name. */
const procedureSlugSchema = slugSchema.refine((slug) => slug !== 'themes', { error: 'Identifiant réservé : « themes » désigne la liste des thèmes.' });

export const procedureInputSchema = z.strictObject({
  slug: procedureSlugSchema,
  theme: slugSchema,
  service: slugSchema,
  published: z.boolean().default(true),
  ...looseDefinitionFields,
});

/** An edit: each field given replaces the current one whole; the result is checked as a whole. */
export const procedureChangesSchema = z.strictObject({
  theme: slugSchema.optional(),
  service: slugSchema.optional(),
  published: z.boolean().optional(),
  ...looseDefinitionFields,
});

/** A commune adopts an EPCI template, with its own adaptations of any field. */
export const adoptionInputSchema = z.strictObject({
  template: slugSchema,
  /** Defaults to the template's slug. */
  slug: procedureSlugSchema.optional(),
  theme: slugSchema,
  service: slugSchema,
  published: z.boolean().default(true),
  ...looseDefinitionFields,
});

/** An EPCI template, filed under the title of its theme. */
export const templateInputSchema = z.strictObject({
  slug: slugSchema,
  theme: z.string().trim().min(2).max(100),
  ...looseDefinitionFields,
});

/** A template's edit: each field given replaces the current one whole. */
export const templateChangesSchema = z
  .strictObject({ theme: templateInputSchema.shape.theme.optional(), ...looseDefinitionFields })
  .refine((changes) => Object.values(changes).some((value) => value !== undefined), { error: 'Indiquez au moins un champ à modifier.' });

export const themeInputSchema = z.strictObject({
  slug: slugSchema,
  title: z.string().trim().min(2).max(100),
  description: z.string().trim().min(1).max(500).nullable().default(null),
  position: z.int().min(0).max(1000).default(0),
});

export const themeChangesSchema = z
  .strictObject({
    title: themeInputSchema.shape.title.optional(),
    description: z.string().trim().min(1).max(500).nullable().optional(),
    position: themeInputSchema.shape.position.unwrap().optional(),
  })
  .refine((changes) => Object.values(changes).some((value) => value !== undefined), { error: 'Indiquez au moins un champ à modifier.' });

export type ProcedureInput = z.output<typeof procedureInputSchema>;
export type ProcedureChanges = z.output<typeof procedureChangesSchema>;
export type AdoptionInput = z.output<typeof adoptionInputSchema>;
export type TemplateInput = z.output<typeof templateInputSchema>;
export type TemplateChanges = z.output<typeof templateChangesSchema>;
export type ThemeInput = z.output<typeof themeInputSchema>;
export type ThemeChanges = z.output<typeof themeChangesSchema>;
