import type { PgBoss } from 'pg-boss';
import { withTenant, type Database } from '@guichet/db';
import { fileRequests, type FiledRequest, type Filing, type FilingOutcome } from './file-request.ts';

type Tenant = { id: string; slug: string };
type Waiting = { filing: Filing; settle: (outcome: FilingOutcome) => void; fail: (error: unknown) => void };
type Lane = { waiting: Waiting[]; running: number };

/** Transactions of one commune's filings at a time: one being written while the next gathers. */
const RUNNING_PER_COMMUNE = 1;
/** Enough to spread a transaction's cost; few enough to keep its statements short. */
const BATCH_SIZE = 64;

/**
 * Files requests as they arrive, in one transaction per batch of a commune's filings: when a
 * commune's transactions are busy, filings that come meanwhile wait and leave together in the
 * next, so each statement and each commit serves them all (group commit, one level up). A filer
 * waits for the commit of their own request's transaction, as before. A batch that fails once
 * writing has begun (a broken constraint, a file that is not the filer's) is rolled back and its
 * filings retried one transaction each, one after another, so only the faulty one fails; a
 * failure of the COMMIT itself is every filer's, since the batch may have been committed.
 */
export function createFilingQueue(deps: { db: Database; jobs: PgBoss }) {
  const lanes = new Map<string, Lane>();

  function drain(tenant: Tenant, lane: Lane): void {
    while (lane.running < RUNNING_PER_COMMUNE && lane.waiting.length > 0) {
      const batch = takeBatch(lane.waiting);
      lane.running += 1;
      void write(tenant, batch).finally(() => {
        lane.running -= 1;
        if (lane.running === 0 && lane.waiting.length === 0) lanes.delete(tenant.id);
        else drain(tenant, lane);
      });
    }
  }

  async function write(tenant: Tenant, batch: readonly Waiting[]): Promise<void> {
    try {
      const outcomes = await withTenant(deps.db, tenant.id, (tx) =>
        fileRequests({ tx, jobs: deps.jobs, tenant }, batch.map((waiting) => waiting.filing)).catch((error: unknown) => {
          throw new BeforeCommit(error);
        }),
      );
      batch.forEach((waiting, index) => waiting.settle(outcomes[index]!));
    } catch (error) {
      // A failure at COMMIT may hide a commit (the connection lost with its answer): filing
      // again could file twice, so each filer hears of it, as a lone filer would.
      if (!(error instanceof BeforeCommit)) for (const waiting of batch) waiting.fail(error);
      else if (batch.length === 1) batch[0]!.fail(error.failure);
      // One after another: a citizen's first filings still share one contact.
      else for (const waiting of batch) await write(tenant, [waiting]);
    }
  }

  return {
    /** Files one request; resolves once it is committed, or replayed for its key; rejects with what refused it. */
    file(tenant: Tenant, filing: Filing): Promise<{ filed: FiledRequest; replayed: boolean }> {
      return new Promise((resolve, reject) => {
        const settle = (outcome: FilingOutcome) => ('refused' in outcome ? reject(outcome.refused) : resolve(outcome));
        const lane = lanes.get(tenant.id) ?? { waiting: [], running: 0 };
        lanes.set(tenant.id, lane);
        lane.waiting.push({ filing, settle, fail: reject });
        drain(tenant, lane);
      });
    },
  };
}

export type FilingQueue = ReturnType<typeof createFilingQueue>;

/** A batch's failure while writing, before COMMIT was sent: nothing of it can have been committed. */
class BeforeCommit extends Error {
  readonly failure: unknown;
  constructor(failure: unknown) {
    super('A batch of filings failed before its commit', { cause: failure });
    this.failure = failure;
  }
}

/**
 * The next batch, in order of arrival; a filing whose idempotency key is already in the batch
 * waits for the next one, where it finds the key used and replays the first's answer.
 */
function takeBatch(waiting: Waiting[]): Waiting[] {
  const batch: Waiting[] = [];
  const keys = new Set<string>();
  for (let index = 0; index < waiting.length && batch.length < BATCH_SIZE; ) {
    const { claim } = waiting[index]!.filing;
    const key = claim && JSON.stringify([claim.sender, claim.operation, claim.key]);
    if (key && keys.has(key)) {
      index += 1;
      continue;
    }
    if (key) keys.add(key);
    batch.push(...waiting.splice(index, 1));
  }
  return batch;
}
