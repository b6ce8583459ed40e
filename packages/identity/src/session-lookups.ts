import { getTableColumns } from 'drizzle-orm';
import { columnName, sessions, type AgentRole, type Database, type Session } from '@guichet/db';

/** The site a request came to: a commune's portal, or its EPCI's console (`tenantId` null). */
export type SessionSite = { epciId: string; tenantId: string | null };

/** A session opened on the site, and for an agent the role of their account (absent once it is disabled). */
export type SiteSession = { session: Session; agentRole: AgentRole | null };

type Waiting = { id: string; site: SessionSite; settle: (found: SiteSession | null) => void; fail: (error: unknown) => void };

/** Two statements in flight: one answering while the next gathers the checks that came meanwhile. */
const RUNNING = 2;
const BATCH_SIZE = 128;

/**
 * Reads the sessions that requests' cookies name, in one statement for all the checks that arrive
 * together (`site_sessions`, a query per site, migration 0051): a lone check leaves at once; when the
 * statements in flight are busy, the checks that come meanwhile wait and leave together. Each
 * statement reads the table as it is when it runs: nothing is kept between requests, so a
 * session signed out or revoked is refused by the next check in every process.
 */
export function createSessionLookups(db: Database) {
  const waiting: Waiting[] = [];
  let running = 0;

  function drain(): void {
    while (running < RUNNING && waiting.length > 0) {
      const batch = waiting.splice(0, BATCH_SIZE);
      running += 1;
      void lookUp(batch).finally(() => {
        running -= 1;
        drain();
      });
    }
  }

  async function lookUp(batch: readonly Waiting[]): Promise<void> {
    try {
      // Straight to postgres.js, prepared: drizzle's building of even this statement cost more than Postgres's work on it.
      const rows = await db.$client.unsafe<{ asked_position: string; found: Record<string, unknown> }[]>(
        'select asked_position, found from site_sessions($1::text[], $2::uuid[], $3::uuid[])',
        [batch.map((check) => check.id), batch.map((check) => check.site.epciId), batch.map((check) => check.site.tenantId)],
        { prepare: true },
      );
      const found = new Map(rows.map((row) => [Number(row.asked_position), row.found]));
      batch.forEach((check, index) => check.settle(siteSessionFrom(found.get(index + 1) ?? null)));
    } catch (error) {
      for (const check of batch) check.fail(error);
    }
  }

  return {
    /** The session `id` opened on `site`, as the table holds it now; null when there is none. */
    find(id: string, site: SessionSite): Promise<SiteSession | null> {
      return new Promise((settle, fail) => {
        waiting.push({ id, site, settle, fail });
        drain();
      });
    },
  };
}

export type SessionLookups = ReturnType<typeof createSessionLookups>;

function siteSessionFrom(found: Record<string, unknown> | null): SiteSession | null {
  if (!found) return null;
  return { session: fromColumns(found) as Session, agentRole: (found.agent_role as AgentRole | null) ?? null };
}

/** A row given as JSON by Postgres (`to_jsonb`), read back through the table's own columns. */
function fromColumns(json: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(getTableColumns(sessions)).map(([key, column]) => {
      const value = json[columnName(key)];
      return [key, value === null || value === undefined ? null : column.mapFromDriverValue(value)];
    }),
  );
}
