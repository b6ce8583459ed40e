import { and, eq, isNull, sql } from 'drizzle-orm';
import { agents, type Session } from '@guichet/db';
import { recordAudit } from '../audit.ts';
import { createSession } from '../sessions.ts';
import type { CommuneScope } from './commune-scope.ts';

/** Who an identity provider says signed in, in the terms we match agents by. */
export type ExternalIdentity = {
  provider: 'proconnect' | 'oidc' | 'entra';
  issuer: string;
  subject: string;
  email: string | undefined;
  /** Only a verified address may be used to find the agent on first use. */
  emailVerified: boolean;
};

export type ExternalSignIn =
  | { outcome: 'signed_in'; token: string; session: Session }
  /** Administrators pass our own second factor after the provider (enrolled, or to enrol). */
  | { outcome: 'second_factor'; token: string; session: Session; enrolled: boolean }
  | { outcome: 'refused' };

/**
 * Opens an agent session for an identity the commune's provider vouched for. The agent is found
 * by (issuer, subject) once linked; on first use, by a verified e-mail, and only among the
 * agents declared in the commune's tenant file, so that an address typed into an invitation
 * never becomes a way in through a provider.
 */
export async function signInExternalAgent(context: CommuneScope & { ip: string }, identity: ExternalIdentity): Promise<ExternalSignIn> {
  const { tx, commune } = context;
  const audit = { epciId: commune.epciId, tenantId: commune.id, ip: context.ip };
  const [linked] = await tx
    .select()
    .from(agents)
    .where(and(eq(agents.externalIssuer, identity.issuer), eq(agents.externalSubject, identity.subject)));
  let agent = linked;
  if (!agent && identity.emailVerified && identity.email) {
    const [declared] = await tx
      .select()
      .from(agents)
      .where(and(sql`lower(${agents.email}) = ${identity.email.toLowerCase()}`, eq(agents.declaredInFile, true), isNull(agents.externalSubject)));
    if (declared) {
      await tx.update(agents).set({ externalIssuer: identity.issuer, externalSubject: identity.subject, updatedAt: new Date() }).where(eq(agents.id, declared.id));
      await recordAudit(tx, {
        ...audit,
        action: 'identity_linked',
        actor: { kind: 'agent', id: declared.id },
        subject: { kind: 'agent', id: declared.id },
        details: { provider: identity.provider },
      });
      agent = declared;
    }
  }
  if (!agent || agent.disabledAt) {
    await recordAudit(tx, {
      ...audit,
      action: 'sign_in_failed',
      subject: agent ? { kind: 'agent', id: agent.id } : undefined,
      details: { method: identity.provider, reason: agent ? 'disabled' : 'unknown_identity' },
    });
    return { outcome: 'refused' };
  }
  const needsSecondFactor = agent.role === 'commune_admin';
  const { token, session } = await createSession(tx, {
    epciId: commune.epciId,
    tenantId: commune.id,
    accountKind: 'agent',
    accountId: agent.id,
    authMethod: identity.provider,
    secondFactorVerified: !needsSecondFactor,
  });
  if (needsSecondFactor) return { outcome: 'second_factor', token, session, enrolled: agent.totpEnabledAt !== null };
  await recordAudit(tx, {
    ...audit,
    action: 'sign_in',
    actor: { kind: 'agent', id: agent.id },
    subject: { kind: 'agent', id: agent.id },
    details: { method: identity.provider },
  });
  return { outcome: 'signed_in', token, session };
}
