import type { Session, Transaction } from '@guichet/db';
import { recordAudit } from '../audit.ts';
import { invalidateSession } from '../sessions.ts';

/** Ends this session only (this browser). */
export async function signOut(input: { tx: Transaction; session: Session; ip: string }): Promise<void> {
  const { tx, session } = input;
  await invalidateSession(tx, session.id);
  await recordAudit(tx, {
    epciId: session.epciId,
    tenantId: session.tenantId,
    action: 'sign_out',
    actor: { kind: session.accountKind, id: session.accountId },
    ip: input.ip,
  });
}
