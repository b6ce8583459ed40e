import { auditEvents, type Transaction } from '@guichet/db';

/** Who changes the catalogue: a commune administrator, or the EPCI's staff for templates. */
export type CatalogueActor = { kind: 'agent' | 'epci_staff'; id: string };

/** A commune's verbs run in its `withTenant` transaction; the EPCI's in its `withEpci` one. */
export type CommuneContext = { tx: Transaction; tenant: { id: string; epciId: string }; actor: CatalogueActor };
export type EpciContext = { tx: Transaction; epciId: string; actor: CatalogueActor };

export type CatalogueAction =
  | 'procedure_created'
  | 'procedure_updated'
  | 'template_adopted'
  | 'template_published'
  | 'theme_created'
  | 'theme_updated'
  | 'theme_deleted';

/**
 * Every change of the catalogue is kept in the append-only audit log, in the same transaction:
 * which procedure, who, and which fields changed (not their values, which the row holds).
 */
export async function recordCatalogueChange(
  context: { tx: Transaction; epciId: string; tenantId: string | null; actor: CatalogueActor },
  action: CatalogueAction,
  subject: { kind: 'procedure' | 'procedure_template' | 'theme'; id: string },
  details: Record<string, unknown>,
): Promise<void> {
  await context.tx.insert(auditEvents).values({
    epciId: context.epciId,
    tenantId: context.tenantId,
    action,
    actorKind: context.actor.kind,
    actorId: context.actor.id,
    subjectKind: subject.kind,
    subjectId: subject.id,
    details,
  });
}
