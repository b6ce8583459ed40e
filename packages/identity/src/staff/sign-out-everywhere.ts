import type { Session, Transaction } from '@guichet/db';
import { recordAudit } from '../audit.ts';
import { invalidateAccountSessions } from '../sessions.ts';

/** Ends every session of the signed-in account, on every device (a lost phone, a shared computer). */
export async function signOutEverywhere(input: { tx: Transaction; session: Session; ip: string }): Promise<number> {
  const { tx, session } = input;
  const count = await invalidateAccountSessions(tx, session.accountKind, session.accountId);
  await recordAudit(tx, {
    epciId: session.epciId,
    tenantId: session.tenantId,
    action: 'sessions_revoked',
    actor: { kind: session.accountKind, id: session.accountId },
    subject: { kind: session.accountKind, id: session.accountId },
    ip: input.ip,
    details: { sessions: count, by: 'self' },
  });
  return count;
}
