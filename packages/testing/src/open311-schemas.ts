/**
 * The answers of Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2), written for this
 * project from the specification's method descriptions: each document is described once, by
 * its elements, then read two ways. In JSON lists are arrays and values keep their types; in
 * XML, as `readOpen311Xml` reads it, every element is a list and every value text, an empty
 * element standing for an absent value.
 */

type Value =
  | { kind: 'text'; nullable?: boolean; oneOf?: readonly string[]; format?: 'date-time' | 'uri' }
  | { kind: 'boolean' }
  | { kind: 'number'; integer: boolean; minimum: number; maximum: number; nullable?: boolean }
  | { kind: 'record'; fields: Record<string, Field>; requireOneOf?: readonly string[]; requireWhen?: RequireWhen }
  | { kind: 'list'; element: string; of: Value; minItems: number };

/** `required`: the specification always returns it (with a nullable value, possibly empty). */
type Field = { value: Value; required: boolean };

/** `require` must be given, and not empty, when `field` has one of `oneOf`. */
type RequireWhen = { field: string; oneOf: readonly string[]; require: string };

type Schema = Record<string, unknown>;

const text = (options: { nullable?: boolean; oneOf?: readonly string[]; format?: 'date-time' | 'uri' } = {}): Value => ({ kind: 'text', ...options });
const boolean: Value = { kind: 'boolean' };
const required = (value: Value): Field => ({ value, required: true });
const optional = (value: Value): Field => ({ value, required: false });

/** GET services: the request types a client may file, `metadata` saying whether one has a definition to read. */
const service: Value = {
  kind: 'record',
  fields: {
    service_code: required(text()),
    service_name: required(text()),
    description: optional(text({ nullable: true })),
    metadata: required(boolean),
    // realtime: filed at once; batch: filed later (a token is answered first); blackbox: never seen again.
    type: required(text({ oneOf: ['realtime', 'batch', 'blackbox'] })),
    // A comma-separated list.
    keywords: optional(text({ nullable: true })),
    group: optional(text({ nullable: true })),
  },
};

const listDatatypes = ['singlevaluelist', 'multivaluelist'] as const;

/** GET services/{service_code}: the extra questions of a service whose `metadata` is true. */
const serviceDefinition: Value = {
  kind: 'record',
  fields: {
    service_code: required(text()),
    attributes: required({
      kind: 'list',
      element: 'attribute',
      minItems: 0,
      of: {
        kind: 'record',
        fields: {
          // false: informational only, nothing to answer.
          variable: required(boolean),
          code: required(text()),
          datatype: required(text({ oneOf: ['string', 'number', 'datetime', 'text', ...listDatatypes] })),
          required: required(boolean),
          datatype_description: optional(text({ nullable: true })),
          // The position the question is shown at, 1 first.
          order: required({ kind: 'number', integer: true, minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
          description: required(text()),
          values: optional({ kind: 'list', element: 'value', minItems: 0, of: { kind: 'record', fields: { key: required(text()), name: required(text()) } } }),
        },
        // A list datatype is answered with one (or several) of the keys it offers.
        requireWhen: { field: 'datatype', oneOf: listDatatypes, require: 'values' },
      },
    }),
  },
};

/** POST requests: the new request's id, or a token to ask for it later when it is filed in batch. */
const filedRequest: Value = {
  kind: 'record',
  fields: {
    service_request_id: optional(text()),
    token: optional(text()),
    service_notice: optional(text({ nullable: true })),
    account_id: optional(text({ nullable: true })),
  },
  requireOneOf: ['service_request_id', 'token'],
};

const datetime = (nullable: boolean) => text({ format: 'date-time', nullable });

/** GET requests and GET requests/{service_request_id}: requests as the public may follow them. */
const serviceRequest: Value = {
  kind: 'record',
  fields: {
    service_request_id: required(text()),
    status: required(text({ oneOf: ['open', 'closed'] })),
    status_notes: optional(text({ nullable: true })),
    service_name: optional(text({ nullable: true })),
    service_code: required(text()),
    description: optional(text({ nullable: true })),
    agency_responsible: optional(text({ nullable: true })),
    service_notice: optional(text({ nullable: true })),
    requested_datetime: required(datetime(false)),
    updated_datetime: optional(datetime(true)),
    expected_datetime: optional(datetime(true)),
    address: optional(text({ nullable: true })),
    address_id: optional(text({ nullable: true })),
    zipcode: optional(text({ nullable: true })),
    // WGS84 degrees.
    lat: optional({ kind: 'number', integer: false, minimum: -90, maximum: 90, nullable: true }),
    long: optional({ kind: 'number', integer: false, minimum: -180, maximum: 180, nullable: true }),
    media_url: optional(text({ format: 'uri', nullable: true })),
  },
};

/** Any failed call: one entry per problem, its code the HTTP status of the answer. */
const error: Value = {
  kind: 'record',
  fields: {
    code: required({ kind: 'number', integer: true, minimum: 400, maximum: 599 }),
    description: required(text()),
  },
};

/** Each document: its XML root element, and what it holds. */
const documents = {
  services: { root: 'services', value: { kind: 'list', element: 'service', of: service, minItems: 0 } },
  'service-definition': { root: 'service_definition', value: serviceDefinition },
  'filed-requests': { root: 'service_requests', value: { kind: 'list', element: 'request', of: filedRequest, minItems: 1 } },
  'service-requests': { root: 'service_requests', value: { kind: 'list', element: 'request', of: serviceRequest, minItems: 0 } },
  errors: { root: 'errors', value: { kind: 'list', element: 'error', of: error, minItems: 1 } },
} satisfies Record<string, { root: string; value: Value }>;

export type Open311Document = keyof typeof documents;
export type Open311Format = 'json' | 'xml';

export const open311Documents = Object.keys(documents) as Open311Document[];

/** The JSON Schema (draft 7, with ajv-formats' formats) of `document` in `format`. */
export function open311Schema(document: Open311Document, format: Open311Format): Schema {
  const { root, value } = documents[document];
  if (format === 'json') return jsonSchema(value);
  // The XML declaration is read as an element of its own, `?xml`.
  return { type: 'object', properties: { [root]: xmlElement(value) }, required: [root], patternProperties: { '^\\?xml$': {} }, additionalProperties: false };
}

function jsonSchema(value: Value): Schema {
  switch (value.kind) {
    case 'text': {
      const string: Schema = value.oneOf ? { enum: value.oneOf } : { type: 'string', ...(value.format ? { format: value.format } : { minLength: value.nullable ? 0 : 1 }) };
      return value.nullable ? { anyOf: [string, { type: 'null' }] } : string;
    }
    case 'boolean':
      return { type: 'boolean' };
    case 'number': {
      const number = { type: value.integer ? 'integer' : 'number', minimum: value.minimum, maximum: value.maximum };
      return value.nullable ? { anyOf: [number, { type: 'null' }] } : number;
    }
    case 'list':
      return { type: 'array', items: jsonSchema(value.of), minItems: value.minItems };
    case 'record': {
      const names = Object.keys(value.fields);
      return {
        type: 'object',
        properties: Object.fromEntries(names.map((name) => [name, jsonSchema(value.fields[name]!.value)])),
        required: names.filter((name) => value.fields[name]!.required),
        additionalProperties: false,
        ...(value.requireOneOf ? { anyOf: value.requireOneOf.map((name) => ({ properties: { [name]: true }, required: [name] })) } : {}),
        ...(value.requireWhen
          ? {
              if: { properties: { [value.requireWhen.field]: { enum: value.requireWhen.oneOf } }, required: [value.requireWhen.field] },
              then: { properties: { [value.requireWhen.require]: { type: 'array', minItems: 1 } }, required: [value.requireWhen.require] },
            }
          : {}),
      };
    }
  }
}

/** An element: a list of exactly one content, as the XML reader gives every element. */
function xmlElement(value: Value): Schema {
  return { type: 'array', items: xmlContent(value), minItems: 1, maxItems: 1 };
}

const EMPTY = { const: '' };

function xmlContent(value: Value): Schema {
  switch (value.kind) {
    case 'text': {
      const string: Schema = value.oneOf ? { enum: value.oneOf } : { type: 'string', ...(value.format ? { format: value.format } : { minLength: value.nullable ? 0 : 1 }) };
      return value.nullable && (value.oneOf || value.format) ? { anyOf: [EMPTY, string] } : string;
    }
    case 'boolean':
      return { enum: ['true', 'false'] };
    case 'number': {
      const number = { type: 'string', pattern: value.integer ? '^-?[0-9]+$' : '^-?[0-9]+(\\.[0-9]+)?$', numberText: { minimum: value.minimum, maximum: value.maximum } };
      return value.nullable ? { anyOf: [EMPTY, number] } : number;
    }
    case 'list': {
      // The list's element holds one child element per item; an empty list is an empty element.
      const items = { type: 'object', properties: { [value.element]: { type: 'array', items: xmlContent(value.of), minItems: 1 } }, required: [value.element], additionalProperties: false };
      return value.minItems > 0 ? items : { anyOf: [EMPTY, items] };
    }
    case 'record': {
      const names = Object.keys(value.fields);
      // A value the specification lets be null may be written as an empty element or left out.
      const alwaysWritten = names.filter((name) => value.fields[name]!.required && !isNullable(value.fields[name]!.value));
      return {
        type: 'object',
        properties: Object.fromEntries(names.map((name) => [name, xmlElement(value.fields[name]!.value)])),
        required: alwaysWritten,
        additionalProperties: false,
        ...(value.requireOneOf ? { anyOf: value.requireOneOf.map((name) => ({ properties: { [name]: true }, required: [name] })) } : {}),
        ...(value.requireWhen
          ? {
              if: { properties: { [value.requireWhen.field]: { type: 'array', items: { enum: value.requireWhen.oneOf } } }, required: [value.requireWhen.field] },
              then: { properties: { [value.requireWhen.require]: { type: 'array', items: { type: 'object' } } }, required: [value.requireWhen.require] },
            }
          : {}),
      };
    }
  }
}

function isNullable(value: Value): boolean {
  return (value.kind === 'text' || value.kind === 'number') && value.nullable === true;
}
