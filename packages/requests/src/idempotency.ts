import { createHash } from 'node:crypto';
import { and, eq, or, sql } from 'drizzle-orm';
import { idempotencyKeys, statementIn, type Transaction } from '@guichet/db';
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

/** A key claimed for a run of `work`, or the first answer to replay. */
export type KeyState = { kind: 'claimed' } | { kind: 'replay'; answer: unknown };

/** What identifies a key's row: the claim without what was sent. */
type KeyName = Omit<IdempotencyClaim, 'sent' | 'key'> & { key: string };

const fingerprintOf = (sent: unknown) => createHash('sha256').update(JSON.stringify(sent)).digest('base64url');

/**
 * Claims keys in one statement (no two claims may name the same key): a claim of a key taken by
 * a transaction still running waits for it, then finds it used. A used key answers its first
 * answer to replay, or is refused if what was sent differs. A key older than 24 hours is taken
 * afresh. The claims hold until the transaction ends: a rolled-back claim frees its key.
 */
export async function claimKeys(tx: Transaction, claims: readonly (IdempotencyClaim & { key: string })[]): Promise<(KeyState | RequestError)[]> {
  if (claims.length === 0) return [];
  const rows = claims.map(({ sent, ...name }) => ({ ...name, fingerprint: fingerprintOf(sent) }));
  // In one order everywhere: two batches claiming the same keys wait on each other, never deadlock.
  const ordered = [...rows].sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
  const column = (name: 'tenantId' | 'sender' | 'operation' | 'key' | 'fingerprint') => ordered.map((row) => row[name]);
  // Arrays, not a row of parameters per claim: the same text for any number of claims is prepared once per connection.
  const claimed = await statementIn<KeyName>(
    tx,
    `insert into idempotency_keys (tenant_id, sender, operation, key, fingerprint)
     select tenant_id, sender, operation, key, fingerprint
       from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[]) with ordinality as claim(tenant_id, sender, operation, key, fingerprint, position)
      order by position
     on conflict (tenant_id, sender, operation, key) do update set fingerprint = excluded.fingerprint, answer = null, created_at = now()
      where idempotency_keys.created_at < now() - interval '24 hours'
     returning sender, operation, key`,
    [column('tenantId'), column('sender'), column('operation'), column('key'), column('fingerprint')],
  );
  const taken = new Set(claimed.map(nameOf));
  const used = rows.filter((row) => !taken.has(nameOf(row)));
  const firsts = used.length === 0 ? [] : await tx.select().from(idempotencyKeys).where(or(...used.map(whereKey)));
  const first = new Map(firsts.map((row) => [nameOf(row), row]));
  return rows.map((row) => {
    if (taken.has(nameOf(row))) return { kind: 'claimed' };
    const answered = first.get(nameOf(row))!;
    if (answered.fingerprint !== row.fingerprint) return new RequestError({ kind: 'idempotency_key', problem: 'reused' });
    return { kind: 'replay', answer: answered.answer };
  });
}

/** Keeps the answers of claimed keys, in the transaction that claimed them, in one statement. */
export async function keepAnswers(tx: Transaction, answers: readonly { name: KeyName; answer: unknown }[]): Promise<void> {
  if (answers.length === 0) return;
  await statementIn(
    tx,
    `update idempotency_keys set answer = kept.answer::jsonb
       from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[]) as kept(tenant_id, sender, operation, key, answer)
      where idempotency_keys.tenant_id = kept.tenant_id
        and idempotency_keys.sender = kept.sender and idempotency_keys.operation = kept.operation and idempotency_keys.key = kept.key`,
    [
      answers.map(({ name }) => name.tenantId),
      answers.map(({ name }) => name.sender),
      answers.map(({ name }) => name.operation),
      answers.map(({ name }) => name.key),
      answers.map(({ answer }) => JSON.stringify(answer ?? null)),
    ],
  );
}

/** Frees keys claimed for work that failed while its transaction goes on (a batch's other filings). */
export async function releaseKeys(tx: Transaction, names: readonly KeyName[]): Promise<void> {
  if (names.length === 0) return;
  await tx.delete(idempotencyKeys).where(or(...names.map(whereKey)));
}

function nameOf(row: { sender: string; operation: string; key: string }): string {
  return JSON.stringify([row.sender, row.operation, row.key]);
}

function whereKey(name: { sender: string; operation: KeyName['operation']; key: string }) {
  return and(eq(idempotencyKeys.sender, name.sender), eq(idempotencyKeys.operation, name.operation), eq(idempotencyKeys.key, name.key));
}

/**
 * Runs `work` once per key: in the same transaction, the key is claimed first (a retry running at
 * the same moment waits on it, then replays), and the answer kept before the commit, so a
 * committed filing and its key go together, and a failed one leaves the key free for a retry.
 */
export async function oncePerKey<T>(tx: Transaction, claim: IdempotencyClaim, work: () => Promise<T>): Promise<{ answer: T; replayed: boolean }> {
  const { key } = claim;
  if (key === undefined) return { answer: await work(), replayed: false };
  const [state] = await claimKeys(tx, [{ ...claim, key }]);
  if (state instanceof RequestError) throw state;
  if (state!.kind === 'replay') return { answer: state!.answer as T, replayed: true };
  const answer = await work();
  // A verb that answers nothing (a message) keeps null: its retry replays the same nothing.
  await keepAnswers(tx, [{ name: { ...claim, key }, answer }]);
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
