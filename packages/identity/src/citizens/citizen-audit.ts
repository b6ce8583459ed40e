import type { Transaction } from '@guichet/db';
import { recordAudit, type AuditAction } from '../audit.ts';
import type { CitizenPortal } from './portal.ts';

/**
 * An audit entry about a citizen account, on the commune where it happened. The account is
 * named by id only; `details` never holds an address, a token or a password.
 */
export function auditCitizen(
  tx: Transaction,
  portal: CitizenPortal,
  entry: { action: AuditAction; accountId?: string | undefined; ip: string; details?: Record<string, unknown> },
): Promise<void> {
  const subject = entry.accountId === undefined ? undefined : { kind: 'citizen', id: entry.accountId };
  return recordAudit(tx, {
    epciId: portal.epciId,
    tenantId: portal.tenantId,
    action: entry.action,
    actor: subject,
    subject,
    ip: entry.ip,
    details: entry.details,
  });
}
