import { randomBytes, randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountTokens, attachments, deliveries, idempotencyKeys, rateLimits, sessions, signInFlows, withEpci, withTenant, type Tenant } from '@guichet/db';
import { createSession, deleteExpiredSignIns, type NewSession } from '@guichet/identity';
import {
  communeBySlug,
  httpClient,
  insertTestProcedure,
  multipartBody,
  readJson,
  samplePdf,
  startServer,
  testProcedureDefinition,
  type HttpClient,
  type TestServer,
} from '@guichet/testing';
import { PRUNE_EXPIRED, pruneAndReport, pruneExpired } from '../src/prune-expired.ts';

let server: TestServer;
let libercourt: Tenant;
let lavaur: Tenant;
const HOUR = 3600_000;
const DAY = 24 * HOUR;

beforeAll(async () => {
  server = await startServer();
  libercourt = await communeBySlug(server.databases.app, 'libercourt');
  lavaur = await communeBySlug(server.databases.app, 'lavaur');
  await insertTestProcedure(
    server.databases.ownerClient,
    'libercourt',
    'test-purge-depot',
    'services-techniques',
    testProcedureDefinition({
      form: {
        fields: [
          { kind: 'text', key: 'objet', label: 'Objet', required: true },
          { kind: 'file', key: 'photo', label: 'Photo', required: false, accept: ['application/pdf'], maxFiles: 1 },
        ],
      },
      routing: [],
      anonymousAllowed: true,
    }),
  );
});
afterAll(() => server?.close());

/** A session of `commune`'s portal (or, with `tenantId: null`, of its EPCI's console) opened at `openedAt`. */
async function sessionOpenedAt(commune: Tenant, kind: 'citizen' | 'agent' | 'epci_staff', openedAt: Date): Promise<string> {
  const input: NewSession = {
    epciId: commune.epciId,
    tenantId: kind === 'epci_staff' ? null : commune.id,
    accountKind: kind,
    accountId: randomUUID(),
    authMethod: 'password',
    secondFactorVerified: kind !== 'citizen',
  };
  const { session } = await withEpci(server.databases.app, commune.epciId, (tx) => createSession(tx, input, openedAt));
  return session.id;
}

async function sessionIds(commune: Tenant, ids: string[]): Promise<string[]> {
  const rows = await withEpci(server.databases.app, commune.epciId, (tx) => tx.select({ id: sessions.id }).from(sessions).where(inArray(sessions.id, ids)));
  return rows.map((row) => row.id).sort();
}

async function signInFlow(commune: Tenant, expiresAt: Date): Promise<string> {
  const id = randomBytes(24).toString('base64url');
  await withTenant(server.databases.app, commune.id, (tx) =>
    tx.insert(signInFlows).values({ epciId: commune.epciId, tenantId: commune.id, id, provider: 'franceconnect', state: 'etat', nonce: 'nonce', returnTo: '/', expiresAt }),
  );
  return id;
}

async function mailedToken(commune: Tenant, expiresAt: Date, usedAt: Date | null = null): Promise<string> {
  const tokenHash = randomBytes(32).toString('hex');
  await withTenant(server.databases.app, commune.id, (tx) =>
    tx.insert(accountTokens).values({ epciId: commune.epciId, tenantId: commune.id, tokenHash, purpose: 'reset_password', accountKind: 'citizen', accountId: randomUUID(), expiresAt, usedAt }),
  );
  return tokenHash;
}

async function counter(windowStartedAt: Date, blockedUntil: Date | null): Promise<string> {
  const key = `test-purge:${randomUUID()}`;
  await server.databases.app.insert(rateLimits).values({ key, windowStartedAt, attempts: 7, blockedUntil });
  return key;
}

/** An `Idempotency-Key` of Lavaur, claimed at `createdAt`. */
async function idempotencyKey(createdAt: Date): Promise<string> {
  const key = `purge-${randomUUID()}`;
  await withTenant(server.databases.app, lavaur.id, (tx) => tx.insert(idempotencyKeys).values({ tenantId: lavaur.id, sender: 'citizen:purge', operation: 'filing', key, fingerprint: 'x', createdAt }));
  return key;
}

/** A delivery whose last attempt was at `lastAttemptAt`. */
async function delivery(lastAttemptAt: Date): Promise<string> {
  const messageId = `<purge-${randomUUID()}@guichet.localhost>`;
  await server.databases.app.insert(deliveries).values({ messageId, channel: 'email', firstAttemptAt: lastAttemptAt, lastAttemptAt, acceptedAt: lastAttemptAt });
  return messageId;
}

async function anonymousUpload(browser: HttpClient): Promise<string> {
  const { body, contentType } = await multipartBody({}, { name: 'photo.pdf', type: 'application/pdf', bytes: samplePdf() });
  const uploaded = await browser.request('/api/pieces-jointes?procedure=test-purge-depot&field=photo', { method: 'POST', body, headers: { 'content-type': contentType } });
  expect(uploaded.status).toBe(201);
  return (await readJson(uploaded)).id;
}

async function uploadTokenHashes(ids: string[]): Promise<Record<string, string | null>> {
  const rows = await withTenant(server.databases.app, libercourt.id, (tx) =>
    tx.select({ id: attachments.id, hash: attachments.uploadTokenHash }).from(attachments).where(inArray(attachments.id, ids)),
  );
  return Object.fromEntries(rows.map((row) => [row.id, row.hash]));
}

describe('the pruning of expired rows', () => {
  it('removes expired sessions, sign-in flows, mailed tokens, spent counters, filed uploads’ tokens, day-old idempotency keys and deliveries past 90 days, and keeps the live ones', async () => {
    const now = Date.now();
    const expiredSessions = {
      agglo: [
        await sessionOpenedAt(libercourt, 'citizen', new Date(now - 31 * DAY)),
        await sessionOpenedAt(libercourt, 'agent', new Date(now - 13 * HOUR)),
        await sessionOpenedAt(libercourt, 'epci_staff', new Date(now - 13 * HOUR)),
      ],
      tarn: [await sessionOpenedAt(lavaur, 'citizen', new Date(now - 31 * DAY))],
    };
    const liveSessions = {
      agglo: [await sessionOpenedAt(libercourt, 'agent', new Date(now - 11 * HOUR)), await sessionOpenedAt(libercourt, 'epci_staff', new Date(now))],
      tarn: [await sessionOpenedAt(lavaur, 'citizen', new Date(now - 29 * DAY))],
    };
    const flows = { expired: [await signInFlow(libercourt, new Date(now - 60_000)), await signInFlow(lavaur, new Date(now - HOUR))], live: await signInFlow(libercourt, new Date(now + 600_000)) };
    const tokens = {
      expired: [await mailedToken(libercourt, new Date(now - 60_000)), await mailedToken(lavaur, new Date(now - DAY), new Date(now - 2 * DAY))],
      live: await mailedToken(libercourt, new Date(now + HOUR)),
    };
    const counters = {
      spent: [await counter(new Date(now - 2 * DAY), null), await counter(new Date(now - 2 * DAY), new Date(now - HOUR))],
      // A wait still running, however old its window, and a window still open.
      held: [await counter(new Date(now - 2 * DAY), new Date(now + HOUR)), await counter(new Date(now - 10 * 60_000), null)],
    };
    const sent = { past: await delivery(new Date(now - 91 * DAY)), kept: await delivery(new Date(now - 89 * DAY)) };
    const replayKeys = { past: await idempotencyKey(new Date(now - 25 * HOUR)), live: await idempotencyKey(new Date(now - 23 * HOUR)) };
    // An anonymous browser's upload filed with a request, and another still waiting for its filing.
    const browser = httpClient(server, 'libercourt', { ip: '10.7.0.1' });
    const filedUpload = await anonymousUpload(browser);
    const filing = await browser.api.demandes.$post({ json: { procedure: 'test-purge-depot', values: { objet: 'Dépôt sauvage', photo: [filedUpload] }, contact: { email: 'purge@example.fr' } } });
    expect(filing.status).toBe(201);
    const waitingUpload = await anonymousUpload(browser);

    // Batches of two: the commune's three expired sessions take two of them.
    const pruned = await pruneExpired({ db: server.databases.app, batchSize: 2 });

    expect(pruned.sessions).toBeGreaterThanOrEqual(4);
    expect(pruned.signInFlows).toBeGreaterThanOrEqual(2);
    expect(pruned.accountTokens).toBeGreaterThanOrEqual(2);
    expect(pruned.rateLimits).toBeGreaterThanOrEqual(2);
    expect(pruned.uploadTokens).toBeGreaterThanOrEqual(1);
    expect(pruned.idempotencyKeys).toBeGreaterThanOrEqual(1);
    expect(pruned.deliveries).toBeGreaterThanOrEqual(1);
    const keptDeliveries = await server.databases.app.select({ id: deliveries.messageId }).from(deliveries).where(inArray(deliveries.messageId, [sent.past, sent.kept]));
    expect(keptDeliveries.map((row) => row.id)).toEqual([sent.kept]);
    const keptKeys = await withTenant(server.databases.app, lavaur.id, (tx) =>
      tx.select({ key: idempotencyKeys.key }).from(idempotencyKeys).where(inArray(idempotencyKeys.key, [replayKeys.past, replayKeys.live])),
    );
    expect(keptKeys.map((row) => row.key)).toEqual([replayKeys.live]);
    expect(await sessionIds(libercourt, [...expiredSessions.agglo, ...liveSessions.agglo])).toEqual([...liveSessions.agglo].sort());
    expect(await sessionIds(lavaur, [...expiredSessions.tarn, ...liveSessions.tarn])).toEqual(liveSessions.tarn);
    for (const [commune, flow, kept] of [[libercourt, flows.expired[0]!, false], [lavaur, flows.expired[1]!, false], [libercourt, flows.live, true]] as const) {
      const rows = await withEpci(server.databases.app, commune.epciId, (tx) => tx.select().from(signInFlows).where(eq(signInFlows.id, flow)));
      expect(rows.length === 1).toBe(kept);
    }
    for (const [commune, token, kept] of [[libercourt, tokens.expired[0]!, false], [lavaur, tokens.expired[1]!, false], [libercourt, tokens.live, true]] as const) {
      const rows = await withEpci(server.databases.app, commune.epciId, (tx) => tx.select().from(accountTokens).where(eq(accountTokens.tokenHash, token)));
      expect(rows.length === 1).toBe(kept);
    }
    const keptCounters = await server.databases.app
      .select({ key: rateLimits.key })
      .from(rateLimits)
      .where(inArray(rateLimits.key, [...counters.spent, ...counters.held]));
    expect(keptCounters.map((row) => row.key).sort()).toEqual([...counters.held].sort());
    const hashes = await uploadTokenHashes([filedUpload, waitingUpload]);
    expect(hashes[filedUpload]).toBeNull();
    expect(hashes[waitingUpload]).toMatch(/^[0-9a-f]{64}$/);

    // The waiting upload still goes with this browser's filing.
    const later = await browser.api.demandes.$post({ json: { procedure: 'test-purge-depot', values: { objet: 'Encore', photo: [waitingUpload] }, contact: { email: 'purge@example.fr' } } });
    expect(later.status).toBe(201);
  });

  it('keeps each batch to the size asked, one short transaction each', async () => {
    for (let opened = 0; opened < 3; opened += 1) await sessionOpenedAt(lavaur, 'citizen', new Date(Date.now() - 31 * DAY));
    const batch = await withEpci(server.databases.app, lavaur.epciId, (tx) => deleteExpiredSignIns({ tx, now: new Date(), limit: 2 }));
    expect(batch.sessions).toBe(2);
  });

  it('logs how many rows of each kind went, and nothing of whose', async () => {
    const expired = await sessionOpenedAt(libercourt, 'citizen', new Date(Date.now() - 31 * DAY));
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    await pruneAndReport(server.databases.app, log);
    const report = JSON.parse(lines.find((line) => line.includes('expired rows pruned'))!) as Record<string, unknown>;
    const { level: _level, time: _time, pid: _pid, hostname: _hostname, msg, ...counts } = report;
    expect(msg).toBe('expired rows pruned');
    expect(Object.keys(counts).sort()).toEqual(['accountTokens', 'deliveries', 'idempotencyKeys', 'rateLimits', 'sessions', 'signInFlows', 'uploadTokens']);
    expect(Object.values(counts).every((count) => Number.isInteger(count))).toBe(true);
    expect(lines.join('')).not.toContain(expired);
  });

  it('is scheduled every hour with pg-boss, and its job prunes', async () => {
    const jobs = server.dependencies.jobs;
    expect(await jobs.getSchedules(PRUNE_EXPIRED)).toEqual([expect.objectContaining({ name: PRUNE_EXPIRED, cron: '40 * * * *' })]);

    const expired = await sessionOpenedAt(libercourt, 'citizen', new Date(Date.now() - 31 * DAY));
    const id = await jobs.send(PRUNE_EXPIRED, {});
    let state: string | undefined;
    for (let poll = 0; poll < 100 && state !== 'completed' && state !== 'failed'; poll += 1) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      state = (await jobs.getJobById(PRUNE_EXPIRED, id!))?.state;
    }
    expect(state).toBe('completed');
    expect(await sessionIds(libercourt, [expired])).toEqual([]);
  });
});
