import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type postgres from 'postgres';
import type { Transaction } from './client.ts';

type CopyValue = string | number | boolean | Date | null;

/**
 * Streams rows into `table` with COPY, in the transaction `tx` runs on: the bulk path (a
 * generator of activity, a benchmark's load), tens of times faster than inserts. COPY is refused
 * on tables under row-level security for a role they bind: load a temporary table, then insert
 * from it in the commune's scope.
 */
export async function copyRows(tx: Transaction, table: string, columns: readonly string[], rows: Iterable<readonly CopyValue[]>): Promise<void> {
  const client = (tx as unknown as { session: { client: postgres.TransactionSql } }).session.client;
  const target = await client.unsafe(`copy ${table} (${columns.join(', ')}) from stdin`).writable();
  await pipeline(Readable.from(lines(rows)), target);
}

/** COPY's text format, a few hundred rows per chunk written. */
function* lines(rows: Iterable<readonly CopyValue[]>): Generator<string> {
  let chunk = '';
  let count = 0;
  for (const row of rows) {
    chunk += `${row.map(copyText).join('\t')}\n`;
    if (++count % 500 === 0) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

function copyText(value: CopyValue): string {
  if (value === null) return '\\N';
  if (value instanceof Date) return value.toISOString();
  if (typeof value !== 'string') return String(value);
  return value.replace(/[\\\t\n\r]/g, (character) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[character]!);
}
