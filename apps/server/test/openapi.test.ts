import { readFile, writeFile } from 'node:fs/promises';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { currentApiTable, README_PATH, renderApiTable, withApiTable } from './readme-api.ts';
import { httpClient, readJson, startServer, type TestServer } from '@guichet/testing';

type Operation = {
  summary?: string;
  security?: Record<string, string[]>[];
  responses: Record<string, { content?: Record<string, unknown> }>;
  parameters?: unknown[];
  requestBody?: { content: Record<string, { example?: unknown }> };
};
type Document = { openapi: string; paths: Record<string, Record<string, Operation>>; components: { securitySchemes: Record<string, unknown> } };

let server: TestServer;
let document: Document;

beforeAll(async () => {
  server = await startServer();
  const response = await httpClient(server, 'libercourt').get('/api/openapi.json');
  expect(response.status).toBe(200);
  document = await readJson(response);
});
afterAll(() => server.close());

/** What the document leaves out on purpose, each said in the README (API › Outside the document). */
const OUTSIDE_THE_DOCUMENT = [/^\/api\/dev\//, /^\/api\/docs/, /^\/api\/openapi\.json$/, /\/flux$/];

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(structuredClone(document) as unknown as Parameters<Validator['validate']>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe('3.1.0');
  });

  it('documents every route the app registers under /api, but the stated exclusions', () => {
    const app = createApp(server.dependencies);
    const registered = new Set(
      app.routes
        .filter((route) => route.method !== 'ALL' && route.path.startsWith('/api/'))
        .filter((route) => !OUTSIDE_THE_DOCUMENT.some((pattern) => pattern.test(route.path)))
        .map((route) => `${route.method.toLowerCase()} ${route.path}`),
    );
    const documented = new Set(
      Object.entries(document.paths).flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method} ${path.replaceAll(/\{(\w+)\}/g, ':$1')}`),
      ),
    );
    expect([...registered].filter((route) => !documented.has(route)).sort()).toEqual([]);
  });

  it('gives every operation a French summary, its problems and its authentication', () => {
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const where = `${method} ${path}`;
        expect(operation.summary, where).toMatch(/^[A-ZÀ-Ý][^.]+$/);
        expect(operation.responses['500']?.content, where).toHaveProperty(['application/problem+json']);
        // Any input may be refused (if only for a text Postgres cannot store): the document says so.
        if (operation.parameters?.length || operation.requestBody) expect(operation.responses['422'], where).toBeDefined();
        expect(operation.security, where).toBeDefined();
      }
    }
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual(['sessionAgent', 'sessionCitoyen', 'sessionIntercommunale']);
  });

  it('files a request by its example alone, after checking the values against the procedure’s published schema', async () => {
    const filing = document.paths['/api/demandes']?.post;
    const example = filing?.requestBody?.content['application/json']?.example as { procedure: string; values: unknown };
    const client = httpClient(server, 'libercourt');
    const schema: object = await readJson(await client.get(`/api/catalogue/${example.procedure}/schema.json`));
    const ajv = new Ajv2020({ allErrors: true });
    addFormats.default(ajv);
    expect(ajv.validate(schema, example.values), JSON.stringify(ajv.errors)).toBe(true);
    const filed = await client.post('/api/demandes', example);
    expect(filed.status).toBe(201);
    expect(await readJson(filed)).toMatchObject({ reference: expect.stringMatching(/^[A-Z]+-\d{4}-\d+$/) });
  });
});

describe('the reference page', () => {
  it('is served with its assets by the platform itself, under the same-origin policy', async () => {
    const client = httpClient(server, 'carvin');
    const page = await client.get('/api/docs');
    expect(page.status).toBe(200);
    const html = await page.text();
    const policy = page.headers.get('content-security-policy');
    expect(policy).toContain("default-src 'self'");
    expect(policy).not.toMatch(/script-src/);
    for (const asset of html.matchAll(/(?:src|href)="(\/api\/docs\/[^"]+)"/g)) {
      const response = await client.get(asset[1]!);
      expect(response.status, asset[1]).toBe(200);
    }
    expect(html).not.toMatch(/https?:\/\//);
  });
});

describe('the README', () => {
  it('lists the operations of the document, as generated from it', async () => {
    const readme = await readFile(README_PATH, 'utf8');
    const table = renderApiTable(document);
    if (process.env.UPDATE_README === '1') await writeFile(README_PATH, withApiTable(readme, table));
    else expect(currentApiTable(readme), 'the README is out of date: npm run docs:api').toBe(table);
  });
});
