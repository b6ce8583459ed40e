import { z } from 'zod';

/** The `{id}` of a request in a path. */
export const requestIdParam = z.object({ id: z.uuid().meta({ description: 'L’identifiant de la demande.' }) });

/** The answer of an operation that has nothing more to say than that it was done. */
export const okSchema = z.object({ ok: z.literal(true) }).meta({ id: 'Fait' });

/** What filing a request answers, whoever files it. */
export const filedSchema = z
  .object({
    id: z.uuid(),
    reference: z.string().meta({ example: 'LIB-2026-000042' }),
    dueAt: z.iso.datetime({ offset: true }).meta({ description: 'La date de réponse annoncée.' }),
  })
  .meta({ id: 'DemandeDeposee' });
