import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { Busboy, type BusboyInstance } from '@fastify/busboy';
import { FileError, type IncomingFile } from '@guichet/requests';
import { FileTooLarge, receiveFile } from '@guichet/storage';

export type Upload = { file: IncomingFile; fields: Record<string, string> };

/** Room for the multipart framing and a few text fields around the file. */
const FRAMING_BYTES = 64 * 1024;

/**
 * Reads a `multipart/form-data` body whose `file` part is the file, streaming it aside (see
 * `receiveFile`): past `maxBytes` the body stops being read and the upload is refused, without
 * the rest ever being buffered. `use` gets the file and the text fields; the held bytes are
 * discarded afterwards, whatever `use` did with them.
 */
export async function withUpload<T>(request: Request, maxBytes: number, use: (upload: Upload) => Promise<T>): Promise<T> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!contentType.toLowerCase().startsWith('multipart/form-data') || !request.body) throw new FileError({ kind: 'missing' });
  // An announced length already too large is refused before reading anything.
  if (Number(request.headers.get('content-length') ?? 0) > maxBytes + FRAMING_BYTES) throw new FileError({ kind: 'too_large', maxBytes });

  const source = Readable.fromWeb(request.body as NodeReadableStream<Uint8Array>);
  const fields: Record<string, string> = {};
  let file: Promise<IncomingFile> | undefined;
  const parsed = new Promise<void>((resolve, reject) => {
    let parser: BusboyInstance;
    try {
      parser = new Busboy({
        headers: { 'content-type': contentType },
        limits: { files: 1, fields: 10, fieldSize: 10_000, parts: 12, fileSize: maxBytes + 1 },
      });
    } catch {
      return reject(new FileError({ kind: 'malformed' }));
    }
    parser.on('file', (name, stream, filename, _encoding, mimeType) => {
      if (name !== 'file' || file) return stream.resume();
      file = receiveFile(stream, { maxBytes }).then((received) => ({ received, filename: filename ?? '', declaredType: mimeType ?? '' }));
      // Stop at the first refused byte rather than after the whole body.
      file.catch(reject);
    });
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('finish', resolve);
    parser.on('error', () => reject(new FileError({ kind: 'malformed' })));
    source.on('error', () => reject(new FileError({ kind: 'malformed' })));
    source.pipe(parser);
  });

  let incoming: IncomingFile | undefined;
  try {
    await parsed;
    incoming = await file;
  } catch (error) {
    source.destroy();
    void file?.then((held) => held.received.discard(), () => {});
    throw error instanceof FileTooLarge ? new FileError({ kind: 'too_large', maxBytes }) : error;
  }
  if (!incoming) throw new FileError({ kind: 'missing' });
  try {
    return await use({ file: incoming, fields });
  } finally {
    await incoming.received.discard();
  }
}
