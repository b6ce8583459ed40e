import { postMessage, type MessageInput } from '../post-message.ts';
import type { ChangeContext } from '../transition-request.ts';
import { proveFollowUpToken } from './follow-up-tokens.ts';

/**
 * An anonymous filer's message through their follow-up link, under a signed-in citizen's rules:
 * not on a closed request, and an answer to a request waiting for them resumes it.
 */
export async function answerByFollowUp(context: Omit<ChangeContext, 'actor'>, input: { token: string } & MessageInput): Promise<void> {
  const actor = await proveFollowUpToken(context.tx, input.token);
  await postMessage({ ...context, actor }, { requestId: actor.requestId, body: input.body, attachmentIds: input.attachmentIds });
}
