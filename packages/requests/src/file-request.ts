import { and, eq } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { z } from 'zod';
import { contacts, procedures, requests, services, channels, type Channel, type Procedure, type Transaction } from '@guichet/db';
import { addWorkingDays } from '@guichet/deadlines';
import { formSchema, validateSubmission, type Address, type FormDefinition } from '@guichet/forms';
import { initialPriority, readCommuneSettings, routeRequest, sectorOf, type Sector } from '@guichet/catalogue';
import type { Actor } from '@guichet/db';
import { dropDraft } from './drafts.ts';
import { RequestError } from './errors.ts';
import { attachFormFiles } from './attachments/attach-files.ts';
import { uploaderOf } from './attachments/uploader.ts';
import { issueFollowUpToken } from './follow-up/follow-up-tokens.ts';
import { appendEvent } from './history.ts';
import { notifyCitizen, notifyService } from './notifications.ts';
import { allocateReference } from './reference.ts';

/** A person an agent records (phone, counter, letter…), or an anonymous filer's e-mail. */
export const contactInputSchema = z.strictObject({
  givenName: z.string().trim().min(1).max(100).optional(),
  familyName: z.string().trim().min(1).max(100).optional(),
  email: z.email('Adresse e-mail invalide.').max(254).optional(),
  phone: z.string().trim().min(6).max(30).optional(),
  address: z.string().trim().max(300).optional(),
});

export const filingInputSchema = z.strictObject({
  procedure: z.string().min(1).max(100),
  values: z.record(z.string(), z.unknown()),
  channel: z.enum(channels),
  /** An existing contact of the commune (agent filing), or a new one. */
  contactId: z.uuid().optional(),
  contact: contactInputSchema.optional(),
});
export type FilingInput = z.infer<typeof filingInputSchema>;

export type FilingContext = {
  tx: Transaction;
  jobs: PgBoss;
  tenant: { id: string; slug: string };
  actor: Actor;
  /** An anonymous filer's upload token: it lets the filing attach that browser's uploads. */
  uploadToken?: string | undefined;
  now?: Date;
};

export type FiledRequest = { id: string; reference: string; dueAt: Date; serviceId: string };

/**
 * Records a request, whatever its channel: validated against the procedure's form (nothing is
 * stored on a bad submission), routed, given its reference and due date, written to the
 * history, and the citizen's acknowledgement (with an anonymous filer's follow-up link) and the
 * service's notification queued in the same transaction.
 */
export async function fileRequest(context: FilingContext, input: FilingInput): Promise<FiledRequest> {
  const { tx, tenant, actor } = context;
  const now = context.now ?? new Date();
  const procedure = await publishedProcedure(tx, input.procedure);
  const definition = procedure.definition;
  checkChannel(actor, input.channel);
  const form = formSchema.parse(definition.form) as FormDefinition;
  const submission = validateSubmission(form, input.values, { now });
  if (!submission.ok) throw new RequestError({ kind: 'invalid_submission', errors: submission.errors });

  const contactId = await resolveContact(tx, tenant.id, actor, input, definition.anonymousAllowed);
  const { calendar, sectors } = await readCommuneSettings({ tx });
  const location = locationOf(form, submission.data, sectors);
  const serviceId = await serviceFor(tx, procedure, submission.data, location.sector);
  const dueAt = addWorkingDays(now, definition.delayDays, calendar);
  const [created] = await tx
    .insert(requests)
    .values({
      tenantId: tenant.id,
      // Replaced below: the reference is allocated last (see allocateReference).
      reference: `en-cours-${crypto.randomUUID()}`,
      procedureId: procedure.id,
      // Read with the definition it was validated against, whatever an administrator does meanwhile.
      formVersion: procedure.formVersion,
      serviceId,
      priority: initialPriority(definition.priorityRules ?? [], submission.data),
      channel: input.channel,
      contactId,
      citizenAccountId: actor.kind === 'citizen' ? actor.accountId : null,
      data: submission.data,
      summary: summaryOf(form, submission.data, definition.title),
      latitude: location.latitude,
      longitude: location.longitude,
      address: location.address,
      sector: location.sector,
      filedAt: now,
      dueAt,
    })
    .returning({ id: requests.id });
  const requestId = created!.id;
  await attachFormFiles(tx, { requestId, uploader: uploaderOf(actor, context.uploadToken), form, data: submission.data });
  const eventId = await appendEvent(tx, {
    tenantId: tenant.id,
    requestId,
    kind: 'filed',
    public: true,
    actor,
    payload: { channel: input.channel, dueAt: dueAt.toISOString(), delayDays: definition.delayDays },
  });
  const notification = { tenantId: tenant.id, requestId, eventId };
  // An anonymous filer follows their request through a private link, sent with the acknowledgement.
  const anonymous = actor.kind === 'system' && !input.contactId && Boolean(input.contact?.email) && definition.anonymousAllowed;
  const followUpToken = anonymous ? await issueFollowUpToken(tx, { tenantId: tenant.id, requestId }) : undefined;
  await notifyCitizen(context.jobs, tx, followUpToken ? { ...notification, followUpToken } : notification);
  await notifyService(context.jobs, tx, notification);
  // The counter row stays locked until commit: taking it last keeps concurrent filings of the
  // commune waiting for a commit only, not for the whole filing.
  const reference = await allocateReference(tx, tenant, now);
  await tx.update(requests).set({ reference }).where(eq(requests.id, requestId));
  // The draft has become a request.
  const author = uploaderOf(actor, context.uploadToken);
  if (author && author.kind !== 'agent') await dropDraft(tx, author, procedure.id);
  return { id: requestId, reference, dueAt, serviceId };
}

async function publishedProcedure(tx: Transaction, slug: string): Promise<Procedure> {
  const [procedure] = await tx
    .select()
    .from(procedures)
    .where(and(eq(procedures.slug, slug), eq(procedures.published, true)));
  if (!procedure) throw new RequestError({ kind: 'not_found' });
  return procedure;
}

/** Citizens file through the portal; the other channels are agents' to record. */
function checkChannel(actor: Actor, channel: Channel): void {
  const portal = channel === 'portal';
  if (actor.kind === 'agent' && portal) {
    throw new RequestError({ kind: 'forbidden', message: 'Un agent enregistre une demande reçue par téléphone, au guichet, par courriel, courrier ou SMS.' });
  }
  if (actor.kind !== 'agent' && !portal && channel !== 'open311') {
    throw new RequestError({ kind: 'forbidden', message: 'Seuls les agents enregistrent les demandes reçues par un autre canal.' });
  }
}

async function resolveContact(
  tx: Transaction,
  tenantId: string,
  actor: Actor,
  input: FilingInput,
  anonymousAllowed: boolean,
): Promise<string> {
  if (actor.kind === 'citizen') return contactOfAccount(tx, tenantId, actor.accountId);
  if (input.contactId) {
    const [existing] = await tx.select({ id: contacts.id }).from(contacts).where(eq(contacts.id, input.contactId));
    if (!existing) throw new RequestError({ kind: 'not_found' });
    return existing.id;
  }
  const contact = input.contact ?? {};
  const reachable = contact.email || contact.phone || contact.address;
  // An Open311 client is vouched for by its API key; the GeoReport spec makes the e-mail optional.
  const vouched = input.channel === 'open311';
  if (actor.kind !== 'agent' && !vouched && !(anonymousAllowed && contact.email)) {
    throw new RequestError({
      kind: 'invalid_submission',
      errors: [{ field: 'contact/email', code: 'required', message: 'Connectez-vous, ou indiquez une adresse e-mail si cette démarche le permet.' }],
    });
  }
  if (actor.kind === 'agent' && !reachable && !contact.familyName) {
    throw new RequestError({
      kind: 'invalid_submission',
      errors: [{ field: 'contact', code: 'required', message: "Indiquez au moins le nom ou un moyen de recontacter l'usager." }],
    });
  }
  const [created] = await tx
    .insert(contacts)
    .values({ tenantId, ...contact })
    .returning({ id: contacts.id });
  return created!.id;
}

/** A citizen has one contact record per commune, created on their first request there. */
async function contactOfAccount(tx: Transaction, tenantId: string, accountId: string): Promise<string> {
  const [existing] = await tx.select({ id: contacts.id }).from(contacts).where(eq(contacts.citizenAccountId, accountId));
  if (existing) return existing.id;
  const [created] = await tx.insert(contacts).values({ tenantId, citizenAccountId: accountId }).returning({ id: contacts.id });
  return created!.id;
}

async function serviceFor(tx: Transaction, procedure: Procedure, values: Record<string, unknown>, sector: string | null): Promise<string> {
  const [own] = await tx.select({ slug: services.slug }).from(services).where(eq(services.id, procedure.serviceId));
  const slug = routeRequest({ routing: procedure.definition.routing, service: own!.slug }, values, sector);
  if (slug === own!.slug) return procedure.serviceId;
  const [routed] = await tx.select({ id: services.id }).from(services).where(eq(services.slug, slug));
  return routed?.id ?? procedure.serviceId;
}

type Location = { latitude: number | null; longitude: number | null; address: string | null; sector: string | null };

/** The first address answered places the request on the map, and in a sector of the commune. */
function locationOf(form: FormDefinition, values: Record<string, unknown>, sectors: readonly Sector[]): Location {
  for (const field of form.fields) {
    if (field.kind !== 'address') continue;
    const value = values[field.key] as Address | undefined;
    if (!value) continue;
    const located = value.lat !== undefined && value.lon !== undefined;
    return {
      latitude: value.lat ?? null,
      longitude: value.lon ?? null,
      address: value.label,
      sector: located ? sectorOf(value.lat!, value.lon!, sectors) : null,
    };
  }
  return { latitude: null, longitude: null, address: null, sector: null };
}

/** A line for inboxes: the first free text the citizen wrote, else the procedure's title. */
function summaryOf(form: FormDefinition, values: Record<string, unknown>, title: string): string {
  for (const field of form.fields) {
    if ((field.kind === 'text' || field.kind === 'textarea') && typeof values[field.key] === 'string') {
      const text = (values[field.key] as string).replace(/\s+/g, ' ').trim();
      if (text) return `${title} — ${text.length > 140 ? `${text.slice(0, 139)}…` : text}`;
    }
  }
  return title;
}

