import { eq, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { agentRoles, agents, agentServices, services, type AgentRole, type Transaction } from '@guichet/db';

// The database sorts with the C collation; "Élodie" and "État civil" must still sort among the E's.
export const frenchOrder = new Intl.Collator('fr', { sensitivity: 'base' });

export const agentStatusSchema = z
  .enum(['active', 'invited', 'disabled'])
  .meta({ description: 'Actif, invité (invitation pas encore acceptée) ou désactivé.' });
export type AgentStatus = z.infer<typeof agentStatusSchema>;

/** Invited until the agent has a way to sign in: a password chosen, or a provider account linked. */
export function agentStatus(agent: { disabledAt: Date | null; passwordHash: string | null; externalSubject: string | null }): AgentStatus {
  if (agent.disabledAt) return 'disabled';
  return agent.passwordHash || agent.externalSubject ? 'active' : 'invited';
}

/** An agent as the back office shows it: no secret, no hash. */
export type AgentSummary = {
  id: string;
  email: string;
  displayName: string;
  role: AgentRole;
  status: AgentStatus;
  services: { slug: string; name: string }[];
  secondFactor: boolean;
  /** Linked to an account at the commune's identity provider. */
  providerLinked: boolean;
  createdAt: Date;
};

/** An agent as the API answers it (`createdAt` in ISO 8601). */
export const agentSummarySchema = z
  .object({
    id: z.uuid(),
    email: z.email(),
    displayName: z.string().meta({ example: 'Camille Martin' }),
    role: z.enum(agentRoles).meta({ description: 'Agent, responsable de service, administrateur de la commune ou élu (`elected_official` : décide des demandes en attente de décision de ses services, ne les traite pas autrement).' }),
    status: agentStatusSchema,
    services: z.array(z.object({ slug: z.string(), name: z.string() })).meta({ description: 'Les services où il travaille, par nom.' }),
    secondFactor: z.boolean().meta({ description: 'Une application d’authentification est associée au compte.' }),
    providerLinked: z.boolean().meta({ description: 'Relié à un compte du fournisseur d’identité de la commune.' }),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'Agent' });

/** The agents (optionally one) visible in the caller's commune transaction, with their services. */
export async function agentSummaries(tx: Transaction, where?: SQL): Promise<AgentSummary[]> {
  const rows = (await tx.select().from(agents).where(where)).sort((a, b) => frenchOrder.compare(a.displayName, b.displayName));
  const memberships = (
    await tx
      .select({ agentId: agentServices.agentId, slug: services.slug, name: services.name })
      .from(agentServices)
      .innerJoin(services, eq(services.id, agentServices.serviceId))
  ).sort((a, b) => frenchOrder.compare(a.name, b.name));
  return rows.map((agent) => ({
    id: agent.id,
    email: agent.email,
    displayName: agent.displayName,
    role: agent.role,
    status: agentStatus(agent),
    services: memberships.filter((row) => row.agentId === agent.id).map(({ slug, name }) => ({ slug, name })),
    secondFactor: agent.totpEnabledAt !== null,
    providerLinked: agent.externalSubject !== null,
    createdAt: agent.createdAt,
  }));
}
