import { createHash } from 'node:crypto';
import { auditEvents, type Transaction } from '@guichet/db';

export const auditActions = [
  'sign_in',
  'sign_in_failed',
  'sign_out',
  'second_factor_enrolled',
  'second_factor_failed',
  'password_reset_requested',
  'password_changed',
  'email_verified',
  'identity_linked',
  'role_changed',
  'services_changed',
  'agent_invited',
  'agent_disabled',
  'sessions_revoked',
  'account_locked',
  'account_deleted',
  'presentation_changed',
  'logo_changed',
  'service_changed',
  'quality_report_published',
  'quality_report_withdrawn',
  'commune_created',
] as const;
export type AuditAction = (typeof auditActions)[number];

export type AuditEntry = {
  epciId: string;
  tenantId: string | null;
  action: AuditAction;
  actor?: { kind: string; id: string } | undefined;
  subject?: { kind: string; id: string } | undefined;
  ip?: string | undefined;
  details?: Record<string, unknown> | undefined;
};

/** Appends to the audit log; the IP is kept as a salted hash (enough to correlate, not to identify). */
export async function recordAudit(tx: Transaction, entry: AuditEntry): Promise<void> {
  await tx.insert(auditEvents).values({
    epciId: entry.epciId,
    tenantId: entry.tenantId,
    action: entry.action,
    actorKind: entry.actor?.kind ?? null,
    actorId: entry.actor?.id ?? null,
    subjectKind: entry.subject?.kind ?? null,
    subjectId: entry.subject?.id ?? null,
    ipHash: entry.ip ? createHash('sha256').update(`guichet-audit:${entry.ip}`).digest('hex').slice(0, 32) : null,
    details: entry.details ?? null,
  });
}
