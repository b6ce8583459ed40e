import type { Transaction } from '@guichet/db';
import { agentSummaries, type AgentSummary } from './agent-summaries.ts';

/** Every agent of the commune the transaction is scoped to, by name. */
export function listAgents(context: { tx: Transaction }): Promise<AgentSummary[]> {
  return agentSummaries(context.tx);
}
