import { eq } from 'drizzle-orm';
import { agents, type Transaction } from '@guichet/db';
import { agentSummaries, type AgentSummary } from './agent-summaries.ts';

/** One agent of the commune, as the back office shows it. */
export async function readAgent(context: { tx: Transaction }, input: { agentId: string }): Promise<AgentSummary | undefined> {
  const [agent] = await agentSummaries(context.tx, eq(agents.id, input.agentId));
  return agent;
}
