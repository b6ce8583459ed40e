import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

/**
 * Cookies carry no Domain attribute, so the browser keeps each one to the host that set it: a
 * session opened on libercourt.… is never sent to carvin.…. Over HTTPS the `__Host-` prefix
 * makes the browser enforce exactly that.
 */
function isLocal(c: Context): boolean {
  const host = new URL(c.req.url).hostname;
  return host === 'localhost' || host.endsWith('.localhost') || host === '127.0.0.1';
}

function cookieName(c: Context, base: string): string {
  return isLocal(c) ? base : `__Host-${base}`;
}

export function readCookie(c: Context, base: string): string | undefined {
  return getCookie(c, cookieName(c, base));
}

export function writeCookie(c: Context, base: string, value: string, expires: Date): void {
  setCookie(c, cookieName(c, base), value, {
    httpOnly: true,
    secure: !isLocal(c),
    sameSite: 'Lax',
    path: '/',
    expires,
  });
}

export function clearCookie(c: Context, base: string): void {
  deleteCookie(c, cookieName(c, base), { path: '/', secure: !isLocal(c) });
}

export const SESSION_COOKIE = 'guichet_session';
export const FLOW_COOKIE = 'guichet_flow';
