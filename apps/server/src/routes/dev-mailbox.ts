import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppDependencies, AppEnv } from '../env.ts';
import { problem } from '../problems/problem.ts';

/**
 * The mail the local SMTP capture received, newest first, so that a newcomer running the
 * embedded default can follow a confirmation link. The capture only exists outside
 * production (no SMTP_URL); without it this route does not exist either.
 */
export function devMailboxRoutes(deps: AppDependencies) {
  const mailbox = deps.identity.mailbox;
  const onlyWithCapture = createMiddleware<AppEnv>(async (c, next) => {
    if (!mailbox) return problem(c, 'introuvable');
    await next();
  });

  return new Hono<AppEnv>().get('/courriels', onlyWithCapture, (c) => {
    const messages = (mailbox?.messages() ?? []).reverse().map((mail) => ({
      id: mail.id,
      to: mail.to,
      subject: mail.subject,
      receivedAt: mail.receivedAt.toISOString(),
      text: mail.text,
      html: mail.html,
    }));
    c.header('cache-control', 'no-store');
    return c.json({ messages });
  });
}
