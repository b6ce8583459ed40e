import { requestEvents, type EventKind, type Transaction } from '@guichet/db';
import { actorColumns, type Actor } from '@guichet/db';

/** Appends one event to a request's history (the table refuses any later change). */
export async function appendEvent(
  tx: Transaction,
  input: { tenantId: string; requestId: string; kind: EventKind; public: boolean; actor: Actor; payload?: Record<string, unknown> },
): Promise<number> {
  const [event] = await tx
    .insert(requestEvents)
    .values({
      tenantId: input.tenantId,
      requestId: input.requestId,
      kind: input.kind,
      public: input.public,
      ...actorColumns(input.actor),
      payload: input.payload ?? {},
    })
    .returning({ id: requestEvents.id });
  return event!.id;
}
