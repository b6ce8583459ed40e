import type { MiddlewareHandler } from 'hono';
import { compress } from 'hono/compress';
import { parseAccept } from 'hono/utils/accept';
import { COMPRESSIBLE_CONTENT_TYPE_REGEX } from 'hono/utils/compress';

/**
 * JSON, problems and HTML go out gzipped to the clients that accept it (hono's `compress`); to
 * the others, untouched. Hono's middleware, even when it ends up compressing nothing, sets `Vary`
 * through `c.header`, which turns the answer into a stream: @hono/node-server then writes it in
 * pieces, chunked, instead of in one write with its length (a filing answered to an API client
 * cost a fifth more for it). Both answers say that they vary with `Accept-Encoding`.
 */
export function compression(): MiddlewareHandler {
  const gzip = compress({ encoding: 'gzip' });
  return async (c, next) => {
    if (acceptsGzip(c.req.header('accept-encoding'))) return gzip(c, next);
    await next();
    if (COMPRESSIBLE_CONTENT_TYPE_REGEX.test(c.res.headers.get('content-type') ?? '')) c.res.headers.append('vary', 'Accept-Encoding');
  };
}

function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return parseAccept(header).some(({ type, q }) => (type.toLowerCase() === 'gzip' || type === '*') && q > 0);
}
