import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { FileTooLarge, receiveFile } from '@guichet/storage';

const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

describe('receiving an upload', () => {
  it('measures, hashes and recognises the bytes whatever they are called', async () => {
    const received = await receiveFile(Readable.from([pdf.subarray(0, 10), pdf.subarray(10)]), { maxBytes: 1024 });
    expect(received.size).toBe(pdf.length);
    expect(received.sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
    expect(received.detected).toEqual({ mediaType: 'application/pdf', extension: 'pdf' });
    expect((await buffer(received.open())).equals(pdf)).toBe(true);
    await received.discard();
  });

  it('recognises nothing in HTML or plain text', async () => {
    const received = await receiveFile(Readable.from([Buffer.from('<!doctype html><script>alert(1)</script>')]), { maxBytes: 1024 });
    expect(received.detected).toBeUndefined();
    await received.discard();
  });

  it('stops reading past the limit instead of taking the whole stream', async () => {
    let produced = 0;
    const endless = new Readable({
      read() {
        produced += 64 * 1024;
        this.push(Buffer.alloc(64 * 1024));
      },
    });
    await expect(receiveFile(endless, { maxBytes: 1024 * 1024 })).rejects.toBeInstanceOf(FileTooLarge);
    expect(produced).toBeLessThan(4 * 1024 * 1024);
  });

  it('accepts a file of exactly the limit', async () => {
    const received = await receiveFile(Readable.from([Buffer.alloc(2048)]), { maxBytes: 2048 });
    expect(received.size).toBe(2048);
    await received.discard();
  });
});
