import { eq, sql } from 'drizzle-orm';
import { columnRows, requests, statementIn, type EventKind, type Transaction } from '@guichet/db';
import { actorColumns, type Actor } from '@guichet/db';
import { isCitizenSide } from './actor.ts';

/** What agents act on; notes, notifications, reminders and ratings leave the version alone. */
const versionedKinds: readonly EventKind[] = ['status_changed', 'reopened', 'assigned', 'transferred', 'priority_changed', 'edited', 'merged'];

/** Whether the event changes what an agent acts on: then it makes a new version of the request. */
function makesVersion(kind: EventKind, actor: Actor): boolean {
  return versionedKinds.includes(kind) || (kind === 'message' && isCitizenSide(actor));
}

/**
 * Appends one event to a request's history (the table refuses any later change); an event that
 * changes what agents act on counts a new version of the request, recorded on the event.
 */
export async function appendEvent(
  tx: Transaction,
  input: Omit<EventInput, 'version'>,
): Promise<number> {
  let version: number | null = null;
  if (makesVersion(input.kind, input.actor)) {
    const [bumped] = await tx
      .update(requests)
      .set({ version: sql`${requests.version} + 1` })
      .where(eq(requests.id, input.requestId))
      .returning({ version: requests.version });
    version = bumped?.version ?? null;
  }
  const [event] = await appendEvents(tx, [{ ...input, version }]);
  return event!.id;
}

type EventInput = {
  tenantId: string;
  requestId: string;
  kind: EventKind;
  public: boolean;
  actor: Actor;
  payload?: Record<string, unknown>;
  version?: number | null;
  /** Drawn beforehand (a filing's first line) when a job naming the line leaves with it; else the table's. */
  id?: number;
  /**
   * When it happened, for a verb given its `now` (a sweep, a test: statistics measure from it);
   * else the transaction's time, as every other line of the transaction.
   */
  at?: Date;
};

/** Appends events in one statement. Versions are the caller's: only `appendEvent` counts them. */
export async function appendEvents(tx: Transaction, inputs: readonly EventInput[]): Promise<{ id: number; requestId: string }[]> {
  const rows = inputs.map((input) => ({
    id: input.id ?? null,
    tenantId: input.tenantId,
    requestId: input.requestId,
    kind: input.kind,
    public: input.public,
    ...actorColumns(input.actor),
    payload: input.payload ?? {},
    version: input.version ?? null,
    at: input.at ?? null,
  }));
  const written = await statementIn(
    tx,
    `insert into request_events (id, tenant_id, request_id, kind, public, actor_kind, actor_id, payload, version, at) overriding system value
     select coalesce(id, nextval('request_events_id_seq')), tenant_id, request_id, kind, public, actor_kind, actor_id, payload, version, coalesce(at, now())
       from json_populate_recordset(null::request_events, $1::json)
     returning id, request_id`,
    [columnRows(rows)],
  );
  return written.map((row) => ({ id: Number(row.id), requestId: row.request_id as string }));
}

