import { z } from 'zod';

/**
 * What a catalogue change answers (`createProcedure`, `updateProcedure`, `adoptTemplate`,
 * `publishTemplate`, `createTheme`, `updateTheme`): the identifier of what it created or changed.
 */
export const changedSlugSchema = z
  .object({ slug: z.string().meta({ description: 'L’identifiant de la démarche, du modèle ou du thème.', example: 'copie-acte-naissance' }) })
  .meta({ id: 'IdentifiantModifie' });

export type ChangedSlug = z.infer<typeof changedSlugSchema>;
