import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { idempotencyKeys, type Transaction } from '@guichet/db';
import { RequestError } from './errors.ts';

/** Who may replay an answer, what for, and with which key (`Idempotency-Key`, absent: no replay). */
export type IdempotencyClaim = {
  tenantId: string;
  sender: string;
  operation: (typeof idempotencyKeys.$inferInsert)['operation'];
  key: string | undefined;
  /** What was sent, in any stable form: only its digest is kept. */
  sent: unknown;
};

/**
 * Runs `work` once per key: in the same transaction, the key is claimed first (a retry running at
 * the same moment waits on it, then replays), and the answer kept before the commit, so a
 * committed filing and its key go together, and a failed one leaves the key free for a retry.
 * A key older than 24 hours is taken afresh.
 */
export async function oncePerKey<T>(tx: Transaction, claim: IdempotencyClaim, work: () => Promise<T>): Promise<{ answer: T; replayed: boolean }> {
  const { sent, key, ...scope } = claim;
  if (key === undefined) return { answer: await work(), replayed: false };
  const names = { ...scope, key };
  const fingerprint = createHash('sha256').update(JSON.stringify(sent)).digest('base64url');
  const [claimed] = await tx
    .insert(idempotencyKeys)
    .values({ ...names, fingerprint })
    .onConflictDoUpdate({
      target: [idempotencyKeys.tenantId, idempotencyKeys.sender, idempotencyKeys.operation, idempotencyKeys.key],
      set: { fingerprint, answer: null, createdAt: sql`now()` },
      setWhere: sql`${idempotencyKeys.createdAt} < now() - interval '24 hours'`,
    })
    .returning({ key: idempotencyKeys.key });
  const where = and(eq(idempotencyKeys.sender, names.sender), eq(idempotencyKeys.operation, names.operation), eq(idempotencyKeys.key, names.key));
  if (!claimed) {
    const [first] = await tx.select().from(idempotencyKeys).where(where);
    if (first!.fingerprint !== fingerprint) throw new RequestError({ kind: 'idempotency_key', problem: 'reused' });
    return { answer: first!.answer as T, replayed: true };
  }
  const answer = await work();
  // A verb that answers nothing (a message) keeps null: its retry replays the same nothing.
  await tx.update(idempotencyKeys).set({ answer: answer ?? null }).where(where);
  return { answer, replayed: false };
}

/** A sender named by a secret (an upload cookie, an API key) is kept as its digest. */
export const secretSender = (kind: string, secret: string) => `${kind}:${createHash('sha256').update(secret).digest('base64url')}`;

/** Set on an answer replayed for a key already used, so that a client can tell. */
export const REPLAYED_HEADER = 'Idempotent-Replayed';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{8,200}$/;

/**
 * The `Idempotency-Key` header of a filing or a message, declared as a plain OpenAPI parameter
 * and read by `idempotencyKeyOf`: as a validated header it would make every typed call name it.
 */
export const idempotencyKeyParameter = {
  name: 'Idempotency-Key',
  in: 'header' as const,
  required: false,
  description:
    'Une clé par envoi (un UUID, de 8 à 200 caractères visibles) : renvoyé avec la même clé par le même expéditeur dans les 24 heures, l’envoi donne la première réponse (avec l’en-tête `Idempotent-Replayed: true`) sans rien enregistrer de plus ; la même clé avec un autre contenu est refusée (422).',
  schema: { type: 'string' as const, pattern: '^[\\x21-\\x7e]{8,200}$', example: '0d6f6c2e-5a43-4b8e-9a57-3f1e2c7b9d10' },
};

/** The key of the header, if any; one that cannot be a key is refused rather than ignored. */
export function idempotencyKeyOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(header)) throw new RequestError({ kind: 'idempotency_key', problem: 'malformed' });
  return header;
}

/**
 * One batch, at most `limit`, of the commune's keys past their 24 hours: a retry that late files
 * anew anyway (see `oncePerKey`). Rows a filing holds are skipped, left for the next run. The
 * number removed.
 */
export async function forgetIdempotencyKeys(context: { tx: Transaction; now: Date; limit: number }): Promise<number> {
  const { tx, now, limit } = context;
  // By row address: the key spans four columns, and the batch must be picked once (see inBatch).
  const stale = sql`select ctid from ${idempotencyKeys} where ${idempotencyKeys.createdAt} < ${now.toISOString()}::timestamptz - interval '24 hours' limit ${limit} for update skip locked`;
  const removed = await tx.execute(sql`delete from ${idempotencyKeys} where ctid = any(array(${stale}))`);
  return removed.count;
}
