import { and, count, eq, isNull, ne } from 'drizzle-orm';
import { agents, type Transaction } from '@guichet/db';

/**
 * Whether the commune keeps an active administrator once `agentId` is demoted or disabled:
 * without one, nobody could invite or manage its agents any more.
 */
export async function keepsAnAdministrator(tx: Transaction, agentId: string): Promise<boolean> {
  const [row] = await tx
    .select({ n: count() })
    .from(agents)
    .where(and(eq(agents.role, 'commune_admin'), isNull(agents.disabledAt), ne(agents.id, agentId)));
  return (row?.n ?? 0) > 0;
}
