import { appendEvent, fileRequest, idempotencyKeyOf, oncePerKey, RequestError, secretSender } from '@guichet/requests';
import { authenticateClient } from './api-keys.ts';
import { offeredProcedure } from './catalogue.ts';
import type { FiledServiceRequest } from './documents.ts';
import { Open311Error } from './open311-error.ts';
import { serviceNotice } from './service-requests.ts';
import { open311Errors, readSubmission } from './submission.ts';

type FilingContext = Omit<Parameters<typeof fileRequest>[0], 'actor'>;

/**
 * `POST requests`: an Open311 client files a report with its key. The request is the same as a
 * portal's (validated, routed, given its reference, due date and notifications, in the caller's
 * transaction), recorded as channel `open311`; a note names the client that filed it and keeps
 * what the form has no place for.
 */
export async function fileOpen311Request(
  context: FilingContext,
  params: URLSearchParams,
  idempotencyKey: string | undefined,
): Promise<{ answer: FiledServiceRequest; replayed: boolean }> {
  const apiKey = params.get('api_key') ?? undefined;
  const client = await authenticateClient(context.tx, apiKey);
  // Replayed to the same client only, once its key is known good (a revoked key replays nothing).
  const claim = { tenantId: context.tenant.id, sender: secretSender('open311', apiKey!), operation: 'filing' as const, sent: [...params] };
  try {
    return await oncePerKey(context.tx, { ...claim, key: idempotencyKeyOf(idempotencyKey) }, () => fileReport(context, params, client));
  } catch (error) {
    throw error instanceof RequestError && error.failure.kind === 'idempotency_key' ? idempotencyError(error.failure.problem) : error;
  }
}

async function fileReport(context: FilingContext, params: URLSearchParams, client: { id: string; label: string }): Promise<FiledServiceRequest> {
  const code = params.get('service_code')?.trim();
  if (!code) throw new Open311Error(400, 'service_code : le code du service est requis.');
  const procedure = await offeredProcedure(context.tx, code);
  const reading = readSubmission(procedure.form, params);
  if (!reading.ok) throw new Open311Error(400, reading.errors);
  const { values, contact, mediaUrl, description } = reading.submission;

  const filed = await fileRequest(
    { ...context, actor: { kind: 'system' } },
    { procedure: procedure.slug, values, channel: 'open311', ...(contact ? { contact } : {}) },
  ).catch((error: unknown) => {
    throw error instanceof RequestError ? open311ErrorOf(error, procedure.form) : error;
  });

  await appendEvent(context.tx, {
    tenantId: context.tenant.id,
    requestId: filed.id,
    kind: 'note',
    public: false,
    actor: { kind: 'system' },
    payload: {
      body: [`Reçue par Open311 du client « ${client.label} ».`, description && `Description : ${description}`, mediaUrl && `Photo : ${mediaUrl}`]
        .filter(Boolean)
        .join('\n'),
      apiKeyId: client.id,
      ...(mediaUrl ? { mediaUrl } : {}),
    },
  });
  return { service_request_id: filed.reference, service_notice: serviceNotice(procedure.delayDays), account_id: null };
}

function open311ErrorOf(error: RequestError, form: Parameters<typeof open311Errors>[0]): Open311Error {
  const failure = error.failure;
  switch (failure.kind) {
    case 'invalid_submission':
      return new Open311Error(400, open311Errors(form, failure.errors));
    case 'not_found':
      return new Open311Error(404, 'service_code : service introuvable.');
    case 'invalid_cursor':
      return new Open311Error(400, 'Curseur de page invalide.');
    case 'follow_up_link_invalid':
      return new Open311Error(404, 'Lien de suivi introuvable.');
    case 'forbidden':
      return new Open311Error(403, failure.message);
    case 'transition_refused':
    case 'conflict':
      return new Open311Error(409, failure.message);
    case 'stale':
      return new Open311Error(409, 'La demande a été modifiée entre-temps.');
    case 'idempotency_key':
      return idempotencyError(failure.problem);
  }
}

function idempotencyError(problem: 'malformed' | 'reused'): Open311Error {
  return problem === 'reused'
    ? new Open311Error(422, 'Idempotency-Key : cette clé a déjà servi pour un autre signalement ; donnez une nouvelle clé à chaque nouvel envoi.')
    : new Open311Error(400, 'Idempotency-Key : de 8 à 200 caractères visibles, sans espace (un UUID, par exemple).');
}
