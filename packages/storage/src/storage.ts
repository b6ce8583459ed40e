import type { Readable } from 'node:stream';

/** Bytes to store: a stream (read once) or a buffer, with their exact length. */
export type StoredBody = Readable | Uint8Array;

export type StoredObject = { body: Readable; size: number };

/**
 * Where the platform keeps files' bytes (attachments, vault documents). The database keeps
 * what they are (name, type, size, digest, owner); a driver only keeps bytes under a key the
 * platform made itself, never one derived from what a user typed.
 */
export interface Storage {
  /** Stores the bytes under `key`, replacing any; the object appears whole or not at all. */
  put(key: string, body: StoredBody, metadata: { contentType: string; size: number }): Promise<void>;
  /** The stored bytes, or null when nothing is stored under `key`. */
  get(key: string): Promise<StoredObject | null>;
  /** Removes the bytes; removing what is not there is not an error (deletions are retried). */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
}

/** Segments of letters, digits, `.`, `_` and `-`, each starting with a letter or a digit. */
const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*(?:\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;

export class InvalidStorageKey extends Error {
  override name = 'InvalidStorageKey';
}

/**
 * Keys are built from ids by the platform; one that is not (a `..`, a leading `/`, anything
 * outside that alphabet) is a bug, refused before it can reach a path or a URL.
 */
export function checkKey(key: string): string {
  if (key.length > 512 || !KEY.test(key)) throw new InvalidStorageKey('invalid storage key');
  return key;
}
