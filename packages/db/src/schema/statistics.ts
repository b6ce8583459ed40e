import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import type { StatusKey } from '@guichet/workflow';
import { epcis, tenants } from './platform.ts';
import { channels } from './requests.ts';

/**
 * What statistics know of one request, computed from its row and its history by a job
 * (`refreshRequestFacts`), never on the filing path. Kept through anonymisation: it holds no
 * personal data, and a grid cell of about a kilometre stands for the cleared coordinates.
 */
export const requestFacts = pgTable(
  'request_facts',
  {
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id),
    requestId: uuid().notNull(),
    procedureId: uuid().notNull(),
    themeId: uuid().notNull(),
    /** The service that has the request now: the one that closed it, once closed (transfers counted apart). */
    serviceId: uuid().notNull(),
    channel: text({ enum: channels }).notNull(),
    sector: text(),
    /** `lat:lon` rounded to 0.01° (about 1 km): enough for a map, not for a doorstep. */
    gridCell: text(),
    status: text().$type<StatusKey>().notNull(),
    filedAt: timestamp({ withTimezone: true }).notNull(),
    acknowledgedAt: timestamp({ withTimezone: true }),
    /** The first public message or status change by an agent after filing. */
    firstAnswerAt: timestamp({ withTimezone: true }),
    /** The final closure: a reopened request's delay runs until it is closed for the last time. */
    closedAt: timestamp({ withTimezone: true }),
    /** Time spent waiting for the citizen (clock paused), up to the closure or to the computation. */
    pausedSeconds: integer().notNull(),
    /** Seconds from filing to each milestone, the paused time before it excluded. */
    acknowledgementSeconds: integer(),
    firstAnswerSeconds: integer(),
    processingSeconds: integer(),
    /** Closed by the due date then in force (moved by the deadline engine for pauses); null while open. */
    withinDelay: boolean(),
    reopenings: integer().notNull(),
    transfers: integer().notNull(),
    /** A duplicate merged into another request: counted as merged, not as answered. */
    merged: boolean().notNull(),
    rating: smallint(),
    /** The first request its citizen's account filed in the commune: the citizen's arrival. */
    firstOfCitizen: boolean().notNull().default(false),
    /** Filed from an account linked to FranceConnect (as the account was when the facts were computed). */
    franceconnect: boolean().notNull().default(false),
    computedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.requestId] }),
    index('request_facts_filed').on(table.tenantId, table.filedAt),
    index('request_facts_closed').on(table.tenantId, table.closedAt).where(sql`${table.closedAt} IS NOT NULL`),
    // The backlog: the open requests, few beside the closed ones.
    // With INCLUDE (channel, service_id, procedure_id): migration 0050.
    index('request_facts_open').on(table.tenantId, table.filedAt).where(sql`${table.closedAt} IS NULL AND NOT ${table.merged}`),
  ],
);

/**
 * A mark per statement that added to a request's history since its facts were computed. Marks
 * are only inserted (no unique key, so no writer ever waits for another, nor for the job): the
 * job removes the marks up to the last it read, and a change landing meanwhile leaves a newer one.
 */
export const requestFactsStale = pgTable(
  'request_facts_stale',
  {
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id),
    id: bigint({ mode: 'number' }).generatedAlwaysAsIdentity(),
    requestId: uuid().notNull(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.id] }), index('request_facts_stale_request').on(table.tenantId, table.requestId)],
);

/** Rollups are kept by day, by month and by year: a period reads its whole years, its other whole months, and its other days. */
export const rollupSpans = ['day', 'month', 'year'] as const;
export type RollupSpan = (typeof rollupSpans)[number];

/**
 * A commune's request counts per day, month and year (Paris dates), per procedure, service and
 * channel: filings by their filing date, closures (and their merges, reopenings, transfers,
 * delays kept, ratings) by their final closure date. Kept up to date from the facts, by the
 * difference between a request's facts before and after each computation.
 */
export const requestRollups = pgTable(
  'request_rollups',
  {
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id),
    span: text({ enum: rollupSpans }).notNull(),
    start: date({ mode: 'string' }).notNull(),
    procedureId: uuid().notNull(),
    serviceId: uuid().notNull(),
    channel: text({ enum: channels }).notNull(),
    filed: integer().notNull(),
    /** Closed and not merged: answered. */
    closed: integer().notNull(),
    merged: integer().notNull(),
    reopenings: integer().notNull(),
    transfers: integer().notNull(),
    onTime: integer().notNull(),
    /** How many closed requests were rated 1, 2, 3, 4 and 5 out of 5. */
    ratings: integer().array().notNull(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.span, table.start, table.procedureId, table.serviceId, table.channel] })],
);

/**
 * Histograms of the delays reached on a day or in a month (by the milestone's date), in buckets
 * of an hour up to a week, of a day up to 60 days, of a week beyond (`delayBucketOf`): one row for
 * the whole commune, one per channel, one per service, one per procedure (the other keys null:
 * "all"), so that a dashboard adds a few rows, never a request's facts.
 */
export const requestDelayHistograms = pgTable(
  'request_delay_histograms',
  {
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id),
    span: text({ enum: rollupSpans }).notNull(),
    start: date({ mode: 'string' }).notNull(),
    channel: text({ enum: channels }),
    serviceId: uuid(),
    procedureId: uuid(),
    acknowledgement: integer().array().notNull(),
    firstAnswer: integer().array().notNull(),
    processing: integer().array().notNull(),
  },
  (table) => [unique('request_delay_histograms_key').on(table.tenantId, table.span, table.start, table.channel, table.serviceId, table.procedureId).nullsNotDistinct()],
);

/**
 * A commune's requests by place, per day and per month: by sector (`''` outside any) and map cell
 * of about a kilometre (`''` without a location), filings by their filing date, closures and
 * delays kept by their final closure date. Kept as the other rollups are.
 */
export const requestPlaceRollups = pgTable(
  'request_place_rollups',
  {
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id),
    span: text({ enum: rollupSpans }).notNull(),
    start: date({ mode: 'string' }).notNull(),
    sector: text().notNull(),
    gridCell: text().notNull(),
    filed: integer().notNull(),
    /** Closed and not merged: answered. */
    closed: integer().notNull(),
    onTime: integer().notNull(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.span, table.start, table.sector, table.gridCell] })],
);

/**
 * Which request brought each citizen to the commune: decided once, when the statistics job first
 * meets the account there, and kept (anonymisation later clears the account from the request,
 * and the citizen's next request must not become a second arrival). Holds no more than the
 * account's random identifier.
 */
export const citizenArrivals = pgTable(
  'citizen_arrivals',
  {
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id),
    citizenAccountId: uuid().notNull(),
    requestId: uuid().notNull(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.citizenAccountId] })],
);

/**
 * The citizens who filed their first request in the commune, per day and per month (their
 * account's first filing there), and those of them whose account is linked to FranceConnect:
 * added up to a date, the commune's citizens who have filed so far. Kept as the other rollups are.
 */
export const citizenRollups = pgTable(
  'citizen_rollups',
  {
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id),
    span: text({ enum: rollupSpans }).notNull(),
    start: date({ mode: 'string' }).notNull(),
    newCitizens: integer().notNull(),
    franceconnect: integer().notNull(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.span, table.start] })],
);

/**
 * A period of the commune's public quality report (Services Publics+, engagement 6), as its
 * administrator published it: the figures are kept as published (counts under 5 withheld), and
 * published again only by choice.
 */
export const qualityReports = pgTable(
  'quality_reports',
  {
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id),
    /** `2026` or `2026-T3`. */
    period: text().notNull(),
    figures: jsonb().$type<Record<string, unknown>>().notNull(),
    publishedAt: timestamp({ withTimezone: true }).notNull(),
    /** The administrator (agent) who published it. */
    publishedBy: uuid().notNull(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.period] })],
);

/**
 * A period of the EPCI's consolidated quality report, across its member communes, as its staff
 * published it on the EPCI's site; kept as published, like a commune's.
 */
export const epciQualityReports = pgTable(
  'epci_quality_reports',
  {
    epciId: uuid()
      .notNull()
      .references(() => epcis.id),
    /** `2026` or `2026-T3`. */
    period: text().notNull(),
    figures: jsonb().$type<Record<string, unknown>>().notNull(),
    publishedAt: timestamp({ withTimezone: true }).notNull(),
    /** The member of the EPCI's staff who published it. */
    publishedBy: uuid().notNull(),
  },
  (table) => [primaryKey({ columns: [table.epciId, table.period] })],
);
