import { randomBytes } from 'node:crypto';
import { and, eq, isNotNull } from 'drizzle-orm';
import type { Logger } from 'pino';
import { agents, tenants, withTenant, type AgentSignInConfig, type Database, type Tenant } from '@guichet/db';
import { demoAgents, startFranceConnectPeer, type DemoPerson, type Peer } from '@guichet/franceconnect';
import { agentIdentityProvider, type AgentIdentityProvider } from '@guichet/identity';
import { ofCommune } from '@guichet/tenants/commune-name';

export const AGENT_PROVIDER_CALLBACK_PATH = '/api/agent/auth/fournisseur/retour';

/** The identity provider of each commune's agents, when it declares one and it can be reached. */
export type AgentSignInProviders = {
  forCommune(tenant: Tenant): AgentIdentityProvider | null;
};

/**
 * Builds the communes' provider clients, the secret of each read from the environment variable
 * its tenant file names. Outside production, a ProConnect or OpenID commune without its secret
 * is served by a local "ProConnect (démo)" provider whose people are that commune's declared
 * agents, so that the whole sign-in can be tried on a fresh machine.
 */
export async function createAgentSignInProviders(input: {
  db: Database;
  production: boolean;
  /** Where client secrets are read, by the names the tenant files give. */
  secrets: Record<string, string | undefined>;
  /** The public origins of every portal: the demo provider's registered redirect URIs. */
  portals: string[];
  demoPeerPort: number;
  log: Logger;
}) {
  const declared = await input.db.select().from(tenants).where(isNotNull(tenants.agentSignIn));
  const standIn = (config: AgentSignInConfig) => !input.production && config.provider !== 'entra' && !input.secrets[config.clientSecretEnv];
  const served = declared.filter((tenant) => standIn(tenant.agentSignIn!));
  let peer: Peer | undefined;
  // One client per commune, as each registers its own at ProConnect; it also keeps every
  // client's redirect URIs on one host, which pairwise subjects require.
  const demoClients = new Map(served.map((tenant) => [tenant.id, { clientId: `guichet-agents-${tenant.slug}`, clientSecret: randomBytes(24).toString('hex') }]));
  if (served.length > 0) {
    peer = await startFranceConnectPeer({
      profile: 'proconnect',
      port: input.demoPeerPort,
      people: [...(await declaredAgents(input.db, served)), ...demoAgents],
      clients: served.map((tenant) => ({
        client_id: demoClients.get(tenant.id)!.clientId,
        client_secret: demoClients.get(tenant.id)!.clientSecret,
        client_name: `Espace agents ${ofCommune(tenant.name)} (démo)`,
        redirect_uris: input.portals
          .filter((origin) => new URL(origin).hostname.startsWith(`${tenant.slug}.`))
          .map((origin) => `${origin}${AGENT_PROVIDER_CALLBACK_PATH}`),
      })),
    });
    input.log.info({ issuer: peer.issuer, communes: served.map((tenant) => tenant.slug) }, 'ProConnect (démo) started for the agents');
  }
  for (const tenant of declared) {
    const config = tenant.agentSignIn!;
    if (!standIn(config) && !input.secrets[config.clientSecretEnv]) {
      input.log.warn({ commune: tenant.slug, variable: config.clientSecretEnv }, 'agent identity provider disabled: its client secret is not set');
    }
  }

  const clients = new Map<string, { key: string; provider: AgentIdentityProvider }>();
  const providers: AgentSignInProviders = {
    forCommune(tenant) {
      const config = tenant.agentSignIn;
      if (!config) return null;
      const secret = input.secrets[config.clientSecretEnv];
      const key = JSON.stringify(config);
      const cached = clients.get(tenant.id);
      if (cached?.key === key) return cached.provider;
      let provider: AgentIdentityProvider | null = null;
      if (secret) provider = agentIdentityProvider(config, secret);
      else if (peer && demoClients.has(tenant.id) && standIn(config)) {
        const demo = demoClients.get(tenant.id)!;
        provider = agentIdentityProvider({ provider: 'proconnect', issuer: peer.issuer, clientId: demo.clientId, clientSecretEnv: 'DEMO' }, demo.clientSecret);
      }
      if (provider) clients.set(tenant.id, { key, provider });
      return provider;
    },
  };
  return { providers, peer, close: async () => peer?.close() };
}

/** The agents declared in the served communes' files, as the demo provider's people. */
async function declaredAgents(db: Database, communes: Tenant[]): Promise<DemoPerson[]> {
  const people: DemoPerson[] = [];
  for (const commune of communes) {
    const rows = await withTenant(db, commune.id, (tx) =>
      tx
        .select({ email: agents.email, displayName: agents.displayName, role: agents.role })
        .from(agents)
        .where(and(eq(agents.declaredInFile, true), eq(agents.tenantId, commune.id))),
    );
    for (const agent of rows) {
      const [givenName = agent.displayName, ...rest] = agent.displayName.split(' ');
      people.push({
        key: agent.email.replace(/[^a-z0-9]+/gi, '-'),
        label: agent.displayName,
        description: `${roleLabels[agent.role]}, mairie ${ofCommune(commune.name)}`,
        claims: { given_name: givenName, usual_name: rest.join(' ').toUpperCase() || givenName, email: agent.email, uid: agent.email.split('@')[0]! },
      });
    }
  }
  return people;
}

const roleLabels = { agent: 'agent', service_manager: 'responsable de service', commune_admin: 'administratrice ou administrateur', elected_official: 'élue ou élu' } as const;
