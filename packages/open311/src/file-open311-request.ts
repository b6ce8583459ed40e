import { appendEvent, fileRequest, RequestError } from '@guichet/requests';
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
export async function fileOpen311Request(context: FilingContext, params: URLSearchParams): Promise<FiledServiceRequest> {
  const client = await authenticateClient(context.tx, params.get('api_key') ?? undefined);
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
  }
}
