import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer, text } from 'node:stream/consumers';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalDiskStorage, createS3Storage, InvalidStorageKey, type Storage } from '@guichet/storage';

let folders: string[] = [];
let s3rver: S3rver;
let s3Endpoint = '';

beforeAll(async () => {
  const s3Folder = await mkdtemp(path.join(tmpdir(), 'guichet-s3rver-'));
  folders.push(s3Folder);
  s3rver = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: s3Folder, configureBuckets: [{ name: 'guichet-test', configs: [] }] });
  const { port } = await s3rver.run();
  s3Endpoint = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await s3rver.close();
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
  folders = [];
});

async function localDisk() {
  const folder = await mkdtemp(path.join(tmpdir(), 'guichet-files-'));
  folders.push(folder);
  return { storage: createLocalDiskStorage(folder), folder };
}

// s3rver's built-in key pair: an S3-compatible server speaking the REST API over real HTTP.
function s3(credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }) {
  return createS3Storage({ bucket: 'guichet-test', region: 'us-east-1', endpoint: s3Endpoint, credentials, forcePathStyle: true });
}

const drivers: [string, () => Promise<Storage>][] = [
  ['the local disk', async () => (await localDisk()).storage],
  ['an S3-compatible server', async () => s3()],
];

describe.each(drivers)('storing on %s', (_name, make) => {
  it('keeps streamed bytes exactly and gives them back with their size', async () => {
    const storage = await make();
    const chunks = [Buffer.from('%PDF-1.4\n'), Buffer.alloc(200_000, 0x41), Buffer.from('\n%%EOF\n')];
    const size = chunks.reduce((total, chunk) => total + chunk.length, 0);
    await storage.put('communes/a/pieces-jointes/1', Readable.from(chunks), { contentType: 'application/pdf', size });
    const stored = await storage.get('communes/a/pieces-jointes/1');
    expect(stored?.size).toBe(size);
    const bytes = await buffer(stored!.body);
    expect(bytes.equals(Buffer.concat(chunks))).toBe(true);
  });

  it('stores a buffer, replaces it under the same key, and deletes it, twice without error', async () => {
    const storage = await make();
    const first = Buffer.from('première version');
    await storage.put('epci/b/coffre-fort/2', first, { contentType: 'text/plain', size: first.length });
    await storage.put('epci/b/coffre-fort/2', Buffer.from('seconde'), { contentType: 'text/plain', size: 7 });
    expect(await text((await storage.get('epci/b/coffre-fort/2'))!.body)).toBe('seconde');
    expect(await storage.exists('epci/b/coffre-fort/2')).toBe(true);
    await storage.delete('epci/b/coffre-fort/2');
    await storage.delete('epci/b/coffre-fort/2');
    expect(await storage.exists('epci/b/coffre-fort/2')).toBe(false);
    expect(await storage.get('epci/b/coffre-fort/2')).toBeNull();
  });

  it('refuses keys that could leave their place', async () => {
    const storage = await make();
    for (const key of ['../etc/passwd', '/absolu', 'a/../../b', 'a//b', 'a/./b', 'espace dans la clé', 'a\\b', '']) {
      await expect(storage.put(key, Buffer.from('x'), { contentType: 'text/plain', size: 1 }), key).rejects.toBeInstanceOf(InvalidStorageKey);
      await expect(storage.get(key), key).rejects.toBeInstanceOf(InvalidStorageKey);
    }
  });
});

describe('the local disk', () => {
  it('never leaves a partial file under the key when the bytes stop short', async () => {
    const { storage, folder } = await localDisk();
    const broken = new Readable({
      read() {
        this.push(Buffer.alloc(1000, 1));
        this.destroy(new Error('connexion coupée'));
      },
    });
    await expect(storage.put('communes/a/pieces-jointes/3', broken, { contentType: 'application/pdf', size: 5000 })).rejects.toThrow('connexion coupée');
    expect(await storage.exists('communes/a/pieces-jointes/3')).toBe(false);
    expect(await readdir(path.join(folder, '.en-cours'))).toEqual([]);
  });

  it('refuses bytes whose length is not the announced one', async () => {
    const { storage } = await localDisk();
    await expect(storage.put('communes/a/pieces-jointes/4', Buffer.from('court'), { contentType: 'text/plain', size: 10 })).rejects.toThrow();
    expect(await storage.exists('communes/a/pieces-jointes/4')).toBe(false);
  });
});

describe('the S3 driver', () => {
  it('signs its requests with the configured key: an unknown key is refused by the server', async () => {
    const stranger = s3({ accessKeyId: 'INCONNU', secretAccessKey: 'S3RVER' });
    await expect(stranger.put('communes/a/x', Buffer.from('x'), { contentType: 'text/plain', size: 1 })).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
    await expect(stranger.exists('communes/a/x')).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
  });
});
