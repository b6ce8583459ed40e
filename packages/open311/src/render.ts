import { XMLBuilder } from 'fast-xml-parser';
import type { Attribute, Document } from './documents.ts';
import type { Format } from './format.ts';

export type Rendered = { body: string; contentType: string };

export function render(document: Document, format: Format): Rendered {
  return format === 'json'
    ? { body: JSON.stringify(jsonOf(document)), contentType: 'application/json; charset=utf-8' }
    : { body: xmlOf(document), contentType: 'text/xml; charset=utf-8' };
}

/** JSON drops the XML's root and list wrappers: lists are arrays, single documents objects. */
function jsonOf(document: Document): unknown {
  switch (document.kind) {
    case 'discovery':
      return document.discovery;
    case 'services':
      return document.services;
    case 'service_definition':
      return document.definition;
    case 'service_requests':
    case 'filed':
      return document.requests;
    case 'errors':
      return document.errors;
  }
}

const builder = new XMLBuilder({ format: true, indentBy: '  ', suppressEmptyNode: true });

/** The element names and nesting of the specification's XML examples. */
function xmlOf(document: Document): string {
  switch (document.kind) {
    case 'discovery': {
      const { endpoints, ...rest } = document.discovery;
      const endpoint = endpoints.map(({ formats, ...fields }) => ({ ...fields, formats: list('format', formats) }));
      return xml('discovery', { ...rest, endpoints: list('endpoint', endpoint) });
    }
    case 'services':
      return xml('services', list('service', document.services));
    case 'service_definition': {
      const { service_code, attributes } = document.definition;
      return xml('service_definition', { service_code, attributes: list('attribute', attributes.map(attributeXml)) });
    }
    case 'service_requests':
    case 'filed':
      return xml('service_requests', list('request', document.requests));
    case 'errors':
      return xml('errors', list('error', document.errors));
  }
}

function attributeXml({ values, ...fields }: Attribute) {
  return values === undefined ? fields : { ...fields, values: list('value', values) };
}

/** An empty list is an empty element, as the builder would otherwise leave the parent out. */
function list(element: string, items: readonly unknown[]): Record<string, unknown> | '' {
  return items.length > 0 ? { [element]: items } : '';
}

function xml(root: string, content: unknown): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${builder.build({ [root]: withoutForbiddenCharacters(content) })}`;
}

// Control characters (other than tab and line breaks) and lone surrogates cannot appear in an
// XML 1.0 document at all, not even escaped; a citizen's pasted text sometimes carries them.
const FORBIDDEN_IN_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function withoutForbiddenCharacters(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(FORBIDDEN_IN_XML, '');
  if (Array.isArray(value)) return value.map(withoutForbiddenCharacters);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withoutForbiddenCharacters(item)]));
  }
  return value;
}
