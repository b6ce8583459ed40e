import type { Transaction } from '@guichet/db';
import { requestDetail } from '../request-views.ts';
import { proveFollowUpToken } from './follow-up-tokens.ts';

/**
 * An anonymous filer's request, opened through its private follow-up link: the same public view
 * a signed-in citizen gets of their own request (status, public history, the commune's messages).
 */
export async function followRequest(context: { tx: Transaction }, input: { token: string }) {
  const actor = await proveFollowUpToken(context.tx, input.token);
  return requestDetail({ tx: context.tx, actor }, { requestId: actor.requestId });
}
