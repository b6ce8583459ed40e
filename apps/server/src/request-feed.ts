import pg from 'pg';

type RequestAnnouncement = { tenantId: string; requestId: string; eventId: number; public: boolean; presence?: true };
/** Called with an announcement, or with `resync` after the listening connection came back (anything may have changed meanwhile). */
type Listener = (announcement: RequestAnnouncement | 'resync') => void;
type Subscriber = { listener: Listener; onEnd: () => void };

const CHANNEL = 'request_events';
/** Announces, by commune id, a change to a procedure or a theme (see the catalogue cache). */
const CATALOGUE_CHANNEL = 'catalogue_changes';
type CatalogueWatcher = (tenantId: string | 'all') => void;

/**
 * One LISTEN per server process on the `request_events` channel, fanned out to the open pages
 * following a request. Announcements come from Postgres, so a change made through any process
 * (another server, a worker) reaches every page.
 *
 * The listening connection is its own, and is opened again whenever it is lost (a database
 * restart, a terminated backend), trying until the database answers: postgres.js's `listen`
 * gives up silently when its first attempt to listen again fails, which a restart makes likely.
 * Announcements made while it was away are lost, so every page is then told to read its
 * request again.
 */
export function createRequestFeed(databaseUrl: string) {
  const subscribers = new Map<string, Set<Subscriber>>();
  /** Pages following a whole commune (an inbox), by tenant. */
  const communeSubscribers = new Map<string, Set<Subscriber>>();
  let client: pg.Client | null = null;
  let connecting: Promise<void> | null = null;
  let listenedBefore = false;
  let closed = false;
  const catalogueWatchers = new Set<CatalogueWatcher>();

  function dispatch(payload: string) {
    const announcement = JSON.parse(payload) as RequestAnnouncement;
    for (const subscriber of subscribers.get(announcement.requestId) ?? []) subscriber.listener(announcement);
    for (const subscriber of communeSubscribers.get(announcement.tenantId) ?? []) subscriber.listener(announcement);
  }

  function everySubscriber(): Subscriber[] {
    return [...subscribers.values(), ...communeSubscribers.values()].flatMap((set) => [...set]);
  }

  function resyncAll() {
    for (const subscriber of everySubscriber()) subscriber.listener('resync');
    for (const watcher of catalogueWatchers) watcher('all');
  }

  /** Adds a subscriber under `key` of `registry` once Postgres listens; the returned function removes it. */
  async function add(registry: Map<string, Set<Subscriber>>, key: string, subscriber: Subscriber): Promise<() => void> {
    if (!client) await listen();
    if (closed) {
      subscriber.onEnd();
      return () => {};
    }
    const set = registry.get(key) ?? new Set<Subscriber>();
    set.add(subscriber);
    registry.set(key, set);
    return () => {
      set.delete(subscriber);
      // Only its own set: called twice, it must not drop a newer one under the same key.
      if (set.size === 0 && registry.get(key) === set) registry.delete(key);
    };
  }

  /** A connection that listens, or an error; `lost()` tells whether it has ended since. */
  async function listenOnce(): Promise<{ connection: pg.Client; lost: () => boolean }> {
    // Keepalive: a connection dropped without a word (a failover, a network cut) is noticed too.
    const candidate = new pg.Client({ connectionString: databaseUrl, application_name: 'guichet-live', keepAlive: true });
    let ended = false;
    candidate.on('notification', (message) => {
      if (message.channel === CHANNEL && message.payload) dispatch(message.payload);
      if (message.channel === CATALOGUE_CHANNEL && message.payload) for (const watcher of catalogueWatchers) watcher(message.payload);
    });
    // A lost connection emits 'error' then 'end'; the 'end' handler opens a new one.
    candidate.on('error', () => {});
    candidate.on('end', () => {
      ended = true;
      if (client !== candidate) return;
      client = null;
      // Changes are not announced until it is back: nothing kept from before can be trusted.
      for (const watcher of catalogueWatchers) watcher('all');
      if (!closed) void listen();
    });
    try {
      await candidate.connect();
      await candidate.query(`LISTEN ${CHANNEL}; LISTEN ${CATALOGUE_CHANNEL}`);
      return { connection: candidate, lost: () => ended };
    } catch (error) {
      await candidate.end().catch(() => {});
      throw error;
    }
  }

  function listen(): Promise<void> {
    connecting ??= (async () => {
      for (let attempt = 0; !closed; attempt += 1) {
        try {
          const { connection, lost } = await listenOnce();
          if (closed) {
            await connection.end().catch(() => {});
            return;
          }
          // Ended between LISTEN and here: its 'end' found no client to replace, so try again.
          if (lost()) throw new Error('the listening connection ended at once');
          client = connection;
          if (listenedBefore) resyncAll();
          listenedBefore = true;
          return;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, Math.min(200 * 2 ** attempt, 3_000)));
        }
      }
    })().finally(() => {
      connecting = null;
    });
    return connecting;
  }

  return {
    /**
     * Resolves once Postgres listens, so no announcement made after it is missed. `onEnd` is
     * called when the server shuts down: the page's stream ends, and its browser reconnects to
     * another server.
     */
    subscribe(requestId: string, listener: Listener, onEnd: () => void = () => {}): Promise<() => void> {
      return add(subscribers, requestId, { listener, onEnd });
    },
    /** Every announcement of one commune's requests: what an open inbox follows. */
    subscribeCommune(tenantId: string, listener: Listener, onEnd: () => void = () => {}): Promise<() => void> {
      return add(communeSubscribers, tenantId, { listener, onEnd });
    },
    /**
     * Every change to a commune's catalogue, by its id, or `all` once the listening connection
     * is (again) open: changes made before were not announced.
     */
    /** Whether announcements are being received now: a copy may be kept only then. */
    listening: () => client !== null,
    watchCatalogue(watcher: CatalogueWatcher): void {
      catalogueWatchers.add(watcher);
      if (!client) void listen().then(() => watcher('all'));
    },
    async close() {
      closed = true;
      catalogueWatchers.clear();
      for (const subscriber of everySubscriber()) subscriber.onEnd();
      subscribers.clear();
      communeSubscribers.clear();
      const listening = client;
      client = null;
      await listening?.end().catch(() => {});
    },
  };
}

export type RequestFeed = ReturnType<typeof createRequestFeed>;
