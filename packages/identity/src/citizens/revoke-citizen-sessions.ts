import { withEpci, type Database } from '@guichet/db';
import { auditCitizen } from './citizen-audit.ts';
import { endAccountSessions } from './citizen-sessions.ts';
import type { CitizenPortal } from './portal.ts';

/**
 * "Sign out everywhere": every session of the account on every commune's portal of the EPCI,
 * this one included. Runs in the EPCI's scope, which is where those sessions are all visible.
 */
export async function revokeCitizenSessions(input: { db: Database; portal: CitizenPortal; accountId: string; ip: string }): Promise<number> {
  const { portal } = input;
  return withEpci(input.db, portal.epciId, async (tx) => {
    const count = await endAccountSessions(tx, input.accountId);
    await auditCitizen(tx, portal, { action: 'sessions_revoked', accountId: input.accountId, ip: input.ip, details: { count, reason: 'citizen_request' } });
    return count;
  });
}
