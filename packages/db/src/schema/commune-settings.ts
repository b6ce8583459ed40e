import { jsonb, pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenants } from './platform.ts';

/** The working calendar of a commune, as `@guichet/catalogue` declares and validates it. */
export type CommuneCalendarSetting = {
  /** A `@guichet/deadlines` holiday zone. */
  zone: string;
  /** Extra closure days, `YYYY-MM-DD`. */
  closures: string[];
  /** Working days a first contact may wait for an acknowledgement before it is flagged. */
  acknowledgementDelayDays: number;
};

/** A named area of the commune; the outline is [longitude, latitude] points (GeoJSON order). */
export type SectorSetting = { slug: string; name: string; polygon: [number, number][] };

/** One row per commune: settings declared in its `catalogue.yaml`. */
export const communeSettings = pgTable('commune_settings', {
  tenantId: uuid()
    .primaryKey()
    .references(() => tenants.id),
  calendar: jsonb().$type<CommuneCalendarSetting>().notNull(),
  sectors: jsonb().$type<SectorSetting[]>().notNull().default([]),
  /**
   * The digest of each theme and procedure declaration last applied from the files. A
   * declaration is applied again only when its file changes, so that an administrator's edits
   * through the API survive restarts until the file itself is changed.
   */
  appliedDeclarations: jsonb().$type<Record<string, string>>().notNull().default({}),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export type CommuneSettings = typeof communeSettings.$inferSelect;
