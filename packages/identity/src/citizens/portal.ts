import type { Database, Transaction } from '@guichet/db';
import type { CommuneBrand, OutgoingMail } from '@guichet/mail';

/** Queues a mail through `tx`: it leaves only if the transaction commits (pg-boss job). */
export type QueueMail = (tx: Transaction, mail: OutgoingMail) => Promise<unknown>;

/**
 * The commune portal a citizen is using: its tenant (whose host the session belongs to), its
 * EPCI (which owns the account), the public origin that links in mail point back to, and the
 * brand those mails wear.
 */
export type CitizenPortal = {
  epciId: string;
  tenantId: string;
  /** e.g. `https://libercourt.example.fr`, without a trailing slash. */
  origin: string;
  brand: CommuneBrand;
  queueMail: QueueMail;
};

/**
 * The context of a citizen verb that runs its own transactions: the database, the portal it is
 * asked through, and the caller's IP address (attempt counters, audit).
 */
export type PortalContext = { db: Database; portal: CitizenPortal; ip: string };
