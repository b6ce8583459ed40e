import { Writable } from 'node:stream';
import { Hono } from 'hono';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { requestLog } from '../src/middleware/request-log.ts';
import type { AppEnv } from '../src/env.ts';

describe('the request log', () => {
  it('never writes a follow-up link’s token, in the page’s path or the API’s', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) });
    const app = new Hono<AppEnv>().use(requestLog(pino(sink))).get('*', (c) => c.text('ok'));
    const token = 'Zk3pQm8sT1vW4yB7nE0rA2cF5hJ9kL6oP3uX8iD1gS4';
    for (const path of [`/suivi/${token}`, `/api/suivi/${token}`, `/api/suivi/${token}/pieces-jointes/0b6f3c1e-8a4d-4f7e-9c2a-5d1e6f7a8b9c`]) {
      await app.request(path);
    }
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).not.toContain(token);
    expect(lines.map((line) => JSON.parse(line).path)).toEqual([
      '/suivi/<jeton>',
      '/api/suivi/<jeton>',
      '/api/suivi/<jeton>/pieces-jointes/0b6f3c1e-8a4d-4f7e-9c2a-5d1e6f7a8b9c',
    ]);
  });
});
