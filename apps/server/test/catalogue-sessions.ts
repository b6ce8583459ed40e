import { withCookie, type HttpClient } from '@guichet/testing';

/**
 * The catalogue's verbs, as a signed-in browser sends them (cookie, Origin for CSRF), and the
 * API through Hono's typed client carrying the same cookie.
 */
export function as(client: HttpClient, cookie: string) {
  const headers = { cookie };
  return {
    api: withCookie(client, cookie).api,
    get: (path: string) => client.request(path, { method: 'GET', headers }),
    post: (path: string, json: unknown) => client.request(path, { method: 'POST', json, headers }),
    put: (path: string, json: unknown) => client.request(path, { method: 'PUT', json, headers }),
    delete: (path: string) => client.request(path, { method: 'DELETE', headers }),
  };
}
