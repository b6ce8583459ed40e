import { and, eq, exists, isNull, sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { z } from 'zod';
import {
  contacts,
  enforceAttempts,
  procedures,
  rateKey,
  requestFollowUpTokens,
  requests,
  withTenant,
  type Database,
  type RateRule,
} from '@guichet/db';
import { followUpLinks, queueMail, type CommuneBrand } from '@guichet/mail';
import { SECRET_JOB_RETENTION_SECONDS } from '../notifications.ts';
import { issueFollowUpToken } from './follow-up-tokens.ts';

export const followUpLinksRequestSchema = z.strictObject({ email: z.email('Adresse e-mail invalide.').max(254) });

/** Like the citizens' mail endpoints: a few per address, so nobody floods an inbox, a few dozen per IP. */
const MAIL_RULES = {
  address: { attempts: 3, windowSeconds: 3600, blockSeconds: 3600 },
  ip: { attempts: 20, windowSeconds: 3600, blockSeconds: 3600 },
} satisfies Record<string, RateRule>;

export type FollowUpLinksContext = {
  db: Database;
  jobs: PgBoss;
  tenantId: string;
  /** The portal's public origin, which the links lead back to, and the brand the mail wears. */
  origin: string;
  brand: CommuneBrand;
  ip: string;
};

/**
 * Mails new follow-up links for the requests an address filed without an account in this
 * commune and that still hold their personal data; the caller answers the same whether there
 * were any or not. Older links stay valid: replacing them would let anyone who knows the
 * address break the link in the citizen's acknowledgement.
 */
export async function sendFollowUpLinks(context: FollowUpLinksContext, input: z.infer<typeof followUpLinksRequestSchema>): Promise<void> {
  const { db, tenantId, ip } = context;
  const email = input.email.trim().toLowerCase();
  await enforceAttempts(db, [
    { key: rateKey('suivi-lien:ip', ip), rule: MAIL_RULES.ip },
    { key: rateKey('suivi-lien:adresse', `${tenantId}:${email}`), rule: MAIL_RULES.address },
  ]);
  await withTenant(db, tenantId, async (tx) => {
    const filed = await tx
      .select({ id: requests.id, reference: requests.reference, procedure: sql<string>`${procedures.definition}->>'title'` })
      .from(requests)
      .innerJoin(contacts, and(eq(contacts.tenantId, requests.tenantId), eq(contacts.id, requests.contactId)))
      .innerJoin(procedures, and(eq(procedures.tenantId, requests.tenantId), eq(procedures.id, requests.procedureId)))
      .where(
        and(
          sql`lower(${contacts.email}) = ${email}`,
          isNull(requests.citizenAccountId),
          isNull(requests.anonymisedAt),
          isNull(requests.mergedIntoId),
          // Filed anonymously through the portal: those got a link with their acknowledgement.
          exists(
            tx
              .select({ one: sql`1` })
              .from(requestFollowUpTokens)
              .where(and(eq(requestFollowUpTokens.tenantId, requests.tenantId), eq(requestFollowUpTokens.requestId, requests.id))),
          ),
        ),
      )
      .orderBy(requests.filedAt)
      .limit(20);
    if (filed.length === 0) return;
    const links = [];
    for (const request of filed) {
      const token = await issueFollowUpToken(tx, { tenantId, requestId: request.id });
      links.push({ reference: request.reference, procedure: request.procedure, link: `${context.origin}/suivi/${token}` });
    }
    await queueMail(context.jobs, tx, { to: email, ...followUpLinks({ commune: context.brand, requests: links }) }, {
      deleteAfterSeconds: SECRET_JOB_RETENTION_SECONDS,
      tenantId,
    });
  });
}
