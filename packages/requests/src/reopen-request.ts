import { z } from 'zod';
import { isFinal, publicLabel } from '@guichet/workflow';
import type { CitizenActor } from './actor.ts';
import { RequestError } from './errors.ts';
import { loadRequestFor } from './load-request.ts';
import { transitionRequest, type ChangeContext } from './transition-request.ts';

const whatIsNotSolved = 'Dites ce qui n’est pas résolu.';

export const reopeningInputSchema = z.strictObject({
  comment: z
    .string({ error: whatIsNotSolved })
    .trim()
    .min(1, whatIsNotSolved)
    .max(5000, 'Le commentaire tient en 5 000 caractères au plus.')
    .meta({ description: 'Ce qui n’est pas résolu, transmis au service.', example: 'Le trou a été rebouché mais il est déjà revenu.' }),
});

/**
 * "Mon problème n'est pas résolu": the citizen reopens an answered request, with a comment, in
 * the service that answered it. The workflow decides which closures may be reopened and until
 * when (transitionRequest); this verb only words its refusals for the citizen.
 */
export async function reopenRequest(
  context: Omit<ChangeContext, 'actor'> & { actor: CitizenActor },
  input: { requestId: string } & z.infer<typeof reopeningInputSchema>,
) {
  const { request } = await loadRequestFor(context.tx, context.actor, input.requestId);
  if (!isFinal(request.status)) {
    throw new RequestError({
      kind: 'conflict',
      message: 'Cette demande n’est pas close : écrivez au service sur la demande pour lui dire ce qui ne va pas.',
    });
  }
  try {
    return await transitionRequest(context, { requestId: request.id, status: 'in_progress', comment: input.comment });
  } catch (error) {
    if (!(error instanceof RequestError) || error.failure.kind !== 'transition_refused') throw error;
    const { reason } = error.failure;
    const message =
      reason === 'too_late'
        ? `${error.failure.message} Déposez une nouvelle demande en rappelant la référence ${request.reference}.`
        : `Une demande « ${publicLabel(request.status)} » ne peut pas être rouverte : pour contester cette décision, adressez-vous à la mairie, ou déposez une nouvelle demande.`;
    throw new RequestError({ kind: 'transition_refused', reason, message });
  }
}
