/** The commune a back-office verb acts in, and the agent acting. */
export type Commune = { id: string; epciId: string };
export type Actor = { id: string };
