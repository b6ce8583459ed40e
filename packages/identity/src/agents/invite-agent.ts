import { inArray, sql } from 'drizzle-orm';
import { accountTokens, agents, agentServices, services, type AgentRole, type Transaction } from '@guichet/db';
import { recordAudit } from '../audit.ts';
import { generateSecret, hashSecret } from '../sessions.ts';
import { agentAccounts } from '../staff/staff-accounts.ts';
import type { AdministrationContext } from './commune-scope.ts';
import { StaffRefusal } from '../staff/staff-refusal.ts';

/** An invitation link works once, for three days. */
export const INVITATION_LIFETIME_MS = 72 * 3600_000;

export type InvitationMail = { to: string; token: string; inviterName: string };

export type AgentInvitation = { outcome: 'invited'; agentId: string };

/**
 * Creates the agent's account (no password yet) and the single-use invitation token, and
 * queues the e-mail through the context's `deliver` in the same transaction: the invitation exists if and
 * only if its mail will be sent. Only the token's hash is stored.
 */
export async function inviteAgent(
  context: AdministrationContext & { deliver: (tx: Transaction, mail: InvitationMail) => Promise<unknown> },
  input: { email: string; displayName: string; role: AgentRole; services: string[] },
): Promise<AgentInvitation> {
  const { tx, commune } = context;
  const email = input.email.trim().toLowerCase();
  const [existing] = await tx.select({ id: agents.id }).from(agents).where(sql`lower(${agents.email}) = ${email}`);
  if (existing) throw new StaffRefusal('email_taken');
  const slugs = [...new Set(input.services)];
  const found = slugs.length ? await tx.select({ id: services.id, slug: services.slug }).from(services).where(inArray(services.slug, slugs)) : [];
  const unknown = slugs.filter((slug) => !found.some((service) => service.slug === slug));
  if (unknown.length > 0) throw new StaffRefusal('unknown_services', unknown);

  const [agent] = await tx
    .insert(agents)
    .values({ tenantId: commune.id, email, displayName: input.displayName.trim(), role: input.role })
    .returning({ id: agents.id });
  const agentId = agent!.id;
  if (found.length) await tx.insert(agentServices).values(found.map((service) => ({ tenantId: commune.id, agentId, serviceId: service.id })));
  const token = await issueInvitation(tx, { epciId: commune.epciId, tenantId: commune.id, agentId });
  await recordAudit(tx, {
    epciId: commune.epciId,
    tenantId: commune.id,
    action: 'agent_invited',
    actor: { kind: 'agent', id: context.actor.agentId },
    subject: { kind: 'agent', id: agentId },
    ip: context.ip,
    details: { role: input.role, services: slugs },
  });
  const inviter = await agentAccounts.findById(tx, context.actor.agentId);
  await context.deliver(tx, { to: email, token, inviterName: inviter?.displayName ?? 'La mairie' });
  return { outcome: 'invited', agentId };
}

/**
 * The invitation of a new commune's first administrator, made with the commune from the EPCI's
 * console (`createCommune`): the token, the audit line naming the EPCI administrator who invited,
 * and the e-mail queued through `deliver`, in the same transaction.
 */
export async function inviteFirstAdministrator(
  context: { tx: Transaction; epciId: string; staffId: string; ip?: string | undefined; deliver: (tx: Transaction, mail: InvitationMail) => Promise<unknown> },
  input: { communeId: string; agentId: string; email: string; inviterName: string },
): Promise<void> {
  const { tx } = context;
  const token = await issueInvitation(tx, { epciId: context.epciId, tenantId: input.communeId, agentId: input.agentId });
  await recordAudit(tx, {
    epciId: context.epciId,
    tenantId: input.communeId,
    action: 'agent_invited',
    actor: { kind: 'epci_staff', id: context.staffId },
    subject: { kind: 'agent', id: input.agentId },
    ip: context.ip,
    details: { role: 'commune_admin', services: [] },
  });
  await context.deliver(tx, { to: input.email, token, inviterName: input.inviterName });
}

/** A single-use invitation token for the agent; only its hash is stored. */
async function issueInvitation(tx: Transaction, input: { epciId: string; tenantId: string; agentId: string }): Promise<string> {
  const token = generateSecret();
  await tx.insert(accountTokens).values({
    epciId: input.epciId,
    tenantId: input.tenantId,
    tokenHash: hashSecret(token),
    purpose: 'invitation',
    accountKind: 'agent',
    accountId: input.agentId,
    expiresAt: new Date(Date.now() + INVITATION_LIFETIME_MS),
  });
  return token;
}
