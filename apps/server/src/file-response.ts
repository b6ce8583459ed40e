import { Readable } from 'node:stream';
import type { Context } from 'hono';

type Download = { filename: string; mediaType: string; size: number; body: Readable };

/**
 * A stored file, streamed as a download: always `attachment` with `nosniff`, so a browser
 * saves it rather than rendering it in the portal's origin, whatever it contains; `no-transform`,
 * so that no compressor (ours or a proxy's) touches bytes that are mostly compressed already and
 * whose length the browser shows as the download progresses.
 */
export function fileResponse(c: Context, file: Download): Response {
  return c.body(Readable.toWeb(file.body) as ReadableStream, 200, {
    'content-type': file.mediaType,
    'content-length': String(file.size),
    'content-disposition': contentDisposition(file.filename),
    'x-content-type-options': 'nosniff',
    'cache-control': 'private, no-store, no-transform',
  });
}

/** RFC 6266: an ASCII `filename` for old clients, the exact name in UTF-8 as `filename*`. */
function contentDisposition(filename: string): string {
  const ascii = filename
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
