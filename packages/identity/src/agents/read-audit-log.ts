import { and, desc, eq, inArray, lt } from 'drizzle-orm';
import { z } from 'zod';
import { agents, auditEvents } from '@guichet/db';
import type { CommuneScope } from './commune-scope.ts';

export type AuditLogEntry = {
  id: number;
  at: Date;
  action: string;
  actor: { kind: string; id: string; name: string | null } | null;
  subject: { kind: string; id: string; name: string | null } | null;
  details: Record<string, unknown> | null;
};

export type AuditLogPage = { entries: AuditLogEntry[]; nextCursor: number | null };

const auditPartySchema = z
  .object({
    kind: z.string().meta({ description: 'Le type de compte (`agent`, `citizen`, `epci_staff`…).' }),
    id: z.string(),
    name: z.string().nullable().meta({ description: 'Le nom de l’agent ; null pour les autres comptes.' }),
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
  })
  .meta({ id: 'EntreeDuJournal' });

export const auditLogPageSchema = z.object({
  entries: z.array(auditLogEntrySchema),
  nextCursor: z.int().nullable().meta({ description: 'À passer dans `avant` pour la page suivante ; null à la dernière page.' }),
});

/**
 * The commune's audit log, newest first, a page at a time (keyset on the id: stable while new
 * events arrive). Agents are named from their account; the log itself only holds ids.
 */
export async function readAuditLog(context: CommuneScope, input: { before?: number | undefined; limit: number }): Promise<AuditLogPage> {
  const { tx, commune } = context;
  // The commune's transaction also sees its EPCI's rows without a commune: keep to its own.
  const rows = await tx
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.tenantId, commune.id), input.before === undefined ? undefined : lt(auditEvents.id, input.before)))
    .orderBy(desc(auditEvents.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const agentIds = [
    ...new Set(page.flatMap((row) => [row.actorKind === 'agent' ? row.actorId : null, row.subjectKind === 'agent' ? row.subjectId : null]).filter((id): id is string => id !== null)),
  ];
  const names = new Map(
    agentIds.length ? (await tx.select({ id: agents.id, name: agents.displayName }).from(agents).where(inArray(agents.id, agentIds))).map((row) => [row.id, row.name]) : [],
  );
  const party = (kind: string | null, id: string | null) => (kind && id ? { kind, id, name: kind === 'agent' ? (names.get(id) ?? null) : null } : null);
  return {
    entries: page.map((row) => ({
      id: row.id,
      at: row.at,
      action: row.action,
      actor: party(row.actorKind, row.actorId),
      subject: party(row.subjectKind, row.subjectId),
      details: row.details,
    })),
    nextCursor: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null,
  };
}
