import { describe, expect, it } from 'vitest';
import { open311Schemas } from '../src/open311.ts';

const complaints = open311Schemas();
const valid = (...args: Parameters<typeof complaints>) => complaints(...args).length === 0;

const service = { service_code: 'voirie', service_name: 'Voirie', description: null, metadata: true, type: 'realtime', keywords: 'trou, trottoir', group: 'Rue' };
const request = { service_request_id: 'LIB-2026-000001', status: 'open', service_code: 'voirie', requested_datetime: '2026-05-13T10:00:00+02:00', lat: 50.48, long: 3.01 };
const xmlRequest = { service_request_id: ['LIB-2026-000001'], status: ['open'], service_code: ['voirie'], requested_datetime: ['2026-05-13T10:00:00+02:00'], status_notes: [''] };
const choice = { variable: true, code: 'nature', datatype: 'singlevaluelist', required: true, datatype_description: null, order: 1, description: 'Nature', values: [{ key: 'nid', name: 'Nid-de-poule' }] };

// The schemas are the tests' yardstick: they must refuse what GeoReport v2 does not allow.
describe('the GeoReport v2 documents the Open311 tests hold answers to', () => {
  it('takes a well-formed answer in JSON and in XML', () => {
    expect(complaints('services', 'json', [service])).toEqual([]);
    expect(complaints('services', 'xml', { '?xml': [''], services: [{ service: [{ service_code: ['voirie'], service_name: ['Voirie'], metadata: ['false'], type: ['batch'] }] }] })).toEqual([]);
    expect(complaints('service-definition', 'json', { service_code: 'voirie', attributes: [choice] })).toEqual([]);
    expect(complaints('filed-requests', 'json', [{ token: '12345' }])).toEqual([]);
    expect(complaints('service-requests', 'xml', { service_requests: [{ request: [xmlRequest] }] })).toEqual([]);
    expect(complaints('errors', 'xml', { errors: [{ error: [{ code: ['403'], description: ['api_key manquante'] }] }] })).toEqual([]);
  });

  it('refuses values of the wrong type or outside the specification’s choices', () => {
    expect(valid('services', 'json', [{ ...service, metadata: 'true' }])).toBe(false);
    expect(valid('services', 'json', [{ ...service, type: 'instant' }])).toBe(false);
    expect(valid('service-requests', 'json', [{ ...request, status: 'pending' }])).toBe(false);
    expect(valid('service-requests', 'json', [{ ...request, requested_datetime: '13/05/2026 10:00' }])).toBe(false);
    expect(valid('service-requests', 'json', [{ ...request, lat: 120 }])).toBe(false);
    expect(valid('service-requests', 'xml', { service_requests: [{ request: [{ ...xmlRequest, long: ['200'] }] }] })).toBe(false);
    expect(valid('errors', 'json', [{ code: '404', description: 'introuvable' }])).toBe(false);
  });

  it('refuses a missing element, an unknown one, and a list question without its values', () => {
    const { service_code: _code, ...withoutCode } = service;
    expect(valid('services', 'json', [withoutCode])).toBe(false);
    expect(valid('services', 'json', [{ ...service, colour: 'red' }])).toBe(false);
    expect(valid('filed-requests', 'json', [{ service_notice: 'Merci' }])).toBe(false);
    expect(valid('errors', 'json', [])).toBe(false);
    const { values: _values, ...withoutValues } = choice;
    expect(valid('service-definition', 'json', { service_code: 'voirie', attributes: [withoutValues] })).toBe(false);
    expect(valid('service-requests', 'xml', { service_requests: [{ request: [{ ...xmlRequest, status: ['open', 'closed'] }] }] })).toBe(false);
    expect(valid('service-requests', 'xml', { requests: [{ request: [xmlRequest] }] })).toBe(false);
  });
});
