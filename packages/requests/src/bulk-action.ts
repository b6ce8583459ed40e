import { z } from 'zod';
import { assignRequest, transferRequest } from './assign-request.ts';
import { transitionRequest, type ChangeContext } from './transition-request.ts';

/**
 * One action on a selection of the inbox: take, assign to a colleague, transfer to a service, or
 * close without action with one reason. Each request names the version the agent saw, and each
 * gets its own history event and notification, as if acted on alone.
 */
export const bulkActionInputSchema = z
  .strictObject({
    action: z.enum(['take', 'assign', 'transfer', 'close']).meta({
      description: '`take` : me les attribuer ; `assign` : les attribuer à `assigneeId` ; `transfer` : les transmettre au service `service` ; `close` : les classer sans suite avec le motif `reason`.',
    }),
    requests: z
      .array(z.strictObject({ id: z.uuid(), version: z.int().min(1).meta({ description: 'La version lue (l’`ETag` de la demande, ou `version` de la corbeille).' }) }))
      .min(1, 'Choisissez au moins une demande.')
      .max(100, 'Au plus 100 demandes à la fois.'),
    assigneeId: z.uuid().optional(),
    service: z.string().min(1).max(100).optional(),
    reason: z.string().trim().min(1).max(5000).optional(),
  })
  .superRefine((input, context) => {
    if (input.action === 'assign' && !input.assigneeId) context.addIssue({ code: 'custom', path: ['assigneeId'], message: 'Choisissez l’agent à qui attribuer les demandes.' });
    if (input.action === 'transfer' && !input.service) context.addIssue({ code: 'custom', path: ['service'], message: 'Choisissez le service à qui transmettre les demandes.' });
    if (input.action === 'close' && !input.reason) context.addIssue({ code: 'custom', path: ['reason'], message: 'Indiquez le motif du classement sans suite : il est envoyé aux usagers.' });
  });
export type BulkActionInput = z.infer<typeof bulkActionInputSchema>;

/** The action on one request of the selection (its version already checked by the caller). */
export async function applyBulkAction(context: ChangeContext, input: { requestId: string; action: BulkActionInput }) {
  const { requestId, action } = input;
  if (action.action === 'take') return assignRequest(context, { requestId, assigneeId: agentIdOf(context) });
  if (action.action === 'assign') return assignRequest(context, { requestId, assigneeId: action.assigneeId! });
  if (action.action === 'transfer') return transferRequest(context, { requestId, service: action.service! });
  await transitionRequest(context, { requestId, status: 'closed_without_action', comment: action.reason! });
}

function agentIdOf(context: ChangeContext): string {
  if (context.actor.kind !== 'agent') throw new Error('only agents act on a selection');
  return context.actor.agentId;
}
