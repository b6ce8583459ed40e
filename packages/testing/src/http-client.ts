import { hc } from 'hono/client';
import type { Api } from '@guichet/server/api';
import { requestWithHost, type ListeningServer } from './harness.ts';

export type ClientRequestInit = {
  method?: string;
  /** Sent as JSON with its content type. */
  json?: unknown;
  /** Sent as it is (a form, a raw body, multipart bytes); takes precedence over `json`. */
  body?: string | Buffer;
  headers?: Record<string, string>;
};

/**
 * A browser's view of one portal for HTTP tests: it sends the portal's Host, an Origin that
 * passes the CSRF check on state-changing requests, and keeps the cookies the portal sets
 * (only that host's, as a browser would). Two clients never share cookies. `ip` is the
 * address it appears to come from (the test server trusts X-Forwarded-For).
 */
export function httpClient(server: Pick<ListeningServer, 'origin' | 'port'>, slug: string, options: { ip?: string } = {}) {
  const host = `${slug}.localhost:${server.port}`;
  const origin = `http://${host}`;
  const cookies = new Map<string, string>();

  async function request(path: string, init: ClientRequestInit = {}): Promise<Response> {
    const method = init.method ?? (init.json === undefined && init.body === undefined ? 'GET' : 'POST');
    const headers: Record<string, string> = { ...init.headers };
    if (!['GET', 'HEAD', 'OPTIONS'].includes(method) && headers.origin === undefined) headers.origin = origin;
    // The test server trusts X-Forwarded-For: each client can be its own machine for per-address limits.
    if (options.ip !== undefined) headers['x-forwarded-for'] ??= options.ip;
    if (cookies.size > 0 && headers.cookie === undefined) {
      headers.cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    }
    let body = init.body;
    if (body === undefined && init.json !== undefined) {
      body = JSON.stringify(init.json);
      headers['content-type'] ??= 'application/json';
    }
    const response = await requestWithHost(`${server.origin}${path}`, { method, headers, host, ...(body === undefined ? {} : { body }) });
    for (const line of response.headers.getSetCookie()) keep(cookies, line);
    return response;
  }

  return {
    host,
    origin,
    request,
    /** The API through Hono's typed client, as the web app calls it: a renamed route or field breaks the build. */
    api: typedApi(origin, request),
    get: (path: string, headers?: Record<string, string>) => request(path, { method: 'GET', ...(headers ? { headers } : {}) }),
    post: (path: string, json?: unknown) => request(path, { method: 'POST', json: json ?? {} }),
    patch: (path: string, json: unknown) => request(path, { method: 'PATCH', json }),
    delete: (path: string) => request(path, { method: 'DELETE' }),
    /** The value of a cookie the portal set, or undefined. */
    cookie: (name: string) => cookies.get(name),
    /** The `cookie` header this client would send, to replay it elsewhere (e.g. on another host). */
    cookieHeader: () => [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
    clearCookies: () => cookies.clear(),
  };
}

export type HttpClient = ReturnType<typeof httpClient>;

/**
 * Hono's typed client of the API on `origin`, sending through `send` (a client's `request`), so
 * that the Host, Origin and cookie rules hold for it too.
 */
export function typedApi(origin: string, send: (path: string, init: ClientRequestInit) => Promise<Response>) {
  async function typedFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
    const url = new URL(input instanceof Request ? input.url : input.toString());
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    const body = typeof init.body === 'string' ? init.body : init.body == null ? undefined : Buffer.from(await new Response(init.body).arrayBuffer());
    return send(`${url.pathname}${url.search}`, { method: init.method ?? 'GET', headers, ...(body === undefined ? {} : { body }) });
  }
  return hc<Api>(`${origin}/api`, { fetch: typedFetch });
}

/** Applies one Set-Cookie line: stores the value, or forgets it when the cookie is expired. */
function keep(cookies: Map<string, string>, line: string) {
  const [pair = '', ...attributes] = line.split(';');
  const separator = pair.indexOf('=');
  if (separator < 1) return;
  const name = pair.slice(0, separator).trim();
  const value = pair.slice(separator + 1).trim();
  const expired = attributes.some((attribute) => {
    const [key = '', raw = ''] = attribute.split('=');
    const field = key.trim().toLowerCase();
    if (field === 'max-age') return Number(raw.trim()) <= 0;
    if (field === 'expires') return new Date(raw.trim()).getTime() <= Date.now();
    return false;
  });
  if (expired || value === '') cookies.delete(name);
  else cookies.set(name, value);
}
