import { pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { tenants } from './platform.ts';

/** A service instructeur of a commune (état civil, services techniques, CCAS…). */
export const services = pgTable(
  'services',
  {
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id),
    id: uuid().notNull().defaultRandom(),
    slug: text().notNull(),
    name: text().notNull(),
    description: text(),
    email: text(),
    phone: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  // Keys lead with tenant_id so the table can be distributed by tenant (Citus) unchanged.
  (table) => [primaryKey({ columns: [table.tenantId, table.id] }), unique().on(table.tenantId, table.slug)],
);

export type Service = typeof services.$inferSelect;
