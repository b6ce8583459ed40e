import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { XMLParser } from 'fast-xml-parser';
import { requestWithHost, type ListeningServer } from './harness.ts';
import { repositoryRoot } from './paths.ts';
import { testProcedureDefinition } from './procedure-fixtures.ts';

export type Open311Schema = 'request.json' | 'requests.json' | 'service.json' | 'services.json' | 'service-definition.json';

/**
 * The Open311 community's published JSON schemas of GeoReport v2 answers, kept with the test
 * harness (`packages/testing/open311-schemas`). They refer to each other by file name
 * (`"$ref": "request.json"`), so each is registered under its own.
 */
export function open311Schemas(dir = path.join(repositoryRoot, 'packages', 'testing', 'open311-schemas')) {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
    ajv.addSchema(JSON.parse(readFileSync(path.join(dir, file), 'utf8')), file);
  }
  /** The schema's complaints about `value`, none when it is valid. */
  return (schema: Open311Schema, value: unknown): ErrorObject[] => {
    const validate = ajv.getSchema(schema);
    if (!validate) throw new Error(`no Open311 schema ${schema} in ${dir}`);
    return validate(value) ? [] : (validate.errors ?? []);
  };
}

// Every element as a list and every value as text: how an XML client meets the document.
const xmlParser = new XMLParser({ isArray: () => true, parseTagValue: false });

/** An XML answer of the endpoint, checked for its declared type, read as an XML client would. */
export async function readOpen311Xml(response: Response): Promise<any> {
  const type = response.headers.get('content-type');
  if (type !== 'text/xml; charset=utf-8') throw new Error(`expected an XML answer, got ${type} (${response.status})`);
  return xmlParser.parse(await response.text());
}

/** An incident report offered through Open311, whose form has what such a report needs. */
export function open311ReportDefinition(overrides: Record<string, unknown> = {}) {
  return testProcedureDefinition({
    title: 'Signaler un problème de voirie',
    summary: 'Un trou, un lampadaire éteint, un dépôt sauvage.',
    form: {
      fields: [
        {
          kind: 'choice',
          key: 'nature',
          label: 'Nature',
          required: true,
          options: [
            { value: 'nid', label: 'Nid-de-poule' },
            { value: 'lampadaire', label: 'Lampadaire éteint' },
          ],
        },
        { kind: 'textarea', key: 'details', label: 'Description du problème', required: true },
        { kind: 'yesno', key: 'urgent', label: 'Danger immédiat ?' },
        { kind: 'address', key: 'lieu', label: 'Lieu', required: true, requireCoordinates: true },
      ],
    },
    routing: [],
    anonymousAllowed: true,
    open311: true,
    ...overrides,
  });
}

/**
 * An Open311 client's call on a commune's endpoint: no Origin, no cookie, a form-encoded body
 * when `form` is given, as the specification has clients send it.
 */
export function open311Request(server: ListeningServer, slug: string, pathAndQuery: string, form?: Record<string, string | string[]>) {
  const host = `${slug}.localhost:${server.port}`;
  const url = `${server.origin}/open311/v2/${pathAndQuery}`;
  if (form === undefined) return requestWithHost(url, { host });
  const body = new URLSearchParams(Object.entries(form).flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((item): [string, string] => [name, item])));
  return requestWithHost(url, { method: 'POST', host, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() });
}
