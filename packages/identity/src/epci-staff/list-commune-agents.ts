import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { agentRoles, agents, agentServices, services, tenants, type Transaction } from '@guichet/db';
import { agentStatus, agentStatusSchema, frenchOrder } from '../agents/agent-summaries.ts';

/** A member commune and its agents, as the EPCI console's API answers them. */
export const communeAgentsSchema = z
  .object({
    slug: z.string().meta({ example: 'libercourt' }),
    name: z.string().meta({ example: 'Libercourt' }),
    agents: z.array(
      z.object({
        id: z.uuid(),
        displayName: z.string().meta({ example: 'Camille Martin' }),
        email: z.email(),
        role: z.enum(agentRoles).meta({ description: 'Agent, responsable de service, administrateur de la commune ou élu (`elected_official` : décide des demandes en attente de décision de ses services, ne les traite pas autrement).' }),
        status: agentStatusSchema,
        services: z.array(z.string()).meta({ description: 'Les noms des services où il travaille.' }),
      }),
    ),
  })
  .meta({ id: 'AgentsDUneCommune' });
export type CommuneAgents = z.infer<typeof communeAgentsSchema>;

/**
 * The agents of every member commune, for the EPCI console. Read through an EPCI scope
 * (withEpciScope): Postgres shows this EPCI's communes only, and allows no write.
 */
export async function listCommuneAgents(context: { tx: Transaction; epciId: string }): Promise<CommuneAgents[]> {
  const { tx, epciId } = context;
  const communes = await tx.select({ id: tenants.id, slug: tenants.slug, name: tenants.name }).from(tenants).where(eq(tenants.epciId, epciId));
  const rows = (await tx.select().from(agents)).sort((a, b) => frenchOrder.compare(a.displayName, b.displayName));
  const memberships = await tx
    .select({ agentId: agentServices.agentId, name: services.name })
    .from(agentServices)
    .innerJoin(services, eq(services.id, agentServices.serviceId));
  return communes.sort((a, b) => frenchOrder.compare(a.name, b.name)).map((commune) => ({
    slug: commune.slug,
    name: commune.name,
    agents: rows
      .filter((agent) => agent.tenantId === commune.id)
      .map((agent) => ({
        id: agent.id,
        displayName: agent.displayName,
        email: agent.email,
        role: agent.role,
        status: agentStatus(agent),
        services: memberships.filter((row) => row.agentId === agent.id).map((row) => row.name),
      })),
  }));
}
