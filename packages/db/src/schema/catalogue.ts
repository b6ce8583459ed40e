import { boolean, foreignKey, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { epcis, tenants } from './platform.ts';
import { services } from './services.ts';

/** A thematic group of the catalogue ("État civil", "Voirie et propreté"…). */
export const themes = pgTable(
  'themes',
  {
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id),
    id: uuid().notNull().defaultRandom(),
    slug: text().notNull(),
    title: text().notNull(),
    description: text(),
    position: integer().notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.id] }), unique().on(table.tenantId, table.slug)],
);

/** Routing rules: the first rule whose condition holds picks the service (else the default). */
export type RoutingRule =
  | { when: { field: string; equals: string | number | boolean }; service: string }
  | { when: { sector: string }; service: string };

/** Raises a request's priority from the start when an answer says so (a danger, an emergency). */
export type PriorityRule = { when: { field: string; equals: string | number | boolean }; priority: 'high' | 'urgent' };

/** The part of a procedure that the tenant files, the API and EPCI templates all declare alike. */
export type ProcedureDefinition = {
  title: string;
  summary: string;
  description: string;
  steps: string[];
  requiredDocuments: { label: string; required: boolean }[];
  /** A `@guichet/forms` form definition, validated when declared. */
  form: unknown;
  routing: RoutingRule[];
  priorityRules: PriorityRule[];
  delayDays: number;
  /** When an agent asks the citizen for more: the clock continues after the answer, or restarts. */
  pauseMode: 'continue' | 'restart';
  /**
   * A request waiting for the citizen is reminded after `remindAfterDays` and closed without
   * action after `closeAfterDays` without an answer (days since the question; null: never).
   */
  waitingCitizen: { remindAfterDays: number | null; closeAfterDays: number | null };
  decisionRequired: boolean;
  anonymousAllowed: boolean;
  /** Only the routed service's agents may read its requests (social aid, for instance). */
  restricted: boolean;
  /** `@guichet/workflow` overrides. */
  workflow: unknown;
  /** Days a closed request keeps its personal data before anonymisation. */
  retentionDays: number;
  /** Offered as an Open311 service (incident reports on public space). */
  open311: boolean;
  feeCents: number | null;
  /** A complaint or a suggestion (Marianne), counted apart by statistics; absent in definitions stored before it. */
  feedback?: 'complaint' | 'suggestion' | null;
};

/** A démarche of a commune's catalogue. */
export const procedures = pgTable(
  'procedures',
  {
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id),
    id: uuid().notNull().defaultRandom(),
    slug: text().notNull(),
    themeId: uuid().notNull(),
    serviceId: uuid().notNull(),
    definition: jsonb().$type<ProcedureDefinition>().notNull(),
    /** The EPCI template it was adopted from, if any. */
    templateId: uuid(),
    /** The template's version it stands on: adopted then, or its later versions taken or declined since. */
    templateVersion: integer(),
    published: boolean().notNull().default(true),
    /** The current version of its form, kept by the database (see `procedure_forms`). */
    formVersion: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    unique().on(table.tenantId, table.slug),
    foreignKey({ columns: [table.tenantId, table.themeId], foreignColumns: [themes.tenantId, themes.id] }),
    foreignKey({ columns: [table.tenantId, table.serviceId], foreignColumns: [services.tenantId, services.id] }),
  ],
);

/**
 * Every version a procedure's form has had: a request keeps the one it was filed with, so a
 * form edited since never breaks the reading of older requests. A trigger numbers and records
 * each version whenever a procedure's form changes, whoever changes it.
 */
export const procedureForms = pgTable(
  'procedure_forms',
  {
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id),
    procedureId: uuid().notNull(),
    version: integer().notNull(),
    /** A `@guichet/forms` form definition, as the procedure declared it then. */
    form: jsonb().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.procedureId, table.version] }),
    foreignKey({ columns: [table.tenantId, table.procedureId], foreignColumns: [procedures.tenantId, procedures.id] }),
  ],
);

/** A procedure published by the EPCI for its communes to adopt and adapt. */
export const procedureTemplates = pgTable(
  'procedure_templates',
  {
    epciId: uuid()
      .notNull()
      .references(() => epcis.id),
    id: uuid().notNull().defaultRandom(),
    slug: text().notNull(),
    themeTitle: text().notNull(),
    definition: jsonb().$type<ProcedureDefinition>().notNull(),
    /** Raised by the database at each change of its definition or theme, the former kept in `procedure_template_versions`. */
    version: integer().notNull().default(1),
    publishedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.epciId, table.id] }), unique().on(table.epciId, table.slug)],
);

/** A template's former versions, so that a commune sees what changed since the one it stands on. */
export const procedureTemplateVersions = pgTable(
  'procedure_template_versions',
  {
    epciId: uuid()
      .notNull()
      .references(() => epcis.id),
    templateId: uuid().notNull(),
    version: integer().notNull(),
    themeTitle: text().notNull(),
    definition: jsonb().$type<ProcedureDefinition>().notNull(),
    publishedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.epciId, table.templateId, table.version] })],
);

export type Theme = typeof themes.$inferSelect;
export type Procedure = typeof procedures.$inferSelect;
export type ProcedureTemplate = typeof procedureTemplates.$inferSelect;
