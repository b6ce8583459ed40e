import { withEpci } from '@guichet/db';
import { auditCitizen } from './citizen-audit.ts';
import { endAccountSessions } from './citizen-sessions.ts';
import type { PortalContext } from './portal.ts';

/**
 * "Sign out everywhere": every session of the account on every commune's portal of the EPCI,
 * this one included. Runs in the EPCI's scope, which is where those sessions are all visible.
 */
export async function revokeCitizenSessions(context: PortalContext & { accountId: string }): Promise<number> {
  const { db, portal, accountId, ip } = context;
  return withEpci(db, portal.epciId, async (tx) => {
    const count = await endAccountSessions(tx, accountId);
    await auditCitizen(tx, portal, { action: 'sessions_revoked', accountId, ip, details: { count, reason: 'citizen_request' } });
    return count;
  });
}
