import { and, eq, sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import {
  citizenAccounts,
  contacts,
  procedures,
  requestEvents,
  requests,
  tenants,
  withTenant,
  type Database,
  type RequestEvent,
  type Tenant,
  type Transaction,
} from '@guichet/db';
import { ensureQueue, WORK_OPTIONS } from '@guichet/jobs';
import { communeBrand, renderEmail, type Mailer, type RenderedEmail } from '@guichet/mail';
import { appendEvent, issueFollowUpToken, NOTIFY_CITIZEN, type RequestNotification } from '@guichet/requests';
import type { SmsSender } from '@guichet/sms';
import { publicLabel, type StatusKey } from '@guichet/workflow';
import { deliverEach, deliverOnce, type Delivery } from './delivery.ts';

export type NotifierDependencies = { boss: PgBoss; db: Database; mailer: Mailer; sms: SmsSender; portalUrl: (slug: string) => string };

type Recipient = { email: string | null; phone: string | null; bySms: boolean; byEmail: boolean };

/**
 * Tells the citizen what happened to their request, by e-mail (and SMS where they opted in).
 * Each channel is a delivery of its own (see `deliverOnce`): a retry after the e-mail was
 * accepted and the SMS failed sends the SMS only. Each step commits on its own, in the commune's
 * scope, rather than the whole job in one transaction.
 */
export async function workNotifyCitizen(deps: NotifierDependencies): Promise<void> {
  await ensureQueue(deps.boss, NOTIFY_CITIZEN);
  await deps.boss.work<RequestNotification>(NOTIFY_CITIZEN, WORK_OPTIONS, async (jobs) => {
    for (const job of jobs) await notifyCitizen(deps, job.data);
  });
}

async function notifyCitizen(deps: NotifierDependencies, notification: RequestNotification): Promise<void> {
  const { tenantId, requestId, eventId } = notification;
  const inCommune = <T>(work: (tx: Transaction) => Promise<T>) => withTenant(deps.db, tenantId, work);
  const planned = await inCommune(async (tx) => {
    const context = await loadContext(tx, requestId, eventId);
    return context && { context, recipient: await recipientOf(tx, context.request) };
  });
  if (!planned) return;
  const { context, recipient } = planned;
  const email: Delivery = { messageId: `<demande-${eventId}.${tenantId}@guichet.localhost>`, channel: 'email' };
  const sms: Delivery = { messageId: `<demande-${eventId}.sms.${tenantId}@guichet.localhost>`, channel: 'sms' };
  const attempts: (() => Promise<unknown>)[] = [];
  if (recipient.email && recipient.byEmail) {
    const to = recipient.email;
    attempts.push(async () => {
      await deliverOnce(deps.db, email, async () => {
        // Issued only for a copy about to leave: a retry after the acceptance issues none.
        const followUpToken = notification.followUpToken ?? (await inCommune((tx) => followUpTokenFor(tx, context, recipient)));
        await deps.mailer.send({ to, ...messageFor(context, deps.portalUrl(context.tenant.slug), followUpToken), messageId: email.messageId });
      });
      await inCommune((tx) => recordNotified(tx, notification, 'email'));
    });
  }
  if (recipient.phone && recipient.bySms) {
    const to = recipient.phone;
    attempts.push(async () => {
      await deliverOnce(deps.db, sms, () => deps.sms.send({ to, text: smsFor(context), reference: sms.messageId }));
      await inCommune((tx) => recordNotified(tx, notification, 'sms'));
    });
  }
  // An e-mail refused keeps the SMS from nobody, and the other way round.
  await deliverEach(attempts);
}

/**
 * The history line saying the citizen was told on this channel: once per event and channel,
 * even when the job runs again.
 */
async function recordNotified(tx: Transaction, { tenantId, requestId, eventId }: RequestNotification, channel: Delivery['channel']): Promise<void> {
  const [recorded] = await tx
    .select({ id: requestEvents.id })
    .from(requestEvents)
    .where(
      and(
        eq(requestEvents.requestId, requestId),
        eq(requestEvents.kind, 'notified'),
        sql`${requestEvents.payload}->>'about' = ${String(eventId)}`,
        // Lines written before deliveries name their channels in a list.
        sql`(${requestEvents.payload}->>'channel' = ${channel} or ${requestEvents.payload}->'channels' ? ${channel})`,
      ),
    );
  if (recorded) return;
  await appendEvent(tx, { tenantId, requestId, kind: 'notified', public: false, actor: { kind: 'system' }, payload: { about: eventId, channel } });
}

type NotificationContext = {
  tenant: Tenant;
  request: typeof requests.$inferSelect;
  procedureTitle: string;
  event: RequestEvent;
};

async function loadContext(tx: Transaction, requestId: string, eventId: number): Promise<NotificationContext | undefined> {
  const [row] = await tx
    .select({ request: requests, tenant: tenants, procedure: procedures })
    .from(requests)
    .innerJoin(tenants, eq(tenants.id, requests.tenantId))
    .innerJoin(procedures, and(eq(procedures.tenantId, requests.tenantId), eq(procedures.id, requests.procedureId)))
    .where(eq(requests.id, requestId));
  const [event] = await tx.select().from(requestEvents).where(eq(requestEvents.id, eventId));
  if (!row || !event || row.request.anonymisedAt) return undefined;
  return { tenant: row.tenant, request: row.request, procedureTitle: row.procedure.definition.title, event };
}

/** The account's address and preferences when there is one, else the contact's. */
async function recipientOf(tx: Transaction, request: typeof requests.$inferSelect): Promise<Recipient> {
  if (request.citizenAccountId) {
    const [account] = await tx.select().from(citizenAccounts).where(eq(citizenAccounts.id, request.citizenAccountId));
    if (account) return { email: account.email, phone: account.phone, byEmail: account.notifyByEmail, bySms: account.notifyBySms };
  }
  if (!request.contactId) return { email: null, phone: null, byEmail: false, bySms: false };
  const [contact] = await tx.select().from(contacts).where(eq(contacts.id, request.contactId));
  return { email: contact?.email ?? null, phone: null, byEmail: true, bySms: false };
}

/**
 * Without an account, the citizen has no "Mes demandes": each later e-mail carries a new private
 * follow-up link of its own (the acknowledgement's token is not kept, only its hash).
 */
async function followUpTokenFor(tx: Transaction, context: NotificationContext, recipient: Recipient): Promise<string | undefined> {
  if (context.request.citizenAccountId || !recipient.email || !recipient.byEmail) return undefined;
  return issueFollowUpToken(tx, { tenantId: context.tenant.id, requestId: context.request.id });
}

const dateFormat = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: 'numeric', month: 'long', year: 'numeric' });

/** An anonymous filer's acknowledgement carries their private follow-up link instead of the account's page. */
function messageFor(context: NotificationContext, portalUrl: string, followUpToken: string | undefined): RenderedEmail {
  const { request, event, tenant } = context;
  const link = followUpToken ? `${portalUrl}/suivi/${followUpToken}` : `${portalUrl}/mes-demandes/${request.id}`;
  const brand = communeBrand(tenant, portalUrl);
  const follow = { kind: 'button' as const, label: 'Suivre ma demande', href: link };
  const payload = event.payload;
  if (event.kind === 'filed') {
    return renderEmail({
      commune: brand,
      subject: `Accusé d’enregistrement de votre demande ${request.reference}`,
      blocks: [
        { kind: 'paragraph', text: `Votre demande « ${context.procedureTitle} » a bien été enregistrée sous la référence ${request.reference}.` },
        { kind: 'paragraph', text: `La mairie s’engage à vous répondre d’ici le ${dateFormat.format(request.dueAt)} (délai annoncé : ${String(payload.delayDays)} jours ouvrés).` },
        follow,
        ...(followUpToken
          ? [{ kind: 'note' as const, text: 'Ce lien de suivi est personnel : ne le transmettez pas. Il vous permet aussi de répondre à la mairie.' }]
          : []),
        { kind: 'note', text: 'Rappelez cette référence dans vos échanges avec la mairie.' },
      ],
    });
  }
  if (event.kind === 'message') {
    return renderEmail({
      commune: brand,
      subject: `Nouveau message concernant votre demande ${request.reference}`,
      blocks: [{ kind: 'paragraph', text: String(payload.body) }, follow],
    });
  }
  if (event.kind === 'reminded') {
    const closing = typeof payload.closesOn === 'string' ? [{ kind: 'paragraph' as const, text: `Sans réponse d’ici le ${dateFormat.format(new Date(payload.closesOn))}, elle sera classée sans suite.` }] : [];
    return renderEmail({
      commune: brand,
      subject: `Rappel : la mairie attend votre réponse (demande ${request.reference})`,
      blocks: [{ kind: 'paragraph', text: `Pour traiter votre demande « ${context.procedureTitle} », la mairie attend votre réponse à sa question.` }, ...closing, follow],
    });
  }
  const label = publicLabel((payload.to as StatusKey | undefined) ?? request.status);
  const comment = typeof payload.comment === 'string' ? [{ kind: 'paragraph' as const, text: payload.comment }] : [];
  return renderEmail({
    commune: brand,
    subject: `Votre demande ${request.reference} : ${label}`,
    blocks: [{ kind: 'paragraph', text: `Votre demande « ${context.procedureTitle} » est désormais : ${label}.` }, ...comment, follow],
  });
}

function smsFor(context: NotificationContext): string {
  const { request, event } = context;
  if (event.kind === 'filed') return `${context.tenant.name} : demande ${request.reference} enregistrée. Suivi sur votre portail citoyen.`;
  if (event.kind === 'message') return `${context.tenant.name} : nouveau message sur votre demande ${request.reference}.`;
  if (event.kind === 'reminded') return `${context.tenant.name} : la mairie attend votre réponse sur votre demande ${request.reference}.`;
  return `${context.tenant.name} : votre demande ${request.reference} est désormais « ${publicLabel((event.payload.to as StatusKey | undefined) ?? request.status)} ».`;
}
