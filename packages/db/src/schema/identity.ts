import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { epcis, tenants } from './platform.ts';
import { services } from './services.ts';

const createdAt = timestamp({ withTimezone: true }).notNull().defaultNow();

/**
 * A citizen's account, shared by every commune of the EPCI: identity and preferences only.
 * What the citizen does in a commune is that commune's data.
 */
export const citizenAccounts = pgTable(
  'citizen_accounts',
  {
    epciId: uuid()
      .notNull()
      .references(() => epcis.id),
    id: uuid().notNull().defaultRandom(),
    email: text(),
    emailVerifiedAt: timestamp({ withTimezone: true }),
    passwordHash: text(),
    givenName: text(),
    familyName: text(),
    /** The FranceConnect identity pivot, shown to the citizen as verified. */
    birthdate: date(),
    birthplace: text(),
    birthcountry: text(),
    gender: text(),
    franceconnectSub: text(),
    identityVerifiedAt: timestamp({ withTimezone: true }),
    phone: text(),
    notifyByEmail: boolean().notNull().default(true),
    notifyBySms: boolean().notNull().default(false),
    createdAt,
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.epciId, table.id] }),
    uniqueIndex('citizen_accounts_email').on(table.epciId, sql`lower(${table.email})`),
    uniqueIndex('citizen_accounts_franceconnect').on(table.epciId, table.franceconnectSub),
  ],
);

/**
 * An elected official (élu) decides the requests awaiting decision in their services' domains and
 * reads the commune's figures; they do not otherwise process requests.
 */
export const agentRoles = ['agent', 'service_manager', 'commune_admin', 'elected_official'] as const;
export type AgentRole = (typeof agentRoles)[number];

/** A municipal agent: belongs to one commune, acts with the rights of its role. */
export const agents = pgTable(
  'agents',
  {
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id),
    id: uuid().notNull().defaultRandom(),
    email: text().notNull(),
    displayName: text().notNull(),
    role: text({ enum: agentRoles }).notNull().default('agent'),
    passwordHash: text(),
    /** AES-GCM sealed with SECRET_KEY: a database dump alone cannot mint second factors. */
    totpSecret: text(),
    totpEnabledAt: timestamp({ withTimezone: true }),
    /** The time step of the last accepted code: a code is accepted once (RFC 6238 §5.2). */
    totpLastStep: bigint({ mode: 'number' }),
    /** Declared in the commune's tenant file: such an agent may be matched by a verified e-mail. */
    declaredInFile: boolean().notNull().default(false),
    /** Sign-in through the commune's identity provider (ProConnect, Entra ID, any OpenID). */
    externalIssuer: text(),
    externalSubject: text(),
    disabledAt: timestamp({ withTimezone: true }),
    createdAt,
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    uniqueIndex('agents_email').on(table.tenantId, sql`lower(${table.email})`),
    uniqueIndex('agents_external').on(table.tenantId, table.externalIssuer, table.externalSubject),
  ],
);

/** Which services an agent works in (an agent can belong to several). */
export const agentServices = pgTable(
  'agent_services',
  {
    tenantId: uuid().notNull(),
    agentId: uuid().notNull(),
    serviceId: uuid().notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.agentId, table.serviceId] }),
    foreignKey({ columns: [table.tenantId, table.agentId], foreignColumns: [agents.tenantId, agents.id] }).onDelete('cascade'),
    foreignKey({ columns: [table.tenantId, table.serviceId], foreignColumns: [services.tenantId, services.id] }),
  ],
);

/** The EPCI's own staff, who administer the platform for its communes. */
export const epciStaff = pgTable(
  'epci_staff',
  {
    epciId: uuid()
      .notNull()
      .references(() => epcis.id),
    id: uuid().notNull().defaultRandom(),
    email: text().notNull(),
    displayName: text().notNull(),
    passwordHash: text(),
    totpSecret: text(),
    totpEnabledAt: timestamp({ withTimezone: true }),
    totpLastStep: bigint({ mode: 'number' }),
    disabledAt: timestamp({ withTimezone: true }),
    createdAt,
  },
  (table) => [primaryKey({ columns: [table.epciId, table.id] }), uniqueIndex('epci_staff_email').on(table.epciId, sql`lower(${table.email})`)],
);

export const accountKinds = ['citizen', 'agent', 'epci_staff'] as const;
export type AccountKind = (typeof accountKinds)[number];

/**
 * Server-side sessions on Lucia's design: the cookie holds `<id>.<secret>`, the table the id
 * and only the SHA-256 of the secret. A session belongs to the host it was opened on.
 */
export const sessions = pgTable(
  'sessions',
  {
    epciId: uuid()
      .notNull()
      .references(() => epcis.id),
    id: text().notNull(),
    secretHash: text().notNull(),
    /** The commune whose host opened it; null on the EPCI console. */
    tenantId: uuid().references(() => tenants.id),
    accountKind: text({ enum: accountKinds }).notNull(),
    accountId: uuid().notNull(),
    authMethod: text().notNull(),
    /** False between a correct password and the second factor. */
    secondFactorVerified: boolean().notNull().default(false),
    /** Kept for the provider's end-session endpoint (id_token_hint). */
    idToken: text(),
    createdAt,
    lastUsedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.epciId, table.id] }),
    index('sessions_account').on(table.epciId, table.accountKind, table.accountId),
  ],
);

/** A sign-in under way with an OpenID provider: state, nonce and where to return. */
export const signInFlows = pgTable(
  'sign_in_flows',
  {
    epciId: uuid()
      .notNull()
      .references(() => epcis.id),
    id: text().notNull(),
    tenantId: uuid().references(() => tenants.id),
    provider: text().notNull(),
    state: text().notNull(),
    nonce: text(),
    returnTo: text(),
    /** A session being linked, or a pending identity waiting for confirmation. */
    payload: jsonb().$type<Record<string, unknown>>(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.epciId, table.id] })],
);

export const tokenPurposes = ['verify_email', 'reset_password', 'invitation', 'link_identity', 'delete_account'] as const;
export type TokenPurpose = (typeof tokenPurposes)[number];

/** Single-use tokens sent by e-mail; only their SHA-256 is stored. */
export const accountTokens = pgTable(
  'account_tokens',
  {
    epciId: uuid()
      .notNull()
      .references(() => epcis.id),
    tokenHash: text().notNull(),
    tenantId: uuid().references(() => tenants.id),
    purpose: text({ enum: tokenPurposes }).notNull(),
    accountKind: text({ enum: accountKinds }).notNull(),
    accountId: uuid().notNull(),
    payload: jsonb().$type<Record<string, unknown>>(),
    createdAt,
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
  },
  (table) => [primaryKey({ columns: [table.epciId, table.tokenHash] })],
);

/**
 * Sign-ins, failures, role changes, revocations: append-only (the database refuses UPDATE and
 * DELETE). The subject is named by id, never by e-mail, so the log holds no personal data.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    epciId: uuid()
      .notNull()
      .references(() => epcis.id),
    id: bigint({ mode: 'number' }).generatedAlwaysAsIdentity(),
    tenantId: uuid().references(() => tenants.id),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    action: text().notNull(),
    actorKind: text(),
    actorId: uuid(),
    subjectKind: text(),
    subjectId: uuid(),
    ipHash: text(),
    details: jsonb().$type<Record<string, unknown>>(),
  },
  (table) => [primaryKey({ columns: [table.epciId, table.id] }), index('audit_events_at').on(table.epciId, table.at)],
);

/**
 * Attempt counters for brute-force protection, shared by every process. Keys are hashes
 * (of an account e-mail or an IP address), so no personal data is kept here either.
 */
export const rateLimits = pgTable('rate_limits', {
  key: text().primaryKey(),
  windowStartedAt: timestamp({ withTimezone: true }).notNull(),
  attempts: integer().notNull(),
  blockedUntil: timestamp({ withTimezone: true }),
});

export type CitizenAccount = typeof citizenAccounts.$inferSelect;
export type Agent = typeof agents.$inferSelect;
export type EpciStaffMember = typeof epciStaff.$inferSelect;
export type Session = typeof sessions.$inferSelect;

/**
 * One notification to one recipient on one channel (an e-mail or an SMS), by its stable
 * Message-ID. Each attempt is counted and each acceptance by the SMTP server or SMS provider
 * committed on its own, apart from the job's other steps: a retried job never sends again what
 * was accepted. Platform infrastructure: keyed by ids, it holds no address and no text.
 */
export const deliveries = pgTable('deliveries', {
  messageId: text().primaryKey(),
  channel: text({ enum: ['email', 'sms'] }).notNull(),
  attempts: integer().notNull().default(1),
  firstAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  lastAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  acceptedAt: timestamp({ withTimezone: true }),
  /** While an attempt is under way: another run of the same job waits for it rather than sending too. */
  claimedUntil: timestamp({ withTimezone: true }),
});
