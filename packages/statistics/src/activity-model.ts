import { addWorkingDays, type WorkingCalendarOptions } from '@guichet/deadlines';
import type { Channel, EventKind } from '@guichet/db';
import type { StatusKey } from '@guichet/workflow';

/** What a commune offers that generated requests are filed on. */
export type CommuneForActivity = {
  procedures: { id: string; formVersion: number; serviceId: string; delayDays: number; title: string }[];
  services: { id: string; name: string }[];
  sectors: { slug: string; name: string; polygon: [number, number][] }[];
  calendar: WorkingCalendarOptions;
};

export type GeneratedRequest = {
  id: string;
  procedureId: string;
  formVersion: number;
  serviceId: string;
  channel: Channel;
  status: StatusKey;
  summary: string;
  latitude: number | null;
  longitude: number | null;
  gridCell: null;
  sector: string | null;
  filedAt: Date;
  acknowledgedAt: Date | null;
  dueAt: Date;
  clockPausedAt: Date | null;
  closedAt: Date | null;
  mergedIntoId: string | null;
  satisfactionRating: number | null;
  version: number;
  updatedAt: Date;
};

export type GeneratedEvent = { requestId: string; at: Date; kind: EventKind; public: boolean; actorKind: 'citizen' | 'agent' | 'system'; payload: Record<string, unknown>; version: number | null };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A seeded generator (mulberry32): the same seed gives the same activity. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Filing days over the period, weighted as a commune's activity is: weekdays busier than
 * weekends, summer busier than winter, and more each year as the portal is adopted.
 */
export function filingCalendar(from: Date, to: Date, random: () => number) {
  const days: number[] = [];
  const cumulative: number[] = [];
  let total = 0;
  const span = to.getTime() - from.getTime();
  for (let day = Math.floor(from.getTime() / DAY) * DAY; day < to.getTime(); day += DAY) {
    const date = new Date(day);
    const weekday = [0.15, 1.25, 1.1, 1, 1, 0.9, 0.3][date.getUTCDay()]!;
    const season = 1 + 0.25 * Math.sin((2 * Math.PI * (date.getUTCMonth() - 2)) / 12);
    const adoption = 0.6 + 0.4 * ((day - from.getTime()) / span);
    total += weekday * season * adoption;
    days.push(day);
    cumulative.push(total);
  }
  const day = (): number => {
    const target = random() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle]! < target) low = middle + 1;
      else high = middle;
    }
    return days[low]!;
  };
  return {
    /** `count` filing days, in order: requests are loaded as they came, a few days at a time. */
    days: (count: number): number[] => Array.from({ length: count }, day).sort((a, b) => a - b),
    /** An instant of that day: Paris office hours (UTC, about 8:30 to 17:30) for the desk, phone and mail; evenings too online. */
    at: (filingDay: number, channel: Channel): Date => {
      const officeHours = channel !== 'portal' && channel !== 'email';
      const hour = officeHours ? 7 + random() * 9 : 5 + random() * 17;
      return new Date(Math.min(filingDay + hour * HOUR, to.getTime() - 60_000));
    },
  };
}

const CHANNELS: [Channel, number][] = [
  ['portal', 0.55],
  ['phone', 0.18],
  ['counter', 0.13],
  ['email', 0.1],
  ['mail', 0.04],
];
const FINAL_STATUSES: [StatusKey, number][] = [
  ['done', 0.72],
  ['accepted', 0.12],
  ['rejected', 0.08],
  ['closed_without_action', 0.08],
];
const RATINGS = [0.05, 0.07, 0.13, 0.33, 0.42];

function pick<T>(choices: readonly (readonly [T, number])[], random: () => number): T {
  let left = random();
  for (const [choice, weight] of choices) {
    left -= weight;
    if (left <= 0) return choice;
  }
  return choices.at(-1)![0];
}

/** Exponentially distributed, of mean `mean`. */
const exponential = (mean: number, random: () => number) => -Math.log(1 - random()) * mean;

/** A point drawn inside the polygon (rejection inside its bounding box). */
function pointIn(polygon: [number, number][], random: () => number): { latitude: number; longitude: number } {
  const longitudes = polygon.map(([longitude]) => longitude);
  const latitudes = polygon.map(([, latitude]) => latitude);
  const [west, east, south, north] = [Math.min(...longitudes), Math.max(...longitudes), Math.min(...latitudes), Math.max(...latitudes)];
  for (let attempt = 0; ; attempt += 1) {
    const longitude = west + random() * (east - west);
    const latitude = south + random() * (north - south);
    if (attempt > 50 || inside(polygon, longitude, latitude)) return { latitude, longitude };
  }
}

function inside(polygon: [number, number][], x: number, y: number): boolean {
  let result = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!;
    const [xj, yj] = polygon[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) result = !result;
  }
  return result;
}

/**
 * One request's life, as agents and citizens live it: acknowledged, answered, sometimes paused
 * for a document, closed mostly within the announced delay, sometimes transferred, reopened,
 * merged into an earlier duplicate, rated. Whatever would happen after `now` has not happened:
 * the request stays where it is (a recent one is still open).
 */
export function simulateRequest(
  commune: CommuneForActivity,
  context: { now: Date; random: () => number; filedAt: (channel: Channel) => Date; procedureWeights: number[]; earlier: { id: string; filedAt: Date }[] },
): { request: GeneratedRequest; events: GeneratedEvent[] } {
  const { random, now } = context;
  const procedure = commune.procedures[pickIndex(context.procedureWeights, random)]!;
  const channel = pick(CHANNELS, random);
  const filedAt = context.filedAt(channel);
  const located = commune.sectors.length > 0 && random() < 0.6 ? commune.sectors[Math.floor(random() * commune.sectors.length)]! : null;
  const point = located ? pointIn(located.polygon, random) : null;
  const id = crypto.randomUUID();
  const request: GeneratedRequest = {
    id,
    procedureId: procedure.id,
    formVersion: procedure.formVersion,
    serviceId: procedure.serviceId,
    channel,
    status: 'submitted',
    summary: located ? `${procedure.title} – ${located.name}` : procedure.title,
    latitude: point?.latitude ?? null,
    longitude: point?.longitude ?? null,
    gridCell: null,
    sector: located?.slug ?? null,
    filedAt,
    acknowledgedAt: null,
    dueAt: addWorkingDays(filedAt, procedure.delayDays, commune.calendar),
    clockPausedAt: null,
    closedAt: null,
    mergedIntoId: null,
    satisfactionRating: null,
    version: 1,
    updatedAt: filedAt,
  };
  const events: GeneratedEvent[] = [];
  const happened = (at: Date) => at.getTime() <= now.getTime();
  const record = (at: Date, kind: EventKind, actorKind: GeneratedEvent['actorKind'], payload: Record<string, unknown>, versioned = true) => {
    if (versioned) request.version += 1;
    request.updatedAt = at;
    events.push({ requestId: id, at, kind, public: true, actorKind, payload, version: versioned ? request.version : null });
  };
  const move = (at: Date, to: StatusKey, kind: 'status_changed' | 'reopened' = 'status_changed') => {
    record(at, kind, 'agent', { from: request.status, to });
    request.status = to;
  };
  events.push({ requestId: id, at: filedAt, kind: 'filed', public: true, actorKind: channel === 'portal' ? 'citizen' : 'agent', payload: { channel, dueAt: request.dueAt.toISOString(), delayDays: procedure.delayDays }, version: 1 });

  // A duplicate of a request filed before it (and not itself a duplicate), merged into it within a day.
  const originals = random() < 0.02 ? context.earlier.filter((original) => original.filedAt < filedAt) : [];
  if (originals.length > 0) {
    const mergedAt = new Date(filedAt.getTime() + exponential(8 * HOUR, random));
    if (happened(mergedAt)) {
      request.mergedIntoId = originals[Math.floor(random() * originals.length)]!.id;
      record(mergedAt, 'merged', 'agent', { to: 'closed_without_action' });
      request.status = 'closed_without_action';
      request.closedAt = mergedAt;
    }
    return { request, events };
  }

  let at = new Date(filedAt.getTime() + exponential(18 * HOUR, random));
  if (!happened(at)) return { request, events };
  move(at, 'acknowledged');
  request.acknowledgedAt = at;

  const others = commune.services.filter((service) => service.id !== request.serviceId);
  if (random() < 0.05 && others.length > 0) {
    at = new Date(at.getTime() + exponential(6 * HOUR, random));
    if (!happened(at)) return { request, events };
    const to = others[Math.floor(random() * others.length)]!;
    record(at, 'transferred', 'agent', { fromServiceId: request.serviceId, toServiceId: to.id, serviceName: to.name });
    request.serviceId = to.id;
  }

  at = new Date(at.getTime() + exponential(30 * HOUR, random));
  if (!happened(at)) return { request, events };
  move(at, 'in_progress');

  // The announced delay is met about four times in five: the work takes a share of it.
  const work = procedure.delayDays * DAY * Math.exp(-0.6 + 0.75 * gaussian(random));
  let paused = 0;
  if (random() < 0.12) {
    at = new Date(at.getTime() + exponential(work / 3, random));
    if (!happened(at)) return { request, events };
    move(at, 'waiting_citizen');
    request.clockPausedAt = at;
    paused = exponential(5 * DAY, random);
    at = new Date(at.getTime() + paused);
    if (!happened(at)) return { request, events };
    move(at, 'in_progress');
    request.clockPausedAt = null;
    request.dueAt = new Date(request.dueAt.getTime() + paused);
  }

  const close = (from: Date, duration: number): boolean => {
    const closedAt = new Date(Math.max(from.getTime() + 60_000, filedAt.getTime() + paused + duration));
    if (!happened(closedAt)) return false;
    move(closedAt, pick(FINAL_STATUSES, random));
    request.closedAt = closedAt;
    return true;
  };
  if (!close(at, work)) return { request, events };

  if (random() < 0.03) {
    at = new Date(request.closedAt!.getTime() + exponential(3 * DAY, random));
    if (!happened(at)) return { request, events };
    move(at, 'in_progress', 'reopened');
    request.closedAt = null;
    request.dueAt = addWorkingDays(at, procedure.delayDays, commune.calendar);
    if (!close(at, at.getTime() - filedAt.getTime() - paused + exponential(4 * DAY, random))) return { request, events };
  }

  if (random() < 0.35) {
    at = new Date(request.closedAt!.getTime() + exponential(2 * DAY, random));
    if (!happened(at)) return { request, events };
    request.satisfactionRating = pickIndex(RATINGS, random) + 1;
    record(at, 'rated', 'citizen', { rating: request.satisfactionRating }, false);
  }
  return { request, events };
}

function pickIndex(weights: readonly number[], random: () => number): number {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let left = random() * total;
  for (const [index, weight] of weights.entries()) {
    left -= weight;
    if (left <= 0) return index;
  }
  return weights.length - 1;
}

/** A standard normal draw (Box–Muller). */
function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}
