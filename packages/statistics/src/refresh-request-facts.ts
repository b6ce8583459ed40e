import { and, asc, eq, getTableColumns, inArray, isNotNull, sql } from 'drizzle-orm';
import { citizenAccounts, citizenArrivals, columnName, procedures, requestEvents, requestFacts, requestFactsStale, requests, scopedCommune, type Transaction } from '@guichet/db';
import { factsOf, type HistoryLine } from './request-facts.ts';
import { applyRollupChanges, rollupChanges } from './rollups.ts';

/** Enough requests to spread a transaction's cost, few enough to keep it short. */
const CHUNK = 500;
/** Facts per insert: within a statement's 65,535 parameters. */
const INSERTED_AT_ONCE = 2_000;

/**
 * Computes the facts of the commune's requests whose history changed, a chunk per transaction,
 * oldest change first; what is left waits for the next run (resumable: nothing but the marks
 * says where it stands). Reads without locking: a change that lands meanwhile leaves a newer
 * mark, which stays for the next run. The rollups change by the difference between each
 * request's facts before and after: one run at a time per commune (a lock), so that no difference
 * is counted twice. Says how many requests it computed, and whether more wait.
 */
export async function refreshRequestFacts(context: { tx: Transaction; now?: Date; limit?: number }): Promise<{ computed: number; more: boolean }> {
  const { tx } = context;
  const now = context.now ?? new Date();
  await lockCommuneRollups(tx);
  const stale = await tx
    .select({ requestId: requestFactsStale.requestId, upTo: sql<number>`max(${requestFactsStale.id})`.mapWith(Number) })
    .from(requestFactsStale)
    .groupBy(requestFactsStale.requestId)
    .orderBy(sql`min(${requestFactsStale.id})`)
    .limit(context.limit ?? CHUNK);
  if (stale.length === 0) return { computed: 0, more: false };
  const ids = stale.map((row) => row.requestId);
  const [rows, lines, before] = await Promise.all([
    tx
      .select({ request: requests, themeId: procedures.themeId })
      .from(requests)
      .innerJoin(procedures, and(eq(procedures.tenantId, requests.tenantId), eq(procedures.id, requests.procedureId)))
      .where(inArray(requests.id, ids)),
    tx
      .select({
        requestId: requestEvents.requestId,
        kind: requestEvents.kind,
        at: requestEvents.at,
        actorKind: requestEvents.actorKind,
        public: requestEvents.public,
        payload: requestEvents.payload,
      })
      .from(requestEvents)
      .where(inArray(requestEvents.requestId, ids))
      .orderBy(asc(requestEvents.id)),
    tx.select().from(requestFacts).where(inArray(requestFacts.requestId, ids)),
  ]);
  const histories = new Map<string, HistoryLine[]>();
  for (const { requestId, ...line } of lines) histories.set(requestId, [...(histories.get(requestId) ?? []), line]);
  const citizens = await citizensOf(tx, rows.map(({ request }) => request.citizenAccountId));
  const earlier = new Map(before.map((facts) => [facts.requestId, facts]));
  const facts = rows.map(({ request, themeId }) => {
    const account = request.citizenAccountId === null ? undefined : citizens.get(request.citizenAccountId);
    const kept = earlier.get(request.id);
    // Anonymisation clears the account: whether it arrived with this request, and was linked, stays.
    const citizen = account ? { firstOfCitizen: account.firstRequestId === request.id, franceconnect: account.franceconnect } : { firstOfCitizen: kept?.firstOfCitizen ?? false, franceconnect: kept?.franceconnect ?? false };
    return factsOf({ ...request, themeId, ...citizen }, histories.get(request.id) ?? [], now);
  });
  for (let from = 0; from < facts.length; from += INSERTED_AT_ONCE) {
    await tx
      .insert(requestFacts)
      .values(facts.slice(from, from + INSERTED_AT_ONCE))
      .onConflictDoUpdate({
        target: [requestFacts.tenantId, requestFacts.requestId],
        set: recomputedColumns(),
      });
  }
  await applyRollupChanges(tx, rollupChanges(before, facts));
  await forgetComputed(tx, stale);
  return { computed: stale.length, more: stale.length === (context.limit ?? CHUNK) };
}

/**
 * The request that brought each account to the commune, and whether the account is linked to
 * FranceConnect. An account met for the first time arrives with its earliest request; that
 * arrival is kept (`citizen_arrivals`), whatever anonymisation later clears.
 */
async function citizensOf(tx: Transaction, accountIds: readonly (string | null)[]): Promise<Map<string, { firstRequestId: string; franceconnect: boolean }>> {
  const ids = [...new Set(accountIds.filter((id) => id !== null))];
  if (ids.length === 0) return new Map();
  await tx.execute(sql`
    insert into citizen_arrivals (tenant_id, citizen_account_id, request_id)
    select distinct on (citizen_account_id) tenant_id, citizen_account_id, id from requests
    where tenant_id = ${scopedCommune} and citizen_account_id = any(${sql.param(ids)}::uuid[])
    order by citizen_account_id, filed_at, id
    on conflict do nothing`);
  const [arrivals, linked] = await Promise.all([
    tx.select({ accountId: citizenArrivals.citizenAccountId, requestId: citizenArrivals.requestId }).from(citizenArrivals).where(inArray(citizenArrivals.citizenAccountId, ids)),
    tx.select({ id: citizenAccounts.id, franceconnect: sql<boolean>`${isNotNull(citizenAccounts.franceconnectSub)}` }).from(citizenAccounts).where(inArray(citizenAccounts.id, ids)),
  ]);
  const franceconnect = new Map(linked.map((row) => [row.id, row.franceconnect]));
  return new Map(arrivals.map((row) => [row.accountId, { firstRequestId: row.requestId, franceconnect: franceconnect.get(row.accountId) ?? false }]));
}

/** One writer of the commune's rollups at a time, until the transaction ends. */
export async function lockCommuneRollups(tx: Transaction): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('request_facts:' || current_setting('app.tenant_id'), 0))`);
}

/**
 * Removes the marks of the requests just computed, up to the last one read for each: a mark left
 * meanwhile (a change committed after the history was read) stays for the next run.
 */
export async function forgetComputed(tx: Transaction, computed: readonly { requestId: string; upTo: number }[]): Promise<void> {
  await tx.delete(requestFactsStale).where(
    sql`(${requestFactsStale.requestId}, ${requestFactsStale.id}) in (
      select marks.request_id, marks.id from request_facts_stale marks
      join unnest(${sql.param(computed.map((row) => row.requestId))}::uuid[], ${sql.param(computed.map((row) => row.upTo))}::bigint[]) as read(request_id, up_to)
        on marks.request_id = read.request_id and marks.id <= read.up_to)`,
  );
}

/** Every column but the keys takes the value just computed. */
function recomputedColumns() {
  const computed = Object.keys(getTableColumns(requestFacts)).filter((key) => key !== 'tenantId' && key !== 'requestId');
  return Object.fromEntries(computed.map((key) => [key, sql.raw(`excluded.${columnName(key)}`)]));
}
