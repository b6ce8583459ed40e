import type { Address, FormDefinition, SubmissionError } from '@guichet/forms';
import { contactInputSchema } from '@guichet/requests';
import type { z } from 'zod';
import { open311Form, type AttributeField, type Open311Form } from './form-mapping.ts';

type ContactInput = z.infer<typeof contactInputSchema>;

/** A POST to `requests` read into the procedure's own terms, ready for `fileRequest`. */
export type Open311Submission = {
  values: Record<string, unknown>;
  contact: ContactInput | undefined;
  mediaUrl: string | undefined;
  /** A description the form has no free text for: kept with the request rather than dropped. */
  description: string | undefined;
};

export type SubmissionReading = { ok: true; submission: Open311Submission } | { ok: false; errors: string[] };

const ATTRIBUTE = /^attribute\[([^\]]*)\](\[\])?$/;

/**
 * Reads the specification's parameters (`attribute[code]=value`, `attribute[code][]=value` for a
 * multivaluelist, `lat`/`long`/`address_string`, `description`, `media_url`, contact). Checks what
 * the form cannot: coordinates are numbers, attributes exist, the contact is well formed. The
 * answers themselves are the form's to judge, in `fileRequest`.
 */
export function readSubmission(form: FormDefinition, params: URLSearchParams): SubmissionReading {
  const open311 = open311Form(form);
  const errors: string[] = [];
  const values: Record<string, unknown> = {};

  const byCode = new Map(open311.attributes.map((field) => [field.key, field]));
  const codes = new Set<string>();
  for (const name of params.keys()) {
    const code = ATTRIBUTE.exec(name)?.[1];
    if (code === undefined) continue;
    if (!byCode.has(code)) errors.push(`attribute[${code}] : ce service n’a pas d’attribut « ${code} ».`);
    else codes.add(code);
  }
  for (const code of codes) values[code] = attributeValue(byCode.get(code)!, params);

  const description = text(params, 'description');
  if (description !== undefined && open311.description) values[open311.description.key] = description;

  const location = readLocation(params, errors);
  if (location && open311.address) values[open311.address.key] = location;

  const mediaUrl = text(params, 'media_url');
  if (mediaUrl !== undefined && !isWebUrl(mediaUrl)) errors.push('media_url : une adresse http ou https complète est attendue.');

  const contact = readContact(params, errors);
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    submission: { values, contact, mediaUrl, description: open311.description ? undefined : description },
  };
}

function text(params: URLSearchParams, name: string): string | undefined {
  const value = params.get(name)?.trim();
  return value ? value : undefined;
}

/** Converts the strings of a form-encoded body to the answer types the form expects. */
function attributeValue(field: AttributeField, params: URLSearchParams): unknown {
  const code = field.key;
  if (field.kind === 'multichoice') return [...params.getAll(`attribute[${code}][]`), ...params.getAll(`attribute[${code}]`)];
  const raw = params.get(`attribute[${code}]`) ?? params.get(`attribute[${code}][]`) ?? '';
  switch (field.kind) {
    case 'yesno':
    case 'consent':
      return raw === 'true' ? true : raw === 'false' ? false : raw;
    case 'date':
      // Open311's datetime for a field that asks for a day: the day as the client wrote it.
      return /^\d{4}-\d{2}-\d{2}T/.test(raw) ? raw.slice(0, 10) : raw;
    default:
      return raw;
  }
}

function readLocation(params: URLSearchParams, errors: string[]): Address | undefined {
  const label = text(params, 'address_string');
  const lat = text(params, 'lat');
  const long = text(params, 'long');
  if (lat === undefined && long === undefined) return label === undefined ? undefined : { label };
  const latitude = Number(lat);
  const longitude = Number(long);
  if (lat === undefined || long === undefined || !Number.isFinite(latitude) || !Number.isFinite(longitude)) {
    errors.push('lat, long : deux nombres décimaux (WGS84) sont attendus ensemble, par exemple lat=50.4829&long=3.0163.');
    return undefined;
  }
  return { label: label ?? `${latitude}, ${longitude}`, lat: latitude, lon: longitude };
}

/**
 * A link the client's own storage serves. This server never fetches it: fetching addresses a
 * client names would let any key holder probe the commune's network.
 */
function isWebUrl(value: string): boolean {
  if (value.length > 2000) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

const CONTACT_PARAMS = { email: 'email', first_name: 'givenName', last_name: 'familyName', phone: 'phone' } as const;

function readContact(params: URLSearchParams, errors: string[]): ContactInput | undefined {
  const given = Object.entries(CONTACT_PARAMS).flatMap(([param, key]) => {
    const value = text(params, param);
    return value === undefined ? [] : [[key, value] as const];
  });
  if (given.length === 0) return undefined;
  const parsed = contactInputSchema.safeParse(Object.fromEntries(given));
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    const param = Object.entries(CONTACT_PARAMS).find(([, key]) => key === issue.path[0])?.[0] ?? 'contact';
    errors.push(`${param} : ${param === 'email' ? 'adresse e-mail invalide.' : 'valeur invalide.'}`);
  }
  return undefined;
}

/**
 * The form's verdict in the client's words: each error names the Open311 parameter that carried
 * the answer, so that a client can point at what it sent.
 */
export function open311Errors(form: FormDefinition, errors: SubmissionError[]): string[] {
  const open311 = open311Form(form);
  return errors.map((error) => `${parameterOf(open311, error.field)} : ${error.message}`);
}

function parameterOf(open311: Open311Form, field: string): string {
  const key = field.split('/')[0] ?? '';
  if (key === 'contact') return 'email';
  if (key === open311.address?.key) return 'lat, long';
  if (key === open311.description?.key) return 'description';
  return `attribute[${key}]`;
}
