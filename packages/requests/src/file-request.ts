import type { PgBoss } from 'pg-boss';
import { z } from 'zod';
import { columnRows, contacts, procedures, requests, channels, statementIn, type Channel, type Transaction } from '@guichet/db';
import { addWorkingDays } from '@guichet/deadlines';
import { formSchema, validateSubmission, type Address, type FormDefinition, type SubmissionData } from '@guichet/forms';
import { communeSettingsFrom, initialPriority, routeRequest, sectorOf, type Sector } from '@guichet/catalogue';
import type { Actor } from '@guichet/db';
import { dropDrafts, type DraftAuthor } from './drafts.ts';
import { RequestError } from './errors.ts';
import { attachFormFiles } from './attachments/attach-files.ts';
import { uploaderOf, type Uploader } from './attachments/uploader.ts';
import { keepFollowUpToken, newFollowUpToken } from './follow-up/follow-up-tokens.ts';
import { appendEvents } from './history.ts';
import { claimKeys, keepAnswers, releaseKeys, type IdempotencyClaim } from './idempotency.ts';
import { notifyFiled } from './notifications.ts';
import { referenceNumbering } from './reference.ts';

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
  now?: Date;
};

/** One filing: who files, what, and the `Idempotency-Key` claim it comes with, if any. */
export type Filing = {
  actor: Actor;
  /** An anonymous filer's upload token: it lets the filing attach that browser's uploads. */
  uploadToken?: string | undefined;
  input: FilingInput;
  claim?: IdempotencyClaim & { key: string };
};

export type FiledRequest = { id: string; reference: string; dueAt: string };

/** What became of one filing of a batch: filed, replayed for its key, or refused. */
export type FilingOutcome = { filed: FiledRequest; replayed: boolean } | { refused: unknown };

/**
 * Records one request, whatever its channel, in the caller's transaction (see `fileRequests`).
 * Throws what refused it.
 */
export async function fileRequest(context: FilingContext & { actor: Actor; uploadToken?: string | undefined }, input: FilingInput): Promise<FiledRequest> {
  const [outcome] = await fileRequests(context, [{ actor: context.actor, uploadToken: context.uploadToken, input }]);
  if ('refused' in outcome!) throw outcome.refused;
  return outcome!.filed;
}

/**
 * Records requests of one commune in the caller's transaction: each validated against its
 * procedure's form (nothing is stored on a bad submission), routed, given its reference and due
 * date, written to the history, and the citizen's acknowledgement (with an anonymous filer's
 * follow-up link) and the service's notification queued in the same transaction, in one job. Each statement
 * serves every filing at once: filings that arrive together cost the database about as much as
 * one. A filing refused before anything is written is answered as refused and leaves the others
 * alone; a failure once writing has begun (a file that is not the filer's, a broken constraint)
 * throws, and the transaction is to be rolled back. No two filings may claim the same key.
 */
export async function fileRequests(context: FilingContext, filings: readonly Filing[]): Promise<FilingOutcome[]> {
  const { tx, tenant } = context;
  const now = context.now ?? new Date();
  const claims = filings.flatMap((filing) => (filing.claim ? [filing.claim] : []));
  const [{ eventIds, references, ...known }, keyStates] = await Promise.all([readFilingContext(tx, tenant, now, filings), claimKeys(tx, claims)]);
  const stateOf = new Map(claims.map((claim, index) => [claim, keyStates[index]!]));
  const outcomes: FilingOutcome[] = [];
  const accepted: Accepted[] = [];
  const released: IdempotencyClaim[] = [];
  for (const filing of filings) {
    const state = filing.claim && stateOf.get(filing.claim);
    if (state instanceof RequestError) outcomes.push({ refused: state });
    else if (state?.kind === 'replay') outcomes.push({ filed: state.answer as FiledRequest, replayed: true });
    else {
      try {
        const drawn = { eventId: eventIds[accepted.length]!, reference: references[accepted.length]! };
        const prepared = prepareFiling({ tenant, now, at: context.now, known, ...drawn }, filing);
        accepted.push(prepared);
        outcomes.push({ filed: prepared.answer, replayed: false });
      } catch (error) {
        if (!(error instanceof RequestError)) throw error;
        outcomes.push({ refused: error });
        if (filing.claim) released.push(filing.claim);
      }
    }
  }
  await writeFilings(context, accepted, released);
  return outcomes;
}

/** A filing validated and ready to write. */
type Accepted = {
  filing: Filing;
  request: typeof requests.$inferInsert & { id: string };
  data: SubmissionData;
  newContact: (typeof contacts.$inferInsert & { id: string }) | null;
  event: Omit<Parameters<typeof appendEvents>[1][number], 'requestId'> & { id: number };
  form: FormDefinition;
  procedureId: string;
  anonymous: boolean;
  answer: FiledRequest;
};

type KnownContext = Omit<Awaited<ReturnType<typeof readFilingContext>>, 'eventIds' | 'references'>;

/** A published procedure as filings read it, with the slug of its own service (routing rules name services by slug). */
type FilingProcedure = Pick<typeof procedures.$inferSelect, 'id' | 'slug' | 'formVersion' | 'serviceId' | 'definition'> & { serviceSlug: string };

type FilingContextRow = {
  procedures: FilingProcedure[];
  services: Record<string, string>;
  settings: { calendar: unknown; sectors: Sector[] } | null;
  account_contacts: Record<string, string>;
  named_contacts: string[];
  event_ids: string[];
  references: string[];
};

/**
 * What filings read, in one statement: their published procedures, the commune's services (a few
 * dozen at most), its calendar and sectors, the contacts of signed-in citizens who filed in the
 * commune before, the contacts agents named; and what they draw: a reference each (see
 * `referenceNumbering`) and the id of their first history line, so that everything naming them is
 * written in the next round trip. One statement rather than seven: each costs Postgres and the
 * driver about as much as the few rows it brings.
 */
async function readFilingContext(tx: Transaction, tenant: { id: string; slug: string }, now: Date, filings: readonly Filing[]) {
  const slugs = [...new Set(filings.map((filing) => filing.input.procedure))];
  const accounts = [...new Set(filings.flatMap(({ actor }) => (actor.kind === 'citizen' ? [actor.accountId] : [])))];
  const named = [...new Set(filings.flatMap(({ input }) => (input.contactId ? [input.contactId] : [])))];
  const { year, prefix } = referenceNumbering(tenant, now);
  const [row] = await statementIn<FilingContextRow>(
    tx,
    `with commune as (select nullif(current_setting('app.tenant_id', true), '')::uuid as id)
     select
       coalesce((select json_agg(json_build_object('id', p.id, 'slug', p.slug, 'formVersion', p.form_version, 'serviceId', p.service_id,
                                                   'definition', p.definition, 'serviceSlug', s.slug))
                   from procedures p join services s on s.tenant_id = p.tenant_id and s.id = p.service_id
                  where p.tenant_id = (select id from commune) and p.slug = any($1::text[]) and p.published), '[]') as procedures,
       coalesce((select json_object_agg(slug, id) from services where tenant_id = (select id from commune)), '{}') as services,
       (select json_build_object('calendar', calendar, 'sectors', sectors) from commune_settings where tenant_id = (select id from commune)) as settings,
       coalesce((select json_object_agg(citizen_account_id, id) from contacts
                  where tenant_id = (select id from commune) and citizen_account_id = any($2::uuid[])), '{}') as account_contacts,
       coalesce((select json_agg(id) from contacts where tenant_id = (select id from commune) and id = any($3::uuid[])), '[]') as named_contacts,
       (select array_agg(nextval('request_events_id_seq')) from generate_series(1, $4::integer)) as event_ids,
       -- Six digits at least, more past a million (lpad alone would cut them).
       (select array_agg($5::text || lpad(n::text, greatest(6, length(n::text)), '0'))
          from (select next_request_number($6::uuid, $7::integer) as n from generate_series(1, $4::integer)) as drawn) as references`,
    [slugs, accounts, named, filings.length, prefix, tenant.id, year],
  );
  const { procedures: found, services, settings, account_contacts: accountContacts, named_contacts: namedContacts } = row!;
  return {
    procedures: new Map(found.map((procedure) => [procedure.slug, { ...procedure, form: formSchema.parse(procedure.definition.form) as FormDefinition }])),
    services: new Map(Object.entries(services)),
    ...communeSettingsFrom(settings),
    // One contact per account and commune, but first filings made at the same moment in two processes may each have made one.
    accountContacts: new Map(Object.entries(accountContacts)),
    namedContacts: new Set(namedContacts),
    eventIds: row!.event_ids.map(Number),
    references: row!.references,
  };
}

/** Validates, routes and dates one filing; throws a `RequestError` for what refuses it. */
function prepareFiling(
  context: { tenant: { id: string; slug: string }; now: Date; at: Date | undefined; known: KnownContext; eventId: number; reference: string },
  filing: Filing,
): Accepted {
  const { tenant, now, known } = context;
  const { actor, input } = filing;
  const procedure = known.procedures.get(input.procedure);
  if (!procedure) throw new RequestError({ kind: 'not_found' });
  const definition = procedure.definition;
  checkChannel(actor, input.channel);
  const { form } = procedure;
  const submission = validateSubmission(form, input.values, { now });
  if (!submission.ok) throw new RequestError({ kind: 'invalid_submission', errors: submission.errors });

  const contact = contactOf(known, tenant.id, filing, definition.anonymousAllowed);
  const location = locationOf(form, submission.data, known.sectors);
  const routed = routeRequest({ routing: definition.routing, service: procedure.serviceSlug }, submission.data, location.sector);
  const dueAt = addWorkingDays(now, definition.delayDays, known.calendar);
  const requestId = crypto.randomUUID();
  // A citizen's second filing of the batch uses the contact their first makes.
  if (contact.newContact && actor.kind === 'citizen') known.accountContacts.set(actor.accountId, contact.id);
  return {
    filing,
    request: {
      tenantId: tenant.id,
      id: requestId,
      reference: context.reference,
      procedureId: procedure.id,
      // Read with the definition it was validated against, whatever an administrator does meanwhile.
      formVersion: procedure.formVersion,
      // A rule naming a service the commune no longer has leaves the request with the procedure's.
      serviceId: known.services.get(routed) ?? procedure.serviceId,
      priority: initialPriority(definition.priorityRules ?? [], submission.data),
      channel: input.channel,
      contactId: contact.id,
      citizenAccountId: actor.kind === 'citizen' ? actor.accountId : null,
      data: submission.data,
      summary: summaryOf(form, submission.data, definition.title),
      latitude: location.latitude,
      longitude: location.longitude,
      address: location.address,
      sector: location.sector,
      filedAt: now,
      dueAt,
    },
    data: submission.data,
    newContact: contact.newContact,
    event: {
      id: context.eventId,
      tenantId: tenant.id,
      // The time given to the filing (a test's), else the transaction's, as its other lines.
      ...(context.at ? { at: context.at } : {}),
      kind: 'filed',
      public: true,
      actor,
      payload: { channel: input.channel, dueAt: dueAt.toISOString(), delayDays: definition.delayDays },
    },
    form,
    procedureId: procedure.id,
    // An anonymous filer follows their request through a private link, sent with the acknowledgement.
    anonymous: actor.kind === 'system' && !input.contactId && Boolean(input.contact?.email) && definition.anonymousAllowed,
    answer: { id: requestId, reference: context.reference, dueAt: dueAt.toISOString() },
  };
}

/**
 * Writes the accepted filings, a statement per table for all of them, in one round trip: the
 * requests with their first history line (whose id was drawn beforehand, so the notifications
 * naming it leave with it, and whose reference to the request is checked at commit, a deferred
 * foreign key, migration 0028: postgres.js may run a statement not yet prepared after the next
 * one), their notifications, the drafts they came from and the keys' answers. New contacts go
 * before, files and follow-up links after: their references to requests are checked at once.
 */
async function writeFilings(context: FilingContext, accepted: readonly Accepted[], released: readonly IdempotencyClaim[]): Promise<void> {
  const { tx, tenant } = context;
  const releasedKeys = released.map((claim) => ({ ...claim, key: claim.key! }));
  if (accepted.length === 0) return releaseKeys(tx, releasedKeys);
  const newContacts = accepted.flatMap(({ newContact }) => (newContact ? [newContact] : []));
  if (newContacts.length > 0) await tx.insert(contacts).values(newContacts);
  const followUpTokens = accepted.map(({ anonymous }) => (anonymous ? newFollowUpToken() : undefined));
  const notifications = accepted.map(({ request, event }) => ({ tenantId: tenant.id, requestId: request.id, eventId: event.id }));
  await Promise.all([
    insertRequests(tx, accepted.map(({ request }) => request)),
    appendEvents(tx, accepted.map(({ request, event }) => ({ ...event, requestId: request.id }))),
    notifyFiled(
      context.jobs,
      tx,
      notifications.map((notification, index) => (followUpTokens[index] ? { ...notification, followUpToken: followUpTokens[index] } : notification)),
    ),
    dropDrafts(
      tx,
      accepted.flatMap(({ filing, procedureId }) => {
        const author = draftAuthorOf(uploaderOf(filing.actor, filing.uploadToken));
        return author ? [{ author, procedureId }] : [];
      }),
    ),
    keepAnswers(tx, accepted.flatMap(({ filing, answer }) => (filing.claim ? [{ name: filing.claim, answer }] : []))),
    releaseKeys(tx, releasedKeys),
  ]);
  await Promise.all(
    accepted.map(async ({ filing, request, form, data }, index) => {
      await attachFormFiles(tx, { requestId: request.id, uploader: uploaderOf(filing.actor, filing.uploadToken), form, data });
      const token = followUpTokens[index];
      if (token) await keepFollowUpToken(tx, { tenantId: tenant.id, requestId: request.id, token });
    }),
  );
}

/** Inserts the requests in one statement; the JSON names each column the statement copies (`columnRows`). */
async function insertRequests(tx: Transaction, rows: Accepted['request'][]): Promise<void> {
  await statementIn(
    tx,
    `insert into requests (tenant_id, id, reference, procedure_id, form_version, service_id, priority, channel, contact_id, citizen_account_id,
                           data, summary, latitude, longitude, address, sector, filed_at, due_at)
     select tenant_id, id, reference, procedure_id, form_version, service_id, priority, channel, contact_id, citizen_account_id,
            data, summary, latitude, longitude, address, sector, filed_at, due_at
       from json_populate_recordset(null::requests, $1::json)`,
    [columnRows(rows)],
  );
}

/** Who may have left a draft of this filing: a citizen or a browser, never an agent. */
function draftAuthorOf(uploader: Uploader | null): DraftAuthor | null {
  return uploader && uploader.kind !== 'agent' ? uploader : null;
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

/** The filing's contact: the citizen's in the commune, the one the agent named, or a new one. */
function contactOf(known: KnownContext, tenantId: string, filing: Filing, anonymousAllowed: boolean): { id: string; newContact: Accepted['newContact'] } {
  const { actor, input } = filing;
  if (actor.kind === 'citizen') {
    const existing = known.accountContacts.get(actor.accountId);
    if (existing) return { id: existing, newContact: null };
    const id = crypto.randomUUID();
    return { id, newContact: { tenantId, id, citizenAccountId: actor.accountId } };
  }
  if (input.contactId) {
    if (!known.namedContacts.has(input.contactId)) throw new RequestError({ kind: 'not_found' });
    return { id: input.contactId, newContact: null };
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
  const id = crypto.randomUUID();
  return { id, newContact: { tenantId, id, ...contact } };
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

