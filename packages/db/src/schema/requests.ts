import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { StatusKey } from '@guichet/workflow';
import { epcis, tenants } from './platform.ts';
import { procedureForms, procedures } from './catalogue.ts';
import { services } from './services.ts';

export const channels = ['portal', 'phone', 'counter', 'email', 'mail', 'sms', 'open311'] as const;
export type Channel = (typeof channels)[number];

export const priorities = ['normal', 'high', 'urgent'] as const;
export type Priority = (typeof priorities)[number];

/**
 * Whom a request is from: a citizen with an account, or a person an agent recorded from a
 * phone call, a letter or the counter (a contact needs no account).
 */
export const contacts = pgTable(
  'contacts',
  {
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id),
    id: uuid().notNull().defaultRandom(),
    citizenAccountId: uuid(),
    givenName: text(),
    familyName: text(),
    email: text(),
    phone: text(),
    address: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    index('contacts_search').on(table.tenantId, sql`lower(coalesce(${table.familyName}, ''))`),
    index('contacts_account').on(table.tenantId, table.citizenAccountId),
  ],
);

/** A demande: whatever its channel, one row with one life. */
export const requests = pgTable(
  'requests',
  {
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id),
    id: uuid().notNull().defaultRandom(),
    /** `LIB-2026-000123`: per commune and year, allocated in the filing transaction. */
    reference: text().notNull(),
    procedureId: uuid().notNull(),
    /** The version of the procedure's form it was filed with (`procedure_forms`). */
    formVersion: integer().notNull(),
    serviceId: uuid().notNull(),
    channel: text({ enum: channels }).notNull(),
    contactId: uuid(),
    citizenAccountId: uuid(),
    /** A `@guichet/workflow` status; the workflow, not the database, guards its transitions. */
    status: text().$type<StatusKey>().notNull().default('submitted'),
    priority: text({ enum: priorities }).notNull().default('normal'),
    assigneeId: uuid(),
    /** The submitted form values, validated against the procedure's form. */
    data: jsonb().$type<Record<string, unknown>>().notNull(),
    summary: text().notNull(),
    latitude: doublePrecision(),
    longitude: doublePrecision(),
    address: text(),
    /** A coarse area kept after anonymisation, for the geographic statistics. */
    sector: text(),
    /** Set by anonymisation in place of the coordinates it clears (`gridCellOf`): the map's statistics keep it. */
    gridCell: text(),
    filedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    acknowledgedAt: timestamp({ withTimezone: true }),
    dueAt: timestamp({ withTimezone: true }).notNull(),
    clockPausedAt: timestamp({ withTimezone: true }),
    overdueAt: timestamp({ withTimezone: true }),
    closedAt: timestamp({ withTimezone: true }),
    mergedIntoId: uuid(),
    /** The latest rating: the citizen may rate once per closure (a reopened request again). */
    satisfactionRating: smallint(),
    satisfactionComment: text(),
    /** When the citizen last opened the request: the agents' public events after it are unread. */
    citizenReadAt: timestamp({ withTimezone: true }),
    anonymisedAt: timestamp({ withTimezone: true }),
    /**
     * Counts what agents act on (status, assignee, service, priority, answers, a citizen's
     * message), not the platform's bookkeeping: an agent's change names the version it saw.
     */
    version: integer().notNull().default(1),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    unique().on(table.tenantId, table.reference),
    foreignKey({ columns: [table.tenantId, table.procedureId], foreignColumns: [procedures.tenantId, procedures.id] }),
    foreignKey({
      name: 'requests_form_version_fk',
      columns: [table.tenantId, table.procedureId, table.formVersion],
      foreignColumns: [procedureForms.tenantId, procedureForms.procedureId, procedureForms.version],
    }),
    foreignKey({ columns: [table.tenantId, table.serviceId], foreignColumns: [services.tenantId, services.id] }),
    foreignKey({ columns: [table.tenantId, table.contactId], foreignColumns: [contacts.tenantId, contacts.id] }),
    // The inbox: a service's requests, newest first, paged by (filed_at, id).
    index('requests_inbox').on(table.tenantId, table.serviceId, table.filedAt.desc(), table.id.desc()),
    index('requests_citizen').on(table.tenantId, table.citizenAccountId, table.filedAt.desc()),
    index('requests_open_due').on(table.tenantId, table.dueAt).where(sql`${table.closedAt} IS NULL`),
  ],
);

export const eventKinds = [
  'filed',
  'acknowledged',
  'status_changed',
  /** Out of a final status (by the citizen within 15 days, or by a manager); counts reopenings. */
  'reopened',
  'assigned',
  'transferred',
  'priority_changed',
  'message',
  'note',
  'edited',
  'merged',
  'notified',
  'overdue',
  /** The citizen reminded that the commune waits for their answer (the platform's, no new version). */
  'reminded',
  'rated',
  'anonymised',
] as const;
export type EventKind = (typeof eventKinds)[number];

/**
 * The request's history: append-only, the database refuses UPDATE and DELETE. Messages to and
 * from the citizen and internal notes are events too, so nothing said is ever rewritten.
 */
export const requestEvents = pgTable(
  'request_events',
  {
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id),
    id: bigint({ mode: 'number' }).generatedAlwaysAsIdentity(),
    requestId: uuid().notNull(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    kind: text({ enum: eventKinds }).notNull(),
    /** Shown on the citizen's timeline, or internal to the commune. */
    public: boolean().notNull(),
    actorKind: text().notNull(),
    actorId: uuid(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    /** The request's version this event made, when it changed what agents act on. */
    version: integer(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    foreignKey({ columns: [table.tenantId, table.requestId], foreignColumns: [requests.tenantId, requests.id] }),
    index('request_events_request').on(table.tenantId, table.requestId, table.id),
  ],
);

/** A file attached to a request or a message; the bytes live in the storage driver. */
export const attachments = pgTable(
  'attachments',
  {
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id),
    id: uuid().notNull().defaultRandom(),
    requestId: uuid(),
    uploadedByKind: text().notNull(),
    uploadedById: uuid(),
    /**
     * An anonymous upload's proof of ownership: the SHA-256 of the upload token its browser
     * holds, so that only that browser's filing can claim it (the token itself is not kept).
     */
    uploadTokenHash: text(),
    filename: text().notNull(),
    mediaType: text().notNull(),
    size: integer().notNull(),
    sha256: text().notNull(),
    storageKey: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    index('attachments_request').on(table.tenantId, table.requestId),
    // The sweep of uploads never attached to a request.
    index('attachments_unattached').on(table.tenantId, table.createdAt).where(sql`${table.requestId} IS NULL`),
  ],
);

/** The citizen's coffre-fort: documents kept for every commune of the EPCI, with an expiry. */
export const vaultDocuments = pgTable(
  'vault_documents',
  {
    epciId: uuid()
      .notNull()
      .references(() => epcis.id),
    id: uuid().notNull().defaultRandom(),
    accountId: uuid().notNull(),
    title: text().notNull(),
    filename: text().notNull(),
    mediaType: text().notNull(),
    size: integer().notNull(),
    sha256: text().notNull(),
    storageKey: text().notNull(),
    expiresOn: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.epciId, table.id] }), index('vault_documents_account').on(table.epciId, table.accountId)],
);

/** Reply templates of a commune's agents. */
export const replyTemplates = pgTable(
  'reply_templates',
  {
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id),
    id: uuid().notNull().defaultRandom(),
    title: text().notNull(),
    body: text().notNull(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.id] })],
);

export type Request = typeof requests.$inferSelect;
export type RequestEvent = typeof requestEvents.$inferSelect;
export type Contact = typeof contacts.$inferSelect;
export type Attachment = typeof attachments.$inferSelect;

/**
 * Keys of the commune's Open311 clients (only their SHA-256 is kept). Open311 filings are
 * accepted only with a key that is not revoked.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id),
    id: uuid().notNull().defaultRandom(),
    keyHash: text().notNull(),
    label: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.id] }), unique().on(table.tenantId, table.keyHash)],
);

/**
 * An unfinished filing, one per procedure, kept for a while so that its author can come back to
 * it; nothing in it is a request until it is filed. Its author is a citizen's account or, before
 * signing in, a browser known by its upload token (only the token's hash is kept); signing in
 * hands the browser's drafts to the account.
 */
export const requestDrafts = pgTable(
  'request_drafts',
  {
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id),
    id: uuid().notNull().defaultRandom(),
    accountId: uuid(),
    uploadTokenHash: text(),
    procedureId: uuid().notNull(),
    values: jsonb().$type<Record<string, unknown>>().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    uniqueIndex('request_drafts_account').on(table.tenantId, table.accountId, table.procedureId).where(sql`${table.accountId} IS NOT NULL`),
    uniqueIndex('request_drafts_browser').on(table.tenantId, table.uploadTokenHash, table.procedureId).where(sql`${table.uploadTokenHash} IS NOT NULL`),
    check('request_drafts_one_author', sql`(${table.accountId} IS NULL) <> (${table.uploadTokenHash} IS NULL)`),
    foreignKey({ columns: [table.tenantId, table.procedureId], foreignColumns: [procedures.tenantId, procedures.id] }),
    index('request_drafts_expiry').on(table.tenantId, table.expiresAt),
  ],
);

/**
 * The private follow-up links of anonymous filers: the SHA-256 of each link's token (the token
 * itself is only ever in the e-mail). A link works as long as its request keeps its personal
 * data: anonymisation deletes the rows. Asking the link again adds a token, the older ones stay.
 */
export const requestFollowUpTokens = pgTable(
  'request_follow_up_tokens',
  {
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id),
    tokenHash: text().notNull(),
    requestId: uuid().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.tokenHash] }),
    foreignKey({ columns: [table.tenantId, table.requestId], foreignColumns: [requests.tenantId, requests.id] }),
    index('request_follow_up_tokens_request').on(table.tenantId, table.requestId),
  ],
);

export const exportStatuses = ['pending', 'ready', 'failed'] as const;

/**
 * A citizen's "download my data": built by a job in parts (one per commune), each kept in storage
 * as it is done so that a retried job resumes after the last, then one ZIP kept 7 days.
 */
export const accountExports = pgTable(
  'account_exports',
  {
    epciId: uuid()
      .notNull()
      .references(() => epcis.id),
    id: uuid().notNull().defaultRandom(),
    accountId: uuid().notNull(),
    status: text({ enum: exportStatuses }).notNull().default('pending'),
    partsDone: integer().notNull().default(0),
    partsTotal: integer().notNull().default(0),
    storageKey: text(),
    size: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    readyAt: timestamp({ withTimezone: true }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.epciId, table.id] }), index('account_exports_account').on(table.epciId, table.accountId)],
);

/**
 * Who has a request's desk open right now: each open desk renews its row while it lives and
 * removes it when it closes; a row not renewed for a while is a desk gone silent, and ignored.
 * Arrivals and departures are announced on the live channel, so every server process knows.
 */
export const requestPresence = pgTable(
  'request_presence',
  {
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id),
    requestId: uuid().notNull(),
    agentId: uuid().notNull(),
    seenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.requestId, table.agentId] }),
    foreignKey({ columns: [table.tenantId, table.requestId], foreignColumns: [requests.tenantId, requests.id] }).onDelete('cascade'),
  ],
);

export const idempotentOperations = ['filing', 'message'] as const;

/**
 * A filing or a message sent with an `Idempotency-Key`: the first success's answer, replayed to
 * the same sender's retries with that key for 24 hours (a client that lost the answer of a
 * committed filing retries without filing twice). `sender` names who sent it: an account, an
 * agent, a browser's upload cookie, an Open311 key (digests, never the secret itself).
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id),
    sender: text().notNull(),
    operation: text({ enum: idempotentOperations }).notNull(),
    key: text().notNull(),
    /** A digest of what was sent: the same key with another body is refused, not replayed. */
    fingerprint: text().notNull(),
    answer: jsonb(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.sender, table.operation, table.key] }),
    index('idempotency_keys_expiry').on(table.createdAt),
  ],
);
