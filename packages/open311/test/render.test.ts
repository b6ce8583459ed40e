import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { discoveryOf, render, toServiceDefinition, type Service } from '../src/index.ts';
import { incidentForm } from './incident-form.ts';

// Every element is read as a list, and every value as text, to compare with the specification's XML.
const parser = new XMLParser({ isArray: () => true, parseTagValue: false });
const parse = (xml: string) => parser.parse(xml);

const service: Service = {
  service_code: 'voirie-signalement',
  service_name: 'Voirie & éclairage <urgent>',
  description: null,
  metadata: true,
  type: 'realtime',
  keywords: 'Nid-de-poule',
  group: 'Voirie',
};

describe('XML as the specification shows it', () => {
  it('declares itself as UTF-8 text/xml', () => {
    const rendered = render({ kind: 'services', services: [service] }, 'xml');
    expect(rendered.contentType).toBe('text/xml; charset=utf-8');
    expect(rendered.body.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<services>')).toBe(true);
  });

  it('lists services as service elements, escaping text and leaving null fields empty', () => {
    const rendered = render({ kind: 'services', services: [service, { ...service, service_code: 'proprete' }] }, 'xml');
    expect(rendered.body).toContain('<service_name>Voirie &amp; éclairage &lt;urgent&gt;</service_name>');
    expect(rendered.body).toContain('<description/>');
    const [services] = parse(rendered.body).services;
    expect(services.service).toHaveLength(2);
    expect(services.service[0]).toMatchObject({
      service_code: ['voirie-signalement'],
      service_name: ['Voirie & éclairage <urgent>'],
      metadata: ['true'],
      type: ['realtime'],
    });
  });

  it('writes an empty list as an empty root', () => {
    expect(render({ kind: 'services', services: [] }, 'xml').body).toContain('<services/>');
    expect(render({ kind: 'service_requests', requests: [] }, 'xml').body).toContain('<service_requests/>');
  });

  it('nests attributes and their values in a service definition', () => {
    const rendered = render({ kind: 'service_definition', definition: toServiceDefinition({ slug: 'voirie-signalement', form: incidentForm }) }, 'xml');
    const [definition] = parse(rendered.body).service_definition;
    expect(definition.service_code).toEqual(['voirie-signalement']);
    const [attributes] = definition.attributes;
    const nature = attributes.attribute[0];
    expect(nature).toMatchObject({ variable: ['true'], code: ['nature'], datatype: ['singlevaluelist'], required: ['true'], order: ['1'] });
    expect(nature.values[0].value.map((value: { key: string[] }) => value.key[0])).toEqual(['nid', 'lampadaire', 'depot']);
    expect(attributes.attribute[1]).not.toHaveProperty('values');
  });

  it('answers a filing as a service_requests list with an empty account_id', () => {
    const rendered = render({ kind: 'filed', requests: [{ service_request_id: 'LIB-2026-000001', service_notice: 'Sous 5 jours.', account_id: null }] }, 'xml');
    expect(rendered.body).toContain('<account_id/>');
    expect(parse(rendered.body).service_requests[0].request[0].service_request_id).toEqual(['LIB-2026-000001']);
  });

  it('writes errors with their HTTP code', () => {
    const rendered = render({ kind: 'errors', errors: [{ code: 403, description: 'api_key : clé inconnue.' }] }, 'xml');
    expect(parse(rendered.body).errors[0].error[0]).toEqual({ code: ['403'], description: ['api_key : clé inconnue.'] });
  });

  it('lists the discovery endpoint’s formats', () => {
    const discovery = discoveryOf(
      { name: 'Libercourt', contact: { address: 'Place de la Mairie', postalCode: '62820', city: 'Libercourt', email: 'mairie@libercourt.example.fr' } },
      'http://libercourt.localhost/open311/v2',
      new Date('2026-05-01T10:00:00Z'),
    );
    const [document] = parse(render({ kind: 'discovery', discovery }, 'xml').body).discovery;
    expect(document.contact).toEqual(['Mairie de Libercourt — Place de la Mairie, 62820 Libercourt — mairie@libercourt.example.fr']);
    const [endpoint] = document.endpoints[0].endpoint;
    expect(endpoint).toMatchObject({ url: ['http://libercourt.localhost/open311/v2'], changeset: ['2026-05-01T12:00:00+02:00'], type: ['production'] });
    expect(endpoint.formats[0].format).toEqual(['text/xml', 'application/json']);
  });

  it('drops the characters XML 1.0 cannot carry, keeping line breaks', () => {
    const rendered = render({ kind: 'services', services: [{ ...service, description: 'Trou\u0007 profond\nrue \uD800haute' }] }, 'xml');
    expect(parse(rendered.body).services[0].service[0].description).toEqual(['Trou profond\nrue haute']);
  });
});

describe('JSON', () => {
  it('drops the roots: lists are arrays and a definition is an object', () => {
    const services = render({ kind: 'services', services: [service] }, 'json');
    expect(services.contentType).toBe('application/json; charset=utf-8');
    expect(JSON.parse(services.body)).toEqual([service]);
    const definition = JSON.parse(render({ kind: 'service_definition', definition: { service_code: 'x', attributes: [] } }, 'json').body);
    expect(definition).toEqual({ service_code: 'x', attributes: [] });
    expect(JSON.parse(render({ kind: 'errors', errors: [{ code: 404, description: 'Introuvable.' }] }, 'json').body)).toEqual([
      { code: 404, description: 'Introuvable.' },
    ]);
  });
});
