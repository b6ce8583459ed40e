import { z } from 'zod';
import { isFinal } from '@guichet/workflow';
import type { CitizenActor } from './actor.ts';
import { RequestError } from './errors.ts';
import { loadRequestFor } from './load-request.ts';
import { transitionRequest, type ChangeContext } from './transition-request.ts';

const why = 'Indiquez pourquoi vous retirez votre demande.';

export const withdrawalInputSchema = z.strictObject({
  reason: z
    .string({ error: why })
    .trim()
    .min(1, why)
    .max(1000, 'Le motif tient en 1 000 caractères au plus.')
    .meta({ description: 'Pourquoi l’usager retire sa demande ; inscrit à l’historique public.', example: 'Le problème a été réglé entre voisins.' }),
});

/**
 * The citizen withdraws a request the service has not started processing, saying why: it is
 * closed without action. The workflow decides which statuses allow it (transitionRequest); this
 * verb only words its refusal for the citizen.
 */
export async function withdrawRequest(
  context: Omit<ChangeContext, 'actor'> & { actor: CitizenActor },
  input: { requestId: string } & z.infer<typeof withdrawalInputSchema>,
) {
  const { request } = await loadRequestFor(context.tx, context.actor, input.requestId);
  try {
    return await transitionRequest(context, { requestId: request.id, status: 'closed_without_action', comment: input.reason });
  } catch (error) {
    if (!(error instanceof RequestError) || error.failure.kind !== 'transition_refused') throw error;
    const message = isFinal(request.status)
      ? 'Cette demande est close : elle ne peut plus être retirée.'
      : 'Cette demande ne peut plus être retirée : le service a déjà commencé à la traiter. Écrivez-lui si vous n’en avez plus besoin.';
    throw new RequestError({ kind: 'transition_refused', reason: error.failure.reason, message });
  }
}
