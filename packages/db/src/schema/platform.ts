import { sql } from 'drizzle-orm';
import { check, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** How a commune looks on its portal; declared in tenants/ and editable by its administrator. */
export type Branding = {
  logo: string;
  primaryColor: string;
  secondaryColor: string;
  textOnPrimary: string;
  tagline?: string | undefined;
};

export type CommuneContact = {
  address: string;
  postalCode: string;
  city: string;
  phone?: string | undefined;
  email?: string | undefined;
  website?: string | undefined;
  /** The town hall's opening hours, as the commune writes them (« Lundi à vendredi, 8 h 30 – 12 h »). */
  openingHours?: string | undefined;
};

/**
 * The map of a commune's portal: where it opens, and its own tile server if it has one (else the
 * platform's, `MAP_TILE_URL`). Declared in its tenant file.
 */
export type CommuneMap = {
  center: { lat: number; lon: number };
  zoom: number;
  tiles?: { url: string; attribution: string } | undefined;
};

/**
 * How a commune's agents may sign in through an identity provider, besides password + TOTP.
 * Declared in its tenant file; the client secret is never stored, only the name of the
 * environment variable that holds it.
 */
export type AgentSignInConfig =
  | { provider: 'proconnect'; issuer: string; clientId: string; clientSecretEnv: string }
  | { provider: 'oidc'; issuer: string; label: string; clientId: string; clientSecretEnv: string }
  | { provider: 'entra'; tenant: string; clientId: string; clientSecretEnv: string };

const timestamps = {
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
};

/** An intercommunality: it runs the platform for its member communes. Not tenant-owned. */
export const epcis = pgTable('epcis', {
  id: uuid().primaryKey().defaultRandom(),
  slug: text().notNull().unique(),
  name: text().notNull(),
  siren: text().notNull().unique(),
  branding: jsonb().$type<Branding>().notNull(),
  ...timestamps,
});

/** A commune is a tenant: every tenant-owned row carries its id. */
export const tenants = pgTable('tenants', {
  id: uuid().primaryKey().defaultRandom(),
  epciId: uuid()
    .notNull()
    .references(() => epcis.id),
  slug: text().notNull().unique(),
  name: text().notNull(),
  inseeCode: text().notNull().unique(),
  branding: jsonb().$type<Branding>().notNull(),
  contact: jsonb().$type<CommuneContact>().notNull(),
  agentSignIn: jsonb().$type<AgentSignInConfig>(),
  map: jsonb().$type<CommuneMap>(),
  /**
   * The digest of each part of the tenant file an administrator may edit (branding and contact,
   * each service) as last applied: applied again only when the file's entry itself changes, so
   * that the back office's edits survive restarts.
   */
  appliedDeclarations: jsonb().$type<Record<string, string>>().notNull().default({}),
  ...timestamps,
});

/**
 * Own domains of a commune or of an EPCI console, besides `<slug>.<PLATFORM_DOMAIN>`
 * which is derived at run time so that the platform domain stays configuration.
 */
export const hostnames = pgTable(
  'hostnames',
  {
    hostname: text().primaryKey(),
    tenantId: uuid().references(() => tenants.id, { onDelete: 'cascade' }),
    epciId: uuid().references(() => epcis.id, { onDelete: 'cascade' }),
  },
  (table) => [
    check('hostnames_one_owner', sql`(${table.tenantId} IS NULL) <> (${table.epciId} IS NULL)`),
  ],
);

export type Epci = typeof epcis.$inferSelect;
export type Tenant = typeof tenants.$inferSelect;
