import { epciStaff, withEpci, type Database } from '@guichet/db';
import { createSession } from '@guichet/identity';
import { withCookie, type HttpClient } from '@guichet/testing';

/** A member of an EPCI's staff, signed in on its console with the second factor passed. */
export async function epciStaffSession(db: Database, epciId: string, email: string) {
  return withEpci(db, epciId, async (tx) => {
    const [member] = await tx.insert(epciStaff).values({ epciId, email, displayName: 'Agent intercommunal de test' }).returning();
    const { token } = await createSession(tx, {
      epciId,
      tenantId: null,
      accountKind: 'epci_staff',
      accountId: member!.id,
      authMethod: 'password',
      secondFactorVerified: true,
    });
    return `guichet_session=${token}`;
  });
}

/**
 * The catalogue's verbs, as a signed-in browser sends them (cookie, Origin for CSRF), and the
 * API through Hono's typed client carrying the same cookie.
 */
export function as(client: HttpClient, cookie: string) {
  const headers = { cookie };
  return {
    api: withCookie(client, cookie).api,
    get: (path: string) => client.request(path, { method: 'GET', headers }),
    post: (path: string, json: unknown) => client.request(path, { method: 'POST', json, headers }),
    put: (path: string, json: unknown) => client.request(path, { method: 'PUT', json, headers }),
    delete: (path: string) => client.request(path, { method: 'DELETE', headers }),
  };
}
