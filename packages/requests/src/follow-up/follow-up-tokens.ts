import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { requestFollowUpTokens, requests, type Actor, type Transaction } from '@guichet/db';
import { RequestError } from '../errors.ts';

export type AnonymousFilerActor = Extract<Actor, { kind: 'anonymous_filer' }>;

function digest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * A new private follow-up link's token for an anonymous request (32 random bytes, base64url):
 * only its SHA-256 is stored, the token itself goes into the e-mail and nowhere else.
 */
export async function issueFollowUpToken(tx: Transaction, input: { tenantId: string; requestId: string }): Promise<string> {
  const token = newFollowUpToken();
  await keepFollowUpToken(tx, { ...input, token });
  return token;
}

/** A token drawn before its request is written, so that the job sending it leaves with the request. */
export function newFollowUpToken(): string {
  return randomBytes(32).toString('base64url');
}

export async function keepFollowUpToken(tx: Transaction, input: { tenantId: string; requestId: string; token: string }): Promise<void> {
  await tx.insert(requestFollowUpTokens).values({ tenantId: input.tenantId, requestId: input.requestId, tokenHash: digest(input.token) });
}

/**
 * The anonymous filer a follow-up link proves: the token's hash must be one of this commune's
 * (row-level security hides the others) and its request must still hold its personal data.
 */
export async function proveFollowUpToken(tx: Transaction, token: string): Promise<AnonymousFilerActor> {
  const [row] = await tx
    .select({ requestId: requestFollowUpTokens.requestId })
    .from(requestFollowUpTokens)
    .innerJoin(requests, and(eq(requests.tenantId, requestFollowUpTokens.tenantId), eq(requests.id, requestFollowUpTokens.requestId)))
    .where(and(eq(requestFollowUpTokens.tokenHash, digest(token)), isNull(requests.anonymisedAt)));
  if (!row) throw new RequestError({ kind: 'follow_up_link_invalid' });
  return { kind: 'anonymous_filer', requestId: row.requestId };
}
