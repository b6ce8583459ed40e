import { z } from 'zod';
import { Open311Error } from './open311-error.ts';

/** What `GET requests` may ask: given ids (the other filters then do not apply), or a search. */
export type RequestSearch =
  | { kind: 'references'; references: string[] }
  | { kind: 'window'; serviceCodes: string[]; from: Date; to: Date; status: 'open' | 'closed' | undefined };

const DAY_MS = 86_400_000;
/** The specification's window: 90 days by default, and at most. */
const WINDOW_DAYS = 90;
/** The specification's cap on one answer. */
export const MAX_REQUESTS = 1000;

const dateTime = z.iso.datetime({ offset: true });

/** Reads the query string of `GET requests`; `now` closes the default window. */
export function readSearch(params: URLSearchParams, now: Date): RequestSearch {
  const references = commaList(params, 'service_request_id');
  if (references.length > 0) return { kind: 'references', references: references.slice(0, MAX_REQUESTS) };

  const start = instant(params, 'start_date');
  const end = instant(params, 'end_date');
  const to = end ?? (start ? new Date(Math.min(now.getTime(), start.getTime() + WINDOW_DAYS * DAY_MS)) : now);
  const from = start ?? new Date(to.getTime() - WINDOW_DAYS * DAY_MS);
  if (from > to) throw new Open311Error(400, 'start_date : la date de début doit précéder end_date.');
  if (to.getTime() - from.getTime() > WINDOW_DAYS * DAY_MS) {
    throw new Open311Error(400, `start_date, end_date : une recherche couvre au plus ${WINDOW_DAYS} jours.`);
  }
  return { kind: 'window', serviceCodes: commaList(params, 'service_code'), from, to, status: statusOf(params) };
}

/** The specification lets a parameter be declared several times, or comma separated. */
function commaList(params: URLSearchParams, name: string): string[] {
  return params
    .getAll(name)
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
}

function instant(params: URLSearchParams, name: string): Date | undefined {
  const value = params.get(name)?.trim();
  if (!value) return undefined;
  if (!dateTime.safeParse(value).success) {
    throw new Open311Error(400, `${name} : date et heure ISO 8601 attendue, par exemple 2026-05-01T00:00:00+02:00.`);
  }
  return new Date(value);
}

function statusOf(params: URLSearchParams): 'open' | 'closed' | undefined {
  const asked = new Set(commaList(params, 'status'));
  for (const status of asked) {
    if (status !== 'open' && status !== 'closed') throw new Open311Error(400, `status : « ${status} » n’est ni open ni closed.`);
  }
  return asked.size === 1 ? ([...asked][0] as 'open' | 'closed') : undefined;
}
