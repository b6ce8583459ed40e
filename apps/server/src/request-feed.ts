import type postgres from 'postgres';

export type RequestAnnouncement = { tenantId: string; requestId: string; eventId: number; public: boolean };
type Listener = (announcement: RequestAnnouncement) => void;

/**
 * One LISTEN per server process on the `request_events` channel, fanned out to the open pages
 * following a request. Announcements come from Postgres, so a change made through any process
 * (another server, a worker) reaches every page.
 */
export function createRequestFeed(client: postgres.Sql) {
  const listeners = new Map<string, Set<Listener>>();
  let listening: Promise<{ unlisten: () => Promise<void> }> | undefined;

  function dispatch(payload: string) {
    const announcement = JSON.parse(payload) as RequestAnnouncement;
    for (const listener of listeners.get(announcement.requestId) ?? []) listener(announcement);
  }

  return {
    /** Resolves once Postgres listens, so no announcement made after it is missed. */
    async subscribe(requestId: string, listener: Listener): Promise<() => void> {
      listening ??= client.listen('request_events', dispatch);
      await listening;
      const set = listeners.get(requestId) ?? new Set<Listener>();
      set.add(listener);
      listeners.set(requestId, set);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(requestId);
      };
    },
    async close() {
      if (listening) await (await listening).unlisten();
    },
  };
}

export type RequestFeed = ReturnType<typeof createRequestFeed>;
