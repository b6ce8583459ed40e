import { actorColumns, auditEvents, type Actor, type Transaction } from '@guichet/db';

/** Who changes the catalogue: a commune administrator, or the EPCI's staff for templates. */
type CatalogueActor = Extract<Actor, { kind: 'agent' | 'epci_staff' }>;

/**
 * A commune's verbs run in its `withTenant` transaction; the EPCI's in its `withEpci` one. The
 * reads need only the transaction (`{ tx }`): it already says whose catalogue they see.
 */
export type CommuneContext = { tx: Transaction; tenant: { id: string; epciId: string }; actor: CatalogueActor };
export type EpciContext = { tx: Transaction; epciId: string; actor: CatalogueActor };

export type CatalogueAction =
  | 'procedure_created'
  | 'procedure_updated'
  | 'template_adopted'
  | 'template_published'
  | 'template_updated'
  | 'template_update_taken'
  | 'template_update_declined'
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
    ...actorColumns(context.actor),
    subjectKind: subject.kind,
    subjectId: subject.id,
    details,
  });
}
