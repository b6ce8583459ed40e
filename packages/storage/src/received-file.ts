import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileTypeFromFile, supportedExtensions, supportedMimeTypes } from 'file-type';

/** An uploaded file held aside while it is checked, before anything is stored. */
export type ReceivedFile = {
  size: number;
  /** Hex SHA-256 of the bytes, kept with the file so its integrity can be shown later. */
  sha256: string;
  /** What the bytes are, read from their magic numbers; undefined when they match no known format. */
  detected: { mediaType: string; extension: string } | undefined;
  open(): Readable;
  /** Removes the held bytes; call it once the file is stored or refused. */
  discard(): Promise<void>;
};

/**
 * The extensions and media types whose bytes can be recognised: a name or a declared type from
 * these sets is a claim the bytes can contradict.
 */
export const recognisableExtensions: ReadonlySet<string> = supportedExtensions;
export const recognisableMediaTypes: ReadonlySet<string> = supportedMimeTypes;

export class FileTooLarge extends Error {
  override name = 'FileTooLarge';
  readonly maxBytes: number;
  constructor(maxBytes: number) {
    super(`file larger than ${maxBytes} bytes`);
    this.maxBytes = maxBytes;
  }
}

/**
 * Reads an upload into a temporary file, counting and hashing as the bytes arrive: past
 * `maxBytes` it stops at once, so an oversized file costs at most `maxBytes` of disk and never
 * its whole length in memory. The type is then read from the bytes, never from the name.
 */
export async function receiveFile(source: Readable, options: { maxBytes: number }): Promise<ReceivedFile> {
  const held = path.join(tmpdir(), `guichet-envoi-${randomUUID()}`);
  const digest = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > options.maxBytes) return done(new FileTooLarge(options.maxBytes));
      digest.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(source, meter, createWriteStream(held, { flags: 'wx', mode: 0o600 }));
    const type = await fileTypeFromFile(held);
    return {
      size,
      sha256: digest.digest('hex'),
      detected: type ? { mediaType: type.mime, extension: type.ext } : undefined,
      open: () => createReadStream(held),
      discard: () => rm(held, { force: true }),
    };
  } catch (error) {
    await rm(held, { force: true });
    throw error;
  }
}
