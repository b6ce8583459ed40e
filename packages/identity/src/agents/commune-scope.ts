import type { AgentActor, Transaction } from '@guichet/db';

/** The commune a back-office verb acts in. */
export type Commune = { id: string; epciId: string };

/** A back-office verb's context: the commune's transaction, and that commune. */
export type CommuneScope = { tx: Transaction; commune: Commune };

/** An administrator's change: in the commune's transaction, by that agent, from that address (for the audit). */
export type AdministrationContext = CommuneScope & { actor: AgentActor; ip: string };
