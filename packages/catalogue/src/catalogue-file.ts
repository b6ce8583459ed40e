import { z } from 'zod';
import { calendarSchema, defaultCalendar } from './calendar.ts';
import { looseDefinitionFields, slugSchema } from './procedure-definition.ts';
import { sectorSchema } from './sectors.ts';

/**
 * The files' shapes. Procedures and templates are read entry by entry (one bad entry does not
 * hide the others), and their definitions are parsed after an adoption has merged them with
 * their template (see `read-catalogue-files.ts`).
 */

const themeSchema = z.strictObject({
  slug: slugSchema,
  title: z.string().trim().min(2).max(100),
  description: z.string().trim().min(1).max(500).optional(),
});

/** A procedure of a commune: a full declaration, or `adopt: <template>` plus the commune's adaptations. */
export const procedureEntrySchema = z
  .strictObject({
    slug: slugSchema.optional(),
    adopt: slugSchema.optional(),
    theme: slugSchema,
    service: slugSchema,
    published: z.boolean().default(true),
    ...looseDefinitionFields,
  })
  .refine((entry) => entry.slug !== undefined || entry.adopt !== undefined, {
    path: ['slug'],
    error: 'Indiquez le slug de la démarche (il ne peut être omis que pour une adoption de modèle).',
  });

/** `tenants/<epci>/<commune>/catalogue.yaml` */
export const catalogueFileSchema = z
  .strictObject({
    calendar: calendarSchema.default(defaultCalendar),
    sectors: z.array(sectorSchema).default([]),
    themes: z.array(themeSchema).min(1, { error: 'Déclarez au moins un thème.' }),
    procedures: z.array(z.unknown()).default([]),
  })
  .superRefine((file, ctx) => {
    duplicates(file.sectors.map((sector) => sector.slug), 'secteur').forEach(({ index, message }) =>
      ctx.addIssue({ code: 'custom', path: ['sectors', index, 'slug'], message }),
    );
    duplicates(file.themes.map((theme) => theme.slug), 'thème').forEach(({ index, message }) =>
      ctx.addIssue({ code: 'custom', path: ['themes', index, 'slug'], message }),
    );
  });

/** An EPCI template: a full definition, filed under the title of the theme it belongs to. */
export const templateEntrySchema = z.strictObject({
  slug: slugSchema,
  theme: z.string().trim().min(2).max(100),
  ...looseDefinitionFields,
});

/** `tenants/<epci>/templates.yaml` */
export const templatesFileSchema = z.strictObject({ templates: z.array(z.unknown()).default([]) });

export type TemplateEntry = z.output<typeof templateEntrySchema>;

/** The second and later occurrences of each slug, by index. */
export function duplicates(slugs: readonly string[], what: string): { index: number; message: string }[] {
  const seen = new Set<string>();
  return slugs.flatMap((slug, index) => {
    const repeated = seen.has(slug);
    seen.add(slug);
    return repeated ? [{ index, message: `${what} « ${slug} » déclaré deux fois` }] : [];
  });
}
