import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { XMLParser } from 'fast-xml-parser';
import { requestWithHost, type ListeningServer } from './harness.ts';
import { open311Documents, open311Schema, type Open311Document, type Open311Format } from './open311-schemas.ts';
import { testProcedureDefinition } from './procedure-fixtures.ts';

/**
 * Checks an Open311 answer against the GeoReport v2 document it should be (see
 * `open311-schemas.ts`), JSON as parsed or XML as `readOpen311Xml` reads it: the schema's
 * complaints, none when it is valid.
 */
export function open311Schemas() {
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats.default(ajv, ['date-time', 'uri']);
  // XML carries numbers as text: their bounds are checked on the number the text writes.
  ajv.addKeyword({
    keyword: 'numberText',
    type: 'string',
    schemaType: 'object',
    validate: (bounds: { minimum: number; maximum: number }, value: string) => Number(value) >= bounds.minimum && Number(value) <= bounds.maximum,
  });
  const validators = new Map<string, ValidateFunction>();
  for (const document of open311Documents) {
    for (const format of ['json', 'xml'] as const) validators.set(`${document}.${format}`, ajv.compile(open311Schema(document, format)));
  }
  return (document: Open311Document, format: Open311Format, value: unknown): ErrorObject[] => {
    const validate = validators.get(`${document}.${format}`)!;
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
