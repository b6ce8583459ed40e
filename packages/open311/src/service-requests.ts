import { toOpen311Status, type StatusKey } from '@guichet/workflow';
import { parisDateTime } from './datetime.ts';
import type { ServiceRequest } from './documents.ts';

/**
 * What of a request Open311 may publish: where, what, and how it is going. Nothing here names
 * or reaches the person who reported it; the row is built so that it cannot.
 */
export type PublicRequest = {
  reference: string;
  status: StatusKey;
  procedureSlug: string;
  procedureTitle: string;
  delayDays: number;
  serviceName: string;
  summary: string;
  filedAt: Date;
  updatedAt: Date;
  dueAt: Date;
  address: string | null;
  postcode: string | null;
  latitude: number | null;
  longitude: number | null;
  /** The comment of the last status change that had one: the commune's word to the public. */
  statusNote: string | null;
  mediaUrl: string | null;
};

export function toServiceRequest(request: PublicRequest): ServiceRequest {
  return {
    service_request_id: request.reference,
    status: toOpen311Status(request.status),
    status_notes: request.statusNote,
    service_name: request.procedureTitle,
    service_code: request.procedureSlug,
    description: request.summary,
    agency_responsible: request.serviceName,
    service_notice: serviceNotice(request.delayDays),
    requested_datetime: parisDateTime(request.filedAt),
    updated_datetime: parisDateTime(request.updatedAt),
    expected_datetime: parisDateTime(request.dueAt),
    address: request.address,
    address_id: null,
    zipcode: request.postcode,
    lat: request.latitude,
    long: request.longitude,
    media_url: request.mediaUrl,
  };
}

/** The commune's commitment (Marianne: answer within the announced delay). */
export function serviceNotice(delayDays: number): string {
  if (delayDays === 0) return 'Traitement le jour même (jour ouvré).';
  return `Délai de traitement annoncé : ${delayDays} ${delayDays > 1 ? 'jours ouvrés' : 'jour ouvré'}.`;
}
