import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createDatabase, type Database, type Transaction } from '@guichet/db';
import { testDatabases } from '@guichet/testing';

const databases = testDatabases();
// One connection: the transaction that follows a lost one gets the same connection, opened again.
let single: ReturnType<typeof createDatabase>;

beforeAll(() => {
  single = createDatabase(databases.urls.applicationUrl, { max: 1 });
});

afterAll(async () => {
  await single.close();
  await databases.close();
});

/** A promise and what settles it. */
function gate<T = void>() {
  let open!: (value: T) => void;
  const opened = new Promise<T>((resolve) => (open = resolve));
  return { open, opened };
}

async function backendOf(db: Database | Transaction): Promise<number> {
  const [row] = await db.execute<{ pid: number }>(sql`select pg_backend_pid() as pid`);
  return row!.pid;
}

describe('a transaction whose connection is lost', () => {
  it('sends nothing more, neither its statements nor its end, on the connection once it serves the next transaction', async () => {
    const lostPid = gate<number>();
    const resume = gate();
    const lostFinished = gate<unknown>();
    // The lost transaction's code goes on after its connection went: its next statement and its
    // commit (or its rollback) must fail, not run inside whatever transaction opens next.
    const lost = single.db.transaction(async (tx) => {
      lostPid.open(await backendOf(tx));
      await resume.opened;
      try {
        await tx.execute(sql`select set_config('guichet.essai', 'perdue', true)`);
      } catch (error) {
        lostFinished.open(error);
        throw error;
      }
      lostFinished.open(null);
    });
    const lostOutcome = lost.then(
      () => 'committed',
      (error: { code?: string }) => error.code ?? 'failed',
    );
    await databases.app.execute(sql`select pg_terminate_backend(${await lostPid.opened})`);
    expect(await lostOutcome).toBe('CONNECTION_CLOSED');

    const nextStarted = gate();
    const nextMayEnd = gate();
    const next = single.db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('guichet.essai', 'suivante', true)`);
      nextStarted.open();
      await nextMayEnd.opened;
      const [row] = await tx.execute<{ value: string }>(sql`select current_setting('guichet.essai', true) as value`);
      return row!.value;
    });
    await nextStarted.opened;
    resume.open();
    expect(await lostFinished.opened).toMatchObject({ cause: { code: 'CONNECTION_CLOSED' } });
    // Whatever the lost transaction would send (its commit or rollback) is sent in the next turns.
    await new Promise((resolve) => setTimeout(resolve, 100));
    nextMayEnd.open();
    // Still inside its own transaction: neither committed nor rolled back by the lost one, nor hung.
    expect(await next).toBe('suivante');
  });

  it('fails the statements still queued behind another when the connection goes, rather than leaving them unanswered', async () => {
    const pid = gate<number>();
    // Held in an object: a promise given to a gate would be waited for by the gate.
    const queued = gate<{ outcome: Promise<string> }>();
    const transaction = single.db.transaction(async (tx) => {
      pid.open(await backendOf(tx));
      // The first statement has a parameter: it is described before it runs, and the second
      // waits in the transaction's own queue meanwhile.
      const running = tx.execute(sql`select pg_sleep(${5})`).then(() => 'answered');
      queued.open({ outcome: tx.execute(sql`select 1 as one`).then(() => 'answered', (error: { cause?: { code?: string } }) => error.cause?.code ?? 'failed') });
      await running;
    });
    const ended = transaction.catch((error: { code?: string }) => error.code);
    await databases.app.execute(sql`select pg_terminate_backend(${await pid.opened})`);
    expect(await ended).toBe('CONNECTION_CLOSED');
    const unanswered = new Promise((resolve) => setTimeout(() => resolve('unanswered'), 3_000));
    expect(await Promise.race([(await queued.opened).outcome, unanswered])).toBe('CONNECTION_CLOSED');
  });
});
