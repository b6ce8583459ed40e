import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { readCookie, writeCookie } from './cookies.ts';

const UPLOAD_COOKIE = 'guichet_depot';
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
/** As long as an unattached upload is kept: the filing must follow within the day. */
const LIFETIME_MS = 24 * 3600_000;

/**
 * An anonymous filer's uploads are bound to their browser by a random token in an HttpOnly
 * cookie (host-only, like the session): the filing sent from that browser may attach them, and
 * nobody else's, even knowing their ids. Only the token's hash is stored.
 */
export function readUploadToken(c: Context): string | undefined {
  const token = readCookie(c, UPLOAD_COOKIE);
  return token && TOKEN.test(token) ? token : undefined;
}

/** The browser's upload token, issued on its first anonymous upload and renewed by each. */
export function issueUploadToken(c: Context): string {
  const token = readUploadToken(c) ?? randomBytes(32).toString('base64url');
  writeCookie(c, UPLOAD_COOKIE, token, new Date(Date.now() + LIFETIME_MS));
  return token;
}
