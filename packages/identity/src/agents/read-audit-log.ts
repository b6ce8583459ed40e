import { and, desc, eq, inArray, lt, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { agents, auditEvents, epciStaff, tenants, type Transaction } from '@guichet/db';
import type { CommuneScope } from './commune-scope.ts';

export type AuditLogEntry = {
  id: number;
  at: Date;
  action: string;
  actor: { kind: string; id: string; name: string | null } | null;
  subject: { kind: string; id: string; name: string | null } | null;
  details: Record<string, unknown> | null;
  /** The commune the line is about; null for the EPCI's own (its staff's sign-ins…). */
  commune: { slug: string; name: string } | null;
};

export type AuditLogPage = { entries: AuditLogEntry[]; nextCursor: number | null };

const auditPartySchema = z
  .object({
    kind: z.string().meta({ description: 'Le type de compte (`agent`, `citizen`, `epci_staff`…).' }),
    id: z.string(),
    name: z.string().nullable().meta({ description: 'Le nom de l’agent, de l’administrateur de l’intercommunalité ou de la commune ; null pour les usagers.' }),
  })
  .nullable();

/** One line of the audit log, as the API answers it (`at` in ISO 8601). */
export const auditLogEntrySchema = z
  .object({
    id: z.int(),
    at: z.iso.datetime({ offset: true }),
    action: z.string().meta({ description: 'L’action journalisée (`sign_in`, `role_changed`, `agent_invited`…).', example: 'role_changed' }),
    actor: auditPartySchema.meta({ description: 'Qui a agi ; null pour la plateforme.' }),
    subject: auditPartySchema.meta({ description: 'Sur quel compte ; null si aucun.' }),
    details: z.record(z.string(), z.unknown()).nullable(),
    commune: z.object({ slug: z.string(), name: z.string() }).nullable().meta({ description: 'La commune concernée ; null pour ce qui concerne l’intercommunalité elle-même.' }),
  })
  .meta({ id: 'EntreeDuJournal' });

/** A page of the log asked for: `avant` is the `nextCursor` of the page before. */
export const auditLogQuerySchema = z.object({
  avant: z.coerce.number().int().positive().optional().meta({ description: 'Le curseur `nextCursor` de la page précédente.' }),
  limite: z.coerce.number().int().min(1).max(100).default(50),
});

export const auditLogPageSchema = z.object({
  entries: z.array(auditLogEntrySchema),
  nextCursor: z.int().nullable().meta({ description: 'À passer dans `avant` pour la page suivante ; null à la dernière page.' }),
});

/**
 * The commune's audit log, newest first, a page at a time (keyset on the id: stable while new
 * events arrive). Agents are named from their account; the log itself only holds ids.
 */
export function readAuditLog(context: CommuneScope, input: { before?: number | undefined; limit: number }): Promise<AuditLogPage> {
  // The commune's transaction also sees its EPCI's rows without a commune: keep to its own.
  return auditPage(context.tx, eq(auditEvents.tenantId, context.commune.id), input);
}

/**
 * The EPCI's whole audit log for its console (its own lines and every member commune's, or one
 * commune's), in the EPCI's transaction; agents and EPCI staff named, each line with its commune.
 */
export function readEpciAuditLog(tx: Transaction, input: { epciId: string; communeId?: string | undefined; before?: number | undefined; limit: number }): Promise<AuditLogPage> {
  return auditPage(tx, and(eq(auditEvents.epciId, input.epciId), input.communeId ? eq(auditEvents.tenantId, input.communeId) : undefined)!, input);
}

async function auditPage(tx: Transaction, scope: SQL, input: { before?: number | undefined; limit: number }): Promise<AuditLogPage> {
  const rows = await tx
    .select({ event: auditEvents, commune: { slug: tenants.slug, name: tenants.name } })
    .from(auditEvents)
    .leftJoin(tenants, eq(tenants.id, auditEvents.tenantId))
    .where(and(scope, input.before === undefined ? undefined : lt(auditEvents.id, input.before)))
    .orderBy(desc(auditEvents.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const idsOf = (kind: string) => [
    ...new Set(page.flatMap(({ event }) => [event.actorKind === kind ? event.actorId : null, event.subjectKind === kind ? event.subjectId : null]).filter((id): id is string => id !== null)),
  ];
  const [agentIds, staffIds] = [idsOf('agent'), idsOf('epci_staff')];
  const [agentNames, staffNames] = await Promise.all([
    agentIds.length ? tx.select({ id: agents.id, name: agents.displayName }).from(agents).where(inArray(agents.id, agentIds)) : [],
    staffIds.length ? tx.select({ id: epciStaff.id, name: epciStaff.displayName }).from(epciStaff).where(inArray(epciStaff.id, staffIds)) : [],
  ]);
  const names = new Map([...agentNames, ...staffNames].map((row) => [row.id, row.name]));
  const nameOf = (kind: string, id: string, commune: { name: string } | null) => {
    if (kind === 'citizen') return null;
    // A commune the log is about (created, for instance) is the line's own.
    if (kind === 'commune') return commune?.name ?? null;
    return names.get(id) ?? null;
  };
  const party = (kind: string | null, id: string | null, commune: { name: string } | null) => (kind && id ? { kind, id, name: nameOf(kind, id, commune) } : null);
  return {
    entries: page.map(({ event, commune }) => ({
      id: event.id,
      at: event.at,
      action: event.action,
      actor: party(event.actorKind, event.actorId, commune),
      subject: party(event.subjectKind, event.subjectId, commune),
      details: event.details,
      commune,
    })),
    nextCursor: rows.length > input.limit ? (page.at(-1)?.event.id ?? null) : null,
  };
}
