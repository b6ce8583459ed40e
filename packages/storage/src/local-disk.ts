import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { checkKey, type Storage, type StoredBody } from './storage.ts';

/**
 * Files on the local disk, under `root`. Bytes are written to a temporary file in the same
 * folder tree and renamed into place, so a reader never sees half a file, and a crash leaves at
 * most a temporary file behind, never a truncated document.
 */
export function createLocalDiskStorage(root: string): Storage {
  const base = path.resolve(root);
  const temporary = path.join(base, '.en-cours');

  function pathOf(key: string): string {
    const target = path.resolve(base, checkKey(key));
    // The key alphabet already rules out `..`; this is the last line should it ever change.
    if (!target.startsWith(base + path.sep)) throw new Error('storage key escapes the storage folder');
    return target;
  }

  return {
    async put(key, body, metadata) {
      const target = pathOf(key);
      await mkdir(temporary, { recursive: true });
      await mkdir(path.dirname(target), { recursive: true });
      const partial = path.join(temporary, randomUUID());
      try {
        await pipeline(readableOf(body), createWriteStream(partial, { flags: 'wx', mode: 0o600 }));
        const written = await stat(partial);
        if (written.size !== metadata.size) throw new Error(`expected ${metadata.size} bytes, received ${written.size}`);
        await flush(partial);
        await rename(partial, target);
      } catch (error) {
        await rm(partial, { force: true });
        throw error;
      }
    },
    async get(key) {
      const target = pathOf(key);
      const found = await stat(target).catch(missing);
      if (!found) return null;
      return { body: createReadStream(target), size: found.size };
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
    async exists(key) {
      return (await stat(pathOf(key)).catch(missing)) !== null;
    },
  };
}

function readableOf(body: StoredBody): Readable {
  return body instanceof Readable ? body : Readable.from([body]);
}

/** Acknowledged means on disk: the bytes reach the device before the file gets its name. */
async function flush(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function missing(error: NodeJS.ErrnoException): null {
  if (error.code === 'ENOENT') return null;
  throw error;
}
