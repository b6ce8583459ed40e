import { gridCellOf, type requestFacts } from '@guichet/db';
import { isFinal, type StatusKey } from '@guichet/workflow';

/** What the facts are computed from: the request's row as it is now. */
export type RequestForFacts = {
  tenantId: string;
  id: string;
  procedureId: string;
  themeId: string;
  serviceId: string;
  channel: (typeof requestFacts.$inferInsert)['channel'];
  sector: string | null;
  latitude: number | null;
  longitude: number | null;
  gridCell: string | null;
  status: StatusKey;
  filedAt: Date;
  acknowledgedAt: Date | null;
  closedAt: Date | null;
  dueAt: Date;
  mergedIntoId: string | null;
  satisfactionRating: number | null;
  /** Its citizen's first request in the commune (known from the commune's other requests). */
  firstOfCitizen: boolean;
  /** Filed from an account linked to FranceConnect. */
  franceconnect: boolean;
};

/** A line of its history, in order. */
export type HistoryLine = { kind: string; at: Date; actorKind: string; public: boolean; payload: Record<string, unknown> };

type Interval = { from: Date; to: Date };

/**
 * A request's facts, as statistics count them (README, "Statistics: counting rules"):
 * durations from filing exclude the time the clock was paused for the citizen before the
 * milestone; the delay of a reopened request runs to its final closure; a merged duplicate is
 * merged, not answered (no closure duration, no delay kept or missed).
 */
export function factsOf(request: RequestForFacts, history: readonly HistoryLine[], now: Date): typeof requestFacts.$inferSelect {
  const pauses = pausesOf(history, now);
  const merged = request.mergedIntoId !== null;
  const closedAt = isFinal(request.status) ? request.closedAt : null;
  const firstAnswerAt = history.find((line) => line.actorKind === 'agent' && line.public && (line.kind === 'message' || line.kind === 'status_changed'))?.at ?? null;
  const acknowledgedAt = request.acknowledgedAt ?? history.find((line) => line.kind === 'acknowledged')?.at ?? null;
  const since = (at: Date | null) => (at === null ? null : Math.max(0, seconds(request.filedAt, at) - pausedBetween(pauses, request.filedAt, at)));
  return {
    tenantId: request.tenantId,
    requestId: request.id,
    procedureId: request.procedureId,
    themeId: request.themeId,
    serviceId: request.serviceId,
    channel: request.channel,
    sector: request.sector,
    // Anonymisation clears the coordinates and keeps their cell on the request.
    gridCell: request.gridCell ?? gridCellOf(request.latitude, request.longitude),
    status: request.status,
    filedAt: request.filedAt,
    acknowledgedAt,
    firstAnswerAt,
    closedAt,
    pausedSeconds: pausedBetween(pauses, request.filedAt, closedAt ?? now),
    acknowledgementSeconds: since(acknowledgedAt),
    firstAnswerSeconds: since(firstAnswerAt),
    processingSeconds: merged ? null : since(closedAt),
    withinDelay: merged || closedAt === null ? null : closedAt.getTime() <= request.dueAt.getTime(),
    reopenings: history.filter((line) => line.kind === 'reopened').length,
    transfers: history.filter((line) => line.kind === 'transferred').length,
    merged,
    rating: request.satisfactionRating,
    firstOfCitizen: request.firstOfCitizen,
    franceconnect: request.franceconnect,
    computedAt: now,
  };
}

/** The intervals spent in `waiting_citizen`, the last one running to `now` if it still is. */
function pausesOf(history: readonly HistoryLine[], now: Date): Interval[] {
  const pauses: Interval[] = [];
  let since: Date | null = null;
  for (const line of history) {
    if (line.kind !== 'status_changed' && line.kind !== 'reopened') continue;
    const to = line.payload.to;
    if (to === 'waiting_citizen' && since === null) since = line.at;
    else if (to !== 'waiting_citizen' && since !== null) {
      pauses.push({ from: since, to: line.at });
      since = null;
    }
  }
  if (since !== null) pauses.push({ from: since, to: now });
  return pauses;
}

function pausedBetween(pauses: readonly Interval[], from: Date, to: Date): number {
  return pauses.reduce((total, pause) => {
    const start = Math.max(pause.from.getTime(), from.getTime());
    const end = Math.min(pause.to.getTime(), to.getTime());
    return end > start ? total + Math.round((end - start) / 1000) : total;
  }, 0);
}

function seconds(from: Date, to: Date): number {
  return Math.round((to.getTime() - from.getTime()) / 1000);
}
