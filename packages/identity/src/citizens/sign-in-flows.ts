import { randomBytes } from 'node:crypto';
import { and, eq, gt } from 'drizzle-orm';
import { signInFlows, type Transaction } from '@guichet/db';
import type { CitizenIdentity } from '@guichet/franceconnect';

/**
 * The three kinds of flow a citizen's browser can be in, named by `provider`: a FranceConnect
 * round trip under way, a FranceConnect identity waiting for the owner of a same-address
 * account to confirm the link, and a FranceConnect logout under way.
 */
export const FLOW_KINDS = {
  signIn: 'franceconnect',
  pendingLink: 'franceconnect-link',
  signOut: 'franceconnect-logout',
} as const;
type FlowKind = (typeof FLOW_KINDS)[keyof typeof FLOW_KINDS];

const FLOW_LIFETIME_MS = {
  [FLOW_KINDS.signIn]: 10 * 60_000,
  [FLOW_KINDS.pendingLink]: 15 * 60_000,
  [FLOW_KINDS.signOut]: 10 * 60_000,
} as const satisfies Record<FlowKind, number>;

/**
 * What a sign-in flow is for: signing in, adding FranceConnect to the signed-in account, or
 * proving again, by signing in anew at FranceConnect, that the account is the citizen's before
 * deleting it.
 */
export type SignInPurpose = { purpose: 'sign-in' } | { purpose: 'link'; accountId: string } | { purpose: 'delete-account'; accountId: string };

/** A FranceConnect identity kept until the citizen proves they own the account it matches. */
export type PendingLink = { accountId: string; sub: string; idToken: string; identity: CitizenIdentity };

export type Flow = typeof signInFlows.$inferSelect;

/** When the flow began (its row keeps only its end). */
export function flowStartedAt(flow: Flow): Date {
  return new Date(flow.expiresAt.getTime() - FLOW_LIFETIME_MS[flow.provider as FlowKind]);
}

export async function openFlow(
  tx: Transaction,
  input: {
    epciId: string;
    tenantId: string;
    kind: FlowKind;
    state: string;
    nonce?: string;
    returnTo: string;
    payload: SignInPurpose | PendingLink | null;
  },
): Promise<{ id: string; expiresAt: Date }> {
  const id = randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.now() + FLOW_LIFETIME_MS[input.kind]);
  await tx.insert(signInFlows).values({
    epciId: input.epciId,
    tenantId: input.tenantId,
    id,
    provider: input.kind,
    state: input.state,
    nonce: input.nonce ?? null,
    returnTo: input.returnTo,
    payload: input.payload,
    expiresAt,
  });
  return { id, expiresAt };
}

/** Removes and returns a live flow of this kind: each flow is spent on first use, even a failed one. */
export async function takeFlow(tx: Transaction, id: string | undefined, kind: FlowKind): Promise<Flow | null> {
  if (!id) return null;
  const [flow] = await tx
    .delete(signInFlows)
    .where(and(eq(signInFlows.id, id), eq(signInFlows.provider, kind), gt(signInFlows.expiresAt, new Date())))
    .returning();
  return flow ?? null;
}

export async function peekFlow(tx: Transaction, id: string | undefined, kind: FlowKind): Promise<Flow | null> {
  if (!id) return null;
  const [flow] = await tx
    .select()
    .from(signInFlows)
    .where(and(eq(signInFlows.id, id), eq(signInFlows.provider, kind), gt(signInFlows.expiresAt, new Date())));
  return flow ?? null;
}

export function pendingLinkOf(flow: Flow): PendingLink {
  return flow.payload as PendingLink;
}

export function signInPurposeOf(flow: Flow): SignInPurpose {
  return (flow.payload as SignInPurpose | null) ?? { purpose: 'sign-in' };
}
