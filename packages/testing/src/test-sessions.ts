import { eq } from 'drizzle-orm';
import { agents, agentServices, citizenAccounts, epciStaff, services, withEpci, withTenant, type AgentRole, type Database, type Tenant } from '@guichet/db';
import { createSession } from '@guichet/identity';
import { typedApi, type HttpClient } from './http-client.ts';

/**
 * For tests whose subject is not sign-in itself: an account and a real session made through the
 * sessions module, so the request goes through the same cookie and middleware as a browser's.
 * Sign-in flows have their own end-to-end tests.
 */
export async function citizenSession(db: Database, commune: Tenant, email: string) {
  return withTenant(db, commune.id, async (tx) => {
    const [account] = await tx
      .insert(citizenAccounts)
      .values({ epciId: commune.epciId, email, emailVerifiedAt: new Date(), givenName: 'Camille', familyName: 'Testeur' })
      .returning();
    const { token } = await createSession(tx, {
      epciId: commune.epciId,
      tenantId: commune.id,
      accountKind: 'citizen',
      accountId: account!.id,
      authMethod: 'password',
      secondFactorVerified: true,
    });
    return { accountId: account!.id, cookie: `guichet_session=${token}` };
  });
}

export async function agentSession(db: Database, commune: Tenant, input: { email: string; role: AgentRole; services: string[]; name?: string }) {
  return withTenant(db, commune.id, async (tx) => {
    const [agent] = await tx
      .insert(agents)
      .values({ tenantId: commune.id, email: input.email, displayName: input.name ?? 'Agent de test', role: input.role })
      .returning();
    for (const slug of input.services) {
      const [service] = await tx.select({ id: services.id }).from(services).where(eq(services.slug, slug));
      await tx.insert(agentServices).values({ tenantId: commune.id, agentId: agent!.id, serviceId: service!.id });
    }
    const { token } = await createSession(tx, {
      epciId: commune.epciId,
      tenantId: commune.id,
      accountKind: 'agent',
      accountId: agent!.id,
      authMethod: 'password',
      secondFactorVerified: true,
    });
    return { agentId: agent!.id, cookie: `guichet_session=${token}` };
  });
}

/** The client's requests, carrying a session cookie made above. */
export function withCookie(client: HttpClient, cookie: string) {
  return {
    get: (path: string) => client.request(path, { method: 'GET', headers: { cookie } }),
    post: (path: string, json: unknown) => client.request(path, { method: 'POST', json, headers: { cookie } }),
    request: (path: string, init: { method: string; json?: unknown }) => client.request(path, { ...init, headers: { cookie } }),
    /** The typed API (as `httpClient(...).api`), carrying this cookie. */
    api: typedApi(client.origin, (path, init) => client.request(path, { ...init, headers: { ...init.headers, cookie } })),
  };
}

export type SignedInClient = ReturnType<typeof withCookie>;

/** The `If-Match` of an agent's change: the version of the request as this agent reads it now. */
export async function seenBy(agent: Pick<SignedInClient, 'api'>, requestId: string): Promise<{ 'if-match': string }> {
  const response = await agent.api.agent.demandes[':id'].$get({ param: { id: requestId } });
  return { 'if-match': response.headers.get('etag') ?? '"0"' };
}

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
