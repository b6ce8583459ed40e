import { describe, expect, it } from 'vitest';
import { parisDateTime, serviceNotice, toServiceRequest, type PublicRequest } from '../src/index.ts';

const request: PublicRequest = {
  reference: 'LIB-2026-000042',
  status: 'waiting_citizen',
  procedureSlug: 'voirie-signalement',
  procedureTitle: 'Signaler un problème de voirie',
  delayDays: 5,
  serviceName: 'Services techniques',
  summary: 'Signaler un problème de voirie — Un trou profond',
  filedAt: new Date('2026-05-14T08:00:00Z'),
  updatedAt: new Date('2026-05-15T09:30:00Z'),
  dueAt: new Date('2026-05-21T21:59:59.999Z'),
  address: '12 rue Jean Jaurès',
  postcode: '62820',
  latitude: 50.4829,
  longitude: 3.0163,
  statusNote: 'Pouvez-vous préciser le numéro ?',
  mediaUrl: 'https://photos.example.org/trou.jpg',
};

describe('a request as Open311 shows it', () => {
  it('maps every field of the specification', () => {
    expect(toServiceRequest(request)).toEqual({
      service_request_id: 'LIB-2026-000042',
      status: 'open',
      status_notes: 'Pouvez-vous préciser le numéro ?',
      service_name: 'Signaler un problème de voirie',
      service_code: 'voirie-signalement',
      description: 'Signaler un problème de voirie — Un trou profond',
      agency_responsible: 'Services techniques',
      service_notice: 'Délai de traitement annoncé : 5 jours ouvrés.',
      requested_datetime: '2026-05-14T10:00:00+02:00',
      updated_datetime: '2026-05-15T11:30:00+02:00',
      expected_datetime: '2026-05-21T23:59:59+02:00',
      address: '12 rue Jean Jaurès',
      address_id: null,
      zipcode: '62820',
      lat: 50.4829,
      long: 3.0163,
      media_url: 'https://photos.example.org/trou.jpg',
    });
  });

  it('is closed once answered, whatever the answer', () => {
    for (const status of ['accepted', 'done', 'rejected', 'closed_without_action'] as const) {
      expect(toServiceRequest({ ...request, status }).status).toBe('closed');
    }
    expect(toServiceRequest({ ...request, status: 'submitted' }).status).toBe('open');
  });
});

describe('dates', () => {
  it('carry the Paris offset, summer and winter', () => {
    expect(parisDateTime(new Date('2026-07-14T12:00:00Z'))).toBe('2026-07-14T14:00:00+02:00');
    expect(parisDateTime(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01T00:30:00+01:00');
  });
});

describe('the service notice', () => {
  it('announces the delay in working days', () => {
    expect(serviceNotice(1)).toBe('Délai de traitement annoncé : 1 jour ouvré.');
    expect(serviceNotice(0)).toBe('Traitement le jour même (jour ouvré).');
  });
});
