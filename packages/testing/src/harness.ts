import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { inject } from 'vitest';
import { createDatabase, tenants, withTenant, type Database, type Tenant } from '@guichet/db';
import './provided-context.ts';

/** The application role's database (RLS applies) and the owner's, for set-up only. */
export function testDatabases() {
  const urls = inject('database');
  const app = createDatabase(urls.applicationUrl, { max: 4 });
  const owner = createDatabase(urls.ownerUrl, { max: 2 });
  return {
    urls,
    app: app.db,
    appClient: app.client,
    owner: owner.db,
    ownerClient: owner.client,
    close: async () => {
      await app.close();
      await owner.close();
    },
  };
}

export async function communeBySlug(db: Database, slug: string): Promise<Tenant> {
  const [tenant] = await db.select().from(tenants).where(eq(tenants.slug, slug));
  if (!tenant) throw new Error(`demo commune ${slug} is not loaded`);
  return tenant;
}

/** Puts back the logo a commune had (`branding.logo`), as the application role, after a test uploaded another. */
export async function restoreCommuneLogo(db: Database, commune: Tenant): Promise<void> {
  await withTenant(db, commune.id, (tx) =>
    tx.execute(sql`update tenants set branding = jsonb_set(branding, '{logo}', to_jsonb(${commune.branding.logo}::text)) where id = ${commune.id}`),
  );
}

export const silentLog = pino({ level: 'silent' });

export type ListeningServer = { origin: string; port: number; close: () => Promise<void> };

/** Listens on a random loopback port: tests talk real HTTP, with Host set per commune. */
export async function listen(fetch: (request: Request) => Response | Promise<Response>): Promise<ListeningServer> {
  const server: ServerType = await new Promise((resolve) => {
    const started = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A request on a listening server as if the browser were on `<slug>.localhost`. */
export function onHost(server: ListeningServer, slug: string) {
  const host = `${slug}.localhost:${server.port}`;
  return (path: string, init: HostRequestInit = {}) => requestWithHost(`${server.origin}${path}`, { ...init, host });
}

export type HostRequestInit = { method?: string; headers?: Record<string, string>; body?: string | Buffer; host?: string };

/**
 * fetch() refuses to set Host (a forbidden header), and *.localhost does not resolve outside
 * browsers: node:http sends the Host we name to the loopback address, and the answer comes
 * back as a standard Response. Redirects are not followed.
 */
export function requestWithHost(url: string, init: HostRequestInit): Promise<Response> {
  return new Promise((resolve, reject) => {
    const headers = { ...init.headers, ...(init.host === undefined ? {} : { host: init.host }) };
    const outgoing = httpRequest(url, { method: init.method ?? 'GET', headers }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('error', reject);
      incoming.on('end', () => {
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(incoming.headers)) {
          for (const item of Array.isArray(value) ? value : [value ?? '']) responseHeaders.append(name, item);
        }
        const status = incoming.statusCode ?? 500;
        const body = [204, 304].includes(status) ? null : Buffer.concat(chunks);
        resolve(new Response(body, { status, headers: responseHeaders }));
      });
    });
    outgoing.on('error', reject);
    if (init.body !== undefined) outgoing.write(init.body);
    outgoing.end();
  });
}

/** Tests read answers loosely and assert their shape; the API's own types live in the web client. */
export function readJson(response: Response): Promise<any> {
  return response.json();
}
