import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { z } from 'zod';
import { communeSettings, contacts, procedures, requests, services, channels, type Channel, type Transaction } from '@guichet/db';
import { addWorkingDays } from '@guichet/deadlines';
import { formSchema, validateSubmission, type Address, type FormDefinition } from '@guichet/forms';
import { communeSettingsFrom, initialPriority, routeRequest, sectorOf, type Sector } from '@guichet/catalogue';
import type { Actor } from '@guichet/db';
import { dropDraft, hasDraftOf, type DraftAuthor } from './drafts.ts';
import { RequestError } from './errors.ts';
import { attachFormFiles } from './attachments/attach-files.ts';
import { uploaderOf, type Uploader } from './attachments/uploader.ts';
import { issueFollowUpToken } from './follow-up/follow-up-tokens.ts';
import { appendEvent } from './history.ts';
import { notifyCitizen, notifyService } from './notifications.ts';
import { referenceOf } from './reference.ts';

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
  const author = draftAuthorOf(uploaderOf(actor, context.uploadToken));
  const { procedure, settings, accountContact, hasDraft } = await filingContext(tx, input.procedure, actor.kind === 'citizen' ? actor.accountId : null, author);
  const { calendar, sectors } = communeSettingsFrom(settings);
  const definition = procedure.definition;
  checkChannel(actor, input.channel);
  const form = formSchema.parse(definition.form) as FormDefinition;
  const submission = validateSubmission(form, input.values, { now });
  if (!submission.ok) throw new RequestError({ kind: 'invalid_submission', errors: submission.errors });

  const contactId = accountContact ?? (await resolveContact(tx, tenant.id, actor, input, definition.anonymousAllowed));
  const location = locationOf(form, submission.data, sectors);
  const routed = routeRequest({ routing: definition.routing, service: procedure.serviceSlug }, submission.data, location.sector);
  const dueAt = addWorkingDays(now, definition.delayDays, calendar);
  const requestId = crypto.randomUUID();
  // The request and its first history line, sent together. The line may still reach Postgres
  // first (a statement not yet prepared on the connection waits for its description): its
  // reference to the request is checked at commit (a deferred foreign key, migration 0028).
  const filed = tx
    .insert(requests)
    .values({
      tenantId: tenant.id,
      id: requestId,
      reference: referenceOf(tenant, now),
      procedureId: procedure.id,
      // Read with the definition it was validated against, whatever an administrator does meanwhile.
      formVersion: procedure.formVersion,
      serviceId: routed === procedure.serviceSlug ? procedure.serviceId : serviceNamed(routed, procedure.serviceId),
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
    .returning({ reference: requests.reference, serviceId: requests.serviceId });
  const [[created], eventId] = await Promise.all([
    filed,
    appendEvent(tx, {
      tenantId: tenant.id,
      requestId,
      kind: 'filed',
      public: true,
      actor,
      payload: { channel: input.channel, dueAt: dueAt.toISOString(), delayDays: definition.delayDays },
    }),
  ]);
  await attachFormFiles(tx, { requestId, uploader: uploaderOf(actor, context.uploadToken), form, data: submission.data });
  const notification = { tenantId: tenant.id, requestId, eventId };
  // An anonymous filer follows their request through a private link, sent with the acknowledgement.
  const anonymous = actor.kind === 'system' && !input.contactId && Boolean(input.contact?.email) && definition.anonymousAllowed;
  const followUpToken = anonymous ? await issueFollowUpToken(tx, { tenantId: tenant.id, requestId }) : undefined;
  // The notifications, and the removal of the draft that has become this request, sent together.
  await Promise.all([
    notifyCitizen(context.jobs, tx, followUpToken ? { ...notification, followUpToken } : notification),
    notifyService(context.jobs, tx, notification),
    author && hasDraft ? dropDraft(tx, author, procedure.id) : undefined,
  ]);
  return { id: requestId, reference: created!.reference, dueAt, serviceId: created!.serviceId };
}

/**
 * What a filing reads, in one statement: the published procedure with the slug of its own service
 * (routing rules name services by slug), the commune's calendar and sectors, and the signed-in
 * citizen's contact in the commune if they filed there before.
 */
async function filingContext(tx: Transaction, slug: string, accountId: string | null, author: DraftAuthor | null) {
  const [found] = await tx
    .select({
      procedure: procedures,
      serviceSlug: services.slug,
      settings: sql<{ calendar: unknown; sectors: Sector[] } | null>`(select json_build_object('calendar', ${communeSettings.calendar}, 'sectors', ${communeSettings.sectors}) from ${communeSettings})`,
      // One contact per account and commune, but first filings made at the same moment may each have made one.
      accountContact: sql<string | null>`(select ${contacts.id} from ${contacts} where ${contacts.citizenAccountId} = ${accountId} limit 1)`,
      hasDraft: hasDraftOf(author),
    })
    .from(procedures)
    .innerJoin(services, and(eq(services.tenantId, procedures.tenantId), eq(services.id, procedures.serviceId)))
    .where(and(eq(procedures.slug, slug), eq(procedures.published, true)));
  if (!found) throw new RequestError({ kind: 'not_found' });
  return { procedure: { ...found.procedure, serviceSlug: found.serviceSlug }, settings: found.settings, accountContact: found.accountContact, hasDraft: found.hasDraft };
}

/** Who may have left a draft of this filing: a citizen or a browser, never an agent. */
function draftAuthorOf(uploader: Uploader | null): DraftAuthor | null {
  return uploader && uploader.kind !== 'agent' ? uploader : null;
}

/** The service a routing rule names, read within the insert itself; the procedure's own if it is gone. */
function serviceNamed(slug: string, fallback: string): SQL<string> {
  return sql`coalesce((select ${services.id} from ${services} where ${services.slug} = ${slug}), ${fallback}::uuid)`;
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
  if (actor.kind === 'citizen') return createAccountContact(tx, tenantId, actor.accountId);
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
async function createAccountContact(tx: Transaction, tenantId: string, accountId: string): Promise<string> {
  const [created] = await tx.insert(contacts).values({ tenantId, citizenAccountId: accountId }).returning({ id: contacts.id });
  return created!.id;
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

